package dev.jlite.task.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * BERT's tokenizer: the basic tokenizer (clean control characters, split CJK ideographs and
 * punctuation into tokens of their own, optionally lower-case and strip accents) followed by
 * greedy longest-match-first WordPiece on a vocabulary, as BERT's {@code tokenization.py} does.
 * Words longer than 200 characters, and words that cannot be spelled with the vocabulary's pieces,
 * become {@code [UNK]}. Immutable and thread-safe.
 */
public final class BertTokenizer implements WordTokenizer {
  /** The token of words the vocabulary cannot spell. */
  public static final String UNKNOWN = "[UNK]";
  /** Longer words become {@link #UNKNOWN} without being split. */
  public static final int MAX_CHARS_PER_WORD = 200;

  private static final String SUFFIX = "##";

  private final List<String> vocab;
  private final Map<String, Integer> ids;
  private final boolean lowerCase;

  private BertTokenizer(List<String> vocab, boolean lowerCase) {
    this.vocab = List.copyOf(vocab);
    this.ids = new HashMap<>();
    for (int i = 0; i < this.vocab.size(); i++) {
      ids.putIfAbsent(this.vocab.get(i), i);
    }
    this.lowerCase = lowerCase;
  }

  /**
   * A tokenizer with the given vocabulary, one token per entry, ids in order.
   *
   * @param lowerCase whether to lower-case and strip accents (uncased models)
   * @throws IllegalArgumentException if the vocabulary is empty
   */
  public static BertTokenizer create(List<String> vocab, boolean lowerCase) {
    Objects.requireNonNull(vocab, "vocab");
    if (vocab.isEmpty()) {
      throw new IllegalArgumentException("the WordPiece vocabulary is empty");
    }
    return new BertTokenizer(vocab, lowerCase);
  }

  /**
   * A tokenizer with a vocabulary file in UTF-8, one token per line, line {@code i} (from 0) being
   * id {@code i}; empty lines are skipped, as the official loader does.
   *
   * @throws IllegalArgumentException if the vocabulary has no token
   */
  public static BertTokenizer fromVocabText(String text, boolean lowerCase) {
    List<String> vocab = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String token = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      if (!token.isEmpty()) {
        vocab.add(token);
      }
    }
    return create(vocab, lowerCase);
  }

  /**
   * A tokenizer reading a vocabulary file, as {@link #fromVocabText}.
   *
   * @throws IOException if the file cannot be read
   */
  public static BertTokenizer load(Path vocabFile, boolean lowerCase) throws IOException {
    return fromVocabText(Files.readString(vocabFile, StandardCharsets.UTF_8), lowerCase);
  }

  /** Whether this tokenizer lower-cases and strips accents. */
  public boolean lowerCase() {
    return lowerCase;
  }

  /** The number of tokens in the vocabulary. */
  public int vocabSize() {
    return vocab.size();
  }

  /** The id of a token, if the vocabulary has it. */
  @Override
  public OptionalInt id(String token) {
    Integer id = ids.get(token);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /** The token of an id. */
  public String token(int id) {
    if (id < 0 || id >= vocab.size()) {
      throw new IndexOutOfBoundsException("token id " + id + " is outside the vocabulary of "
          + vocab.size() + " tokens");
    }
    return vocab.get(id);
  }

  /** The WordPiece tokens of a text. */
  @Override
  public List<String> tokenize(String text) {
    List<String> pieces = new ArrayList<>();
    for (String word : basicTokens(text)) {
      wordPieces(word, pieces);
    }
    return pieces;
  }

  /**
   * The ids of a text's WordPiece tokens ({@link #UNKNOWN}'s id for unknown words, 0 if the
   * vocabulary lacks it).
   */
  public int[] encode(String text) {
    List<String> tokens = tokenize(text);
    int[] out = new int[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = idOrUnknown(tokens.get(i));
    }
    return out;
  }

  @Override
  public int idOrUnknown(String token) {
    Integer id = ids.get(token);
    return id != null ? id : ids.getOrDefault(UNKNOWN, 0);
  }

  /**
   * The words of BERT's basic tokenizer: whitespace-separated, with every CJK ideograph and
   * punctuation character a word of its own; lower-cased and accent-free if so configured.
   */
  List<String> basicTokens(String text) {
    StringBuilder cleaned = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c == 0 || c == 0xFFFD || isControl(c)) {
        return;
      }
      if (isWhitespace(c)) {
        cleaned.append(' ');
      } else if (isCjk(c)) {
        cleaned.append(' ').appendCodePoint(c).append(' ');
      } else {
        cleaned.appendCodePoint(c);
      }
    });
    List<String> out = new ArrayList<>();
    for (String token : cleaned.toString().trim().split(" +")) {
      if (token.isEmpty()) {
        continue;
      }
      String t = token;
      if (lowerCase) {
        t = stripAccents(t.toLowerCase(Locale.ROOT));
      }
      splitOnPunctuation(t, out);
    }
    return out;
  }

  private static String stripAccents(String s) {
    String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    decomposed.codePoints()
        .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  private static void splitOnPunctuation(String token, List<String> out) {
    StringBuilder current = new StringBuilder();
    token.codePoints().forEach(c -> {
      if (isPunctuation(c)) {
        if (current.length() > 0) {
          out.add(current.toString());
          current.setLength(0);
        }
        out.add(new String(Character.toChars(c)));
      } else {
        current.appendCodePoint(c);
      }
    });
    if (current.length() > 0) {
      out.add(current.toString());
    }
  }

  private void wordPieces(String word, List<String> out) {
    int[] chars = word.codePoints().toArray();
    if (chars.length > MAX_CHARS_PER_WORD) {
      out.add(UNKNOWN);
      return;
    }
    List<String> pieces = new ArrayList<>();
    int start = 0;
    while (start < chars.length) {
      String found = null;
      int end = chars.length;
      while (start < end) {
        String piece = new String(chars, start, end - start);
        if (start > 0) {
          piece = SUFFIX + piece;
        }
        if (ids.containsKey(piece)) {
          found = piece;
          break;
        }
        end--;
      }
      if (found == null) {
        out.add(UNKNOWN);
        return;
      }
      pieces.add(found);
      start = end;
    }
    out.addAll(pieces);
  }

  /** Tab, newline and carriage return count as whitespace, not control, as in BERT. */
  static boolean isWhitespace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r'
        || Character.getType(c) == Character.SPACE_SEPARATOR;
  }

  /** Unicode categories Cc, Cf, Cn, Co and Cs, except the whitespace control characters. */
  static boolean isControl(int c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT
        || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
        || type == Character.SURROGATE;
  }

  /** ASCII non-alphanumeric symbols (such as $ and ^) count as punctuation, as in BERT. */
  static boolean isPunctuation(int c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96)
        || (c >= 123 && c <= 126)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
        || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
        || type == Character.INITIAL_QUOTE_PUNCTUATION
        || type == Character.FINAL_QUOTE_PUNCTUATION || type == Character.OTHER_PUNCTUATION;
  }

  /** The CJK Unified Ideographs blocks BERT splits on (not Hangul, Hiragana or Katakana). */
  static boolean isCjk(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F)
        || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
  }
}
