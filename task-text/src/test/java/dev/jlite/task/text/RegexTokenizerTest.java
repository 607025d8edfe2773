package dev.jlite.task.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.task.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class RegexTokenizerTest {
  private static final String PATTERN = "[^\\w\\']+";
  private static final String VOCAB = "<PAD> 0\n<START> 1\n<UNKNOWN> 2\nthe 4\nmovie 7\nI've 9\n";

  @Test
  void cutsAtDelimitersWithoutChangingCase() {
    RegexTokenizer tokenizer = RegexTokenizer.create(PATTERN, VOCAB);
    assertThat(tokenizer.tokenize("  The movie, I've seen\u2019it!! "))
        .containsExactly("The", "movie", "I've", "seen", "it");
  }

  @Test
  void encodesStartTokensUnknownsAndPadding() {
    RegexTokenizer tokenizer = RegexTokenizer.create(PATTERN, VOCAB);
    // <START>, the, movie, The -> <UNKNOWN>, I've, then <PAD>.
    assertThat(tokenizer.encode("the movie The I've", 7)).containsExactly(1, 4, 7, 2, 9, 0, 0);
    assertThat(tokenizer.encode("the movie the movie", 3)).containsExactly(1, 4, 7);
    assertThat(tokenizer.encode("", 3)).containsExactly(1, 0, 0);
  }

  @Test
  void withoutSpecialTokensIdsDefaultToZeroAndNoStartIsWritten() {
    RegexTokenizer tokenizer = RegexTokenizer.create("\\s+", "a 5\nb 6\n");
    assertThat(tokenizer.encode("b x a", 4)).containsExactly(6, 0, 5, 0);
  }

  @Test
  void aPatternThatMatchesEmptyTextStillEnds() {
    RegexTokenizer tokenizer = RegexTokenizer.create("x*", "");
    assertThat(tokenizer.tokenize("abxxc")).containsExactly("a", "b", "c");
  }

  @Test
  void catastrophicBacktrackingIsStoppedWithAnError() {
    // A back-reference defeats Java's loop memoization: unguarded, 40 "a" would take years.
    RegexTokenizer tokenizer = RegexTokenizer.create("(a+)+\\1b", VOCAB);
    assertThatThrownBy(() -> tokenizer.tokenize("a".repeat(40) + "!"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'(a+)+\\1b' backtracks too much on this text of 41 characters");
    assertThat(tokenizer.tokenize("xaab y")).containsExactly("x", " y");
  }

  @Test
  void badPatternsAndVocabulariesAreNamed() {
    assertThatThrownBy(() -> RegexTokenizer.create("[a", VOCAB))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'[a'");
    assertThatThrownBy(() -> RegexTokenizer.create(PATTERN, "<PAD> 0\nword\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vocabulary line 2 'word'");
    assertThatThrownBy(() -> RegexTokenizer.create(PATTERN, "word x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vocabulary line 1");
  }
}
