package dev.jlite.task.text;

import dev.jlite.task.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The tokenizer of metadata's {@code RegexTokenizerOptions}: the text is cut at every match of a
 * delimiter pattern (the pieces between matches are the tokens; the text is not lower-cased), and
 * tokens are looked up in a vocabulary of {@code token id} lines, which may hold the special tokens
 * {@code <PAD>}, {@code <START>} and {@code <UNKNOWN>}. Immutable and thread-safe.
 */
public final class RegexTokenizer implements WordTokenizer {
  /** The padding token. */
  public static final String PAD = "<PAD>";
  /** The token put first, if the vocabulary has it. */
  public static final String START = "<START>";
  /** The token of words not in the vocabulary. */
  public static final String UNKNOWN = "<UNKNOWN>";

  private final Pattern delimiter;
  private final Map<String, Integer> ids;

  private RegexTokenizer(Pattern delimiter, Map<String, Integer> ids) {
    this.delimiter = delimiter;
    this.ids = ids;
  }

  /**
   * A tokenizer splitting at a delimiter pattern, with a vocabulary of lines {@code "token id"}
   * (split at the first space; empty lines skipped; a later line for the same token wins, as in the
   * official loader).
   *
   * @throws IllegalArgumentException if the pattern is not a valid regular expression or a
   *     vocabulary line is not a token, a space and an integer
   */
  public static RegexTokenizer create(String delimiterPattern, String vocabText) {
    Objects.requireNonNull(delimiterPattern, "delimiterPattern");
    Objects.requireNonNull(vocabText, "vocabText");
    Pattern pattern;
    try {
      pattern = Pattern.compile(delimiterPattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid delimiter pattern '" + delimiterPattern + "': "
          + e.getDescription(), e);
    }
    Map<String, Integer> ids = new HashMap<>();
    String[] lines = vocabText.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r")
          ? lines[i].substring(0, lines[i].length() - 1)
          : lines[i];
      if (line.isEmpty()) {
        continue;
      }
      int space = line.indexOf(' ');
      int end = space < 0 ? -1 : line.indexOf(' ', space + 1);
      String number = space < 0 ? "" : line.substring(space + 1, end < 0 ? line.length() : end);
      try {
        ids.put(line.substring(0, Math.max(space, 0)), Integer.parseInt(number));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("vocabulary line " + (i + 1) + " '" + line
            + "' is not a token, a space and an integer id", e);
      }
    }
    return new RegexTokenizer(pattern, ids);
  }

  /** The delimiter pattern. */
  public String delimiterPattern() {
    return delimiter.pattern();
  }

  /**
   * The tokens of a text: the non-empty pieces between delimiter matches.
   *
   * @throws InvalidInputException if the pattern backtracks so much on this text that matching
   *     would take far longer than a linear scan (RE2, which TFLite uses, never backtracks; Java's
   *     engine can, so the characters it may read are bounded)
   */
  @Override
  public List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = delimiter.matcher(new BoundedChars(text, delimiter.pattern()));
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        tokens.add(text.substring(last, m.start()));
      }
      last = Math.max(last, m.end());
    }
    if (last < text.length()) {
      tokens.add(text.substring(last));
    }
    return tokens;
  }

  /** The id of a token, if the vocabulary has it. */
  @Override
  public OptionalInt id(String token) {
    Integer id = ids.get(token);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /** The id of a token, else {@code <UNKNOWN>}'s, else 0. */
  @Override
  public int idOrUnknown(String token) {
    Integer id = ids.get(token);
    return id != null ? id : id(UNKNOWN).orElse(0);
  }

  /**
   * The ids for an input of {@code length} tokens, as TFLite's NL classifier fills it: {@code
   * <START>} first if the vocabulary has it, then the tokens ({@code <UNKNOWN>}'s id, else 0, for
   * those not in the vocabulary) cut to the length, then {@code <PAD>}'s id (else 0).
   */
  public int[] encode(String text, int length) {
    int pad = id(PAD).orElse(0);
    int unknown = id(UNKNOWN).orElse(0);
    int[] out = new int[length];
    Arrays.fill(out, pad);
    int next = 0;
    OptionalInt start = id(START);
    if (start.isPresent() && length > 0) {
      out[next++] = start.getAsInt();
    }
    for (String token : tokenize(text)) {
      if (next >= length) {
        break;
      }
      out[next++] = id(token).orElse(unknown);
    }
    return out;
  }

  /** The text, refusing to be read more than a fixed number of times per character. */
  private static final class BoundedChars implements CharSequence {
    private static final long READS_PER_CHAR = 10_000;

    private final String text;
    private final String pattern;
    private final long[] budget;

    BoundedChars(String text, String pattern) {
      this(text, pattern, new long[] {READS_PER_CHAR * (text.length() + 100)});
    }

    private BoundedChars(String text, String pattern, long[] budget) {
      this.text = text;
      this.pattern = pattern;
      this.budget = budget;
    }

    @Override
    public char charAt(int index) {
      if (--budget[0] < 0) {
        throw new InvalidInputException("the delimiter pattern '" + pattern + "' backtracks too"
            + " much on this text of " + text.length() + " characters");
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new BoundedChars(text.substring(start, end), pattern, budget);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
