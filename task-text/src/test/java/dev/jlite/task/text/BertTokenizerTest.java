package dev.jlite.task.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WordPiece on MobileBERT's uncased vocabulary. Expected ids are line numbers minus one in
 * testdata/text/mobilebert_vocab.txt, found by hand for the pieces BERT's algorithm must choose.
 */
class BertTokenizerTest {
  static final Path VOCAB = TextTestData.path("text/mobilebert_vocab.txt");
  private static BertTokenizer tokenizer;

  @BeforeAll
  static void load() throws IOException {
    tokenizer = BertTokenizer.load(VOCAB, true);
  }

  @Test
  void lowerCasesStripsAccentsAndSplitsPunctuation() {
    // "héllo" -> "hello" (7592), "," (1010), "world" (2088), "!" (999), "naïve" -> "naive"
    // (15743), "CAFÉ" -> "cafe" (7668), "$" (1002) "12" (2260) "." (1012) "5" (1019),
    // "it" (2009) "'" (1005) "s" (1055).
    assertThat(tokenizer.encode("Héllo, World! naïve CAFÉ $12.5 it's"))
        .containsExactly(7592, 1010, 2088, 999, 15743, 7668, 1002, 2260, 1012, 1019, 2009, 1005,
            1055);
    assertThat(tokenizer.tokenize("Héllo, World!")).containsExactly("hello", ",", "world", "!");
  }

  @Test
  void splitsCjkIdeographsAndMarksUnknownOnes() {
    // "a" (1037), 中 (1746), 你 is not in the vocabulary: [UNK] (100), "b" (1038).
    assertThat(tokenizer.encode("a中你b")).containsExactly(1037, 1746, 100, 1038);
  }

  @Test
  void splitsWordsGreedilyLongestPieceFirst() {
    // No prefix of "unaffable" longer than "una" (14477) is a token; then "##ffa" (20961),
    // then "##ble" (3468). "xyzzyq": "x" (1060), "##y" (2100), "##zzy" (28753), "##q" (4160).
    assertThat(tokenizer.tokenize("unaffable xyzzyq"))
        .containsExactly("una", "##ffa", "##ble", "x", "##y", "##zzy", "##q");
    assertThat(tokenizer.encode("unaffable xyzzyq"))
        .containsExactly(14477, 20961, 3468, 1060, 2100, 28753, 4160);
  }

  @Test
  void aWordThatCannotBeSpelledIsOneUnknownToken() {
    // "ab" (11113) is a token but "##☃" is not, so the whole word is [UNK].
    assertThat(tokenizer.tokenize("ab☃ ab")).containsExactly("[UNK]", "ab");
  }

  @Test
  void dropsControlCharactersAndSplitsOnAnyWhitespace() {
    // "jl\u0000ite" -> "jlite" -> "j" (1046) "##lite" (22779); tab, newline and no-break space
    // separate words.
    assertThat(tokenizer.encode("jl\u0000ite\ta\nab\u00A0a\u200B"))
        .containsExactly(1046, 22779, 1037, 11113, 1037);
  }

  @Test
  void wordsOverTwoHundredCharactersAreUnknown() {
    String longWord = "a".repeat(201);
    assertThat(tokenizer.tokenize(longWord + " a")).containsExactly("[UNK]", "a");
    assertThat(tokenizer.tokenize("aa".repeat(100))).doesNotContain("[UNK]");
  }

  @Test
  void emptyAndBlankTextHaveNoTokens() {
    assertThat(tokenizer.tokenize("")).isEmpty();
    assertThat(tokenizer.tokenize(" \t\n ")).isEmpty();
  }

  @Test
  void casedTokenizersKeepCaseAndAccents() {
    BertTokenizer cased = BertTokenizer.create(List.of("[UNK]", "Héllo", "hello", ","), false);
    assertThat(cased.encode("Héllo, hello HELLO")).containsExactly(1, 3, 2, 0);
  }

  @Test
  void specialTokensAndIds() {
    assertThat(tokenizer.id("[CLS]")).hasValue(101);
    assertThat(tokenizer.id("[SEP]")).hasValue(102);
    assertThat(tokenizer.id("[PAD]")).hasValue(0);
    assertThat(tokenizer.token(7592)).isEqualTo("hello");
    assertThat(tokenizer.vocabSize()).isEqualTo(30522);
    assertThatThrownBy(() -> tokenizer.token(30522))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("30522");
  }

  @Test
  void anEmptyVocabularyIsRefused() {
    assertThatThrownBy(() -> BertTokenizer.fromVocabText("\n\n", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
  }
}
