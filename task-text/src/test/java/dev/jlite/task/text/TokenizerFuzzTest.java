package dev.jlite.task.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Any bytes read as a SentencePiece model give a tokenizer or an {@link IllegalArgumentException};
 * any text gives WordPiece tokens from the vocabulary or {@code [UNK]}; any vocabulary text gives a
 * regex tokenizer or an {@link IllegalArgumentException}. Saved inputs in {@code
 * TokenizerFuzzTestInputs} replay in every build; run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class TokenizerFuzzTest {
  private static final List<String> VOCAB =
      List.of("[UNK]", "hello", "##llo", "he", ",", "world", "中", "a", "##a");
  private static final BertTokenizer BERT = BertTokenizer.create(VOCAB, true);

  @FuzzTest(maxDuration = "2m")
  void sentencePieceModel(byte[] data) {
    SentencePieceTokenizer tokenizer;
    try {
      tokenizer = SentencePieceTokenizer.fromModel(data);
    } catch (IllegalArgumentException expected) {
      return;
    }
    int[] ids = tokenizer.encode("a b  XYab zz");
    for (int id : ids) {
      assertThat(id).isBetween(0, tokenizer.vocabSize() - 1);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void bertTokenize(byte[] data) {
    for (String token : BERT.tokenize(new String(data, StandardCharsets.UTF_8))) {
      assertThat(VOCAB).contains(token);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void regexVocab(byte[] data) {
    RegexTokenizer tokenizer;
    try {
      tokenizer = RegexTokenizer.create("[^\\w\\']+", new String(data, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertThat(tokenizer.encode("word <PAD> x", 4)).hasSize(4);
  }
}
