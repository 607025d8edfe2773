package dev.jlite.task.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.schema.testing.TfLiteOracle;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Span decoding on a model whose logits are planted: each token's start and end logit is looked
 * up by its id, so the answers, positions and logits below are worked out by hand.
 */
class BertQuestionAnswererTest {
  /** Token ids are line numbers from 0. */
  static final String VOCAB = String.join("\n", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "the",
      "capital", "of", "france", "is", "paris", ",", "a", "city", "what", "?", "big", "##gest",
      "river", "seine", ".") + "\n";
  static final int SEQ_LEN = 128;
  static final String CONTEXT =
      "The capital of France is Paris, a big city. The biggest river is the Seine.";
  static final String QUESTION = "What is the capital of France?";

  private static BertQuestionAnswerer answerer() {
    return BertQuestionAnswerer.create(ByteBuffer.wrap(plantedModel()), BertQuestionAnswerer.Options.DEFAULT);
  }

  /**
   * The planted model; written once to testdata/text/planted_bert_qa.tflite for the
   * command-line tests, which check the same answers.
   */
  static byte[] plantedModel() {
    float[] start = new float[20];
    float[] end = new float[20];
    Arrays.fill(start, -1f);
    Arrays.fill(end, -1f);
    start[9] = 5;      // paris
    start[18] = 3;     // seine
    start[15] = 2;     // big
    start[11] = 1;     // a
    end[12] = 4;       // city
    end[9] = 3.5f;     // paris
    end[19] = 2.5f;    // .
    end[18] = 1.5f;    // seine
    return BertModels.plantedQa(start, end, SEQ_LEN, new BertModels.Meta(VOCAB, null,
        List.of("end_logits", "start_logits"), null));
  }

  @Test
  void ranksSpansBySummedLogitsAndMapsThemToTheContextsWords() {
    // [CLS] what is the capital of france ? [SEP] = positions 0-8; the context's tokens follow:
    // the 9, capital 10, of 11, france 12, is 13, paris 14 , 15, a 16, big 17, city 18 . 19,
    // the 20, big 21 ##gest 22, river 23, is 24, the 25, seine 26 . 27, [SEP] 28.
    // Top starts: 14 (5), 26 (3), 17 and 21 (2), 16 (1); top ends: 18 (4), 14 (3.5), 19 and 27
    // (2.5), 26 (1.5). Best pairs with start <= end: (14,18) 9, (14,14) 8.5, (14,19) 7.5,
    // (14,27) 7.5, (14,26) 6.5.
    try (BertQuestionAnswerer answerer = answerer()) {
      List<QaAnswer> answers = answerer.answer(CONTEXT, QUESTION);
      String all = "Paris, a big city. The biggest river is the Seine.";
      assertThat(answers).containsExactly(
          QaAnswer.create("Paris, a big city.", 14, 18, 9f),
          QaAnswer.create("Paris,", 14, 14, 8.5f),
          QaAnswer.create("Paris, a big city.", 14, 19, 7.5f),
          QaAnswer.create(all, 14, 27, 7.5f),
          QaAnswer.create(all, 14, 26, 6.5f));
    }
  }

  @Test
  void aQuestionLongerThan64TokensIsCut() {
    // 80 question tokens are cut to 64, so the context starts at position 66 and "paris" (word 5,
    // token 5 of the context) sits at 71, "city" at 75.
    String longQuestion = "what ".repeat(79) + "?";
    try (BertQuestionAnswerer answerer = answerer()) {
      QaAnswer best = answerer.answer(CONTEXT, longQuestion).get(0);
      assertThat(best).isEqualTo(QaAnswer.create("Paris, a big city.", 71, 75, 9f));
    }
  }

  @Test
  void aContextLongerThanTheSequenceIsCut() {
    // 128 - 7 question tokens - 3 leave 118 context tokens: "city" and "seine" (tokens 151 and
    // 152) are cut off, so the only span is "Paris" alone: 5 + 3.5.
    String context = "Paris " + "the ".repeat(150) + "city Seine.";
    try (BertQuestionAnswerer answerer = answerer()) {
      List<QaAnswer> answers = answerer.answer(context, QUESTION);
      assertThat(answers).extracting(QaAnswer::text).containsExactly("Paris");
      assertThat(answers.get(0).logit()).isEqualTo(8.5f);
    }
  }

  @Test
  void withADocStrideTheWholeContextIsReadInWindows() {
    // 154 context tokens: paris 0, 150 "the", city 151, seine 152, . 153. With 118 per window
    // and a stride of 64: window 1 holds tokens 0-117, window 2 tokens 64-153 (positions 9-98).
    // Window 1 gives "Paris" (9, 9) 5 + 3.5; window 2 gives seine (97) with . (98) 3 + 2.5 and
    // with seine (97) 3 + 1.5; city (96) ends before seine starts.
    String context = "Paris " + "the ".repeat(150) + "city Seine.";
    try (BertQuestionAnswerer answerer = BertQuestionAnswerer.create(
        ByteBuffer.wrap(plantedModel()),
        BertQuestionAnswerer.Options.builder().setDocStride(64).build())) {
      assertThat(answerer.answer(context, QUESTION)).containsExactly(
          QaAnswer.create("Paris", 9, 9, 8.5f),
          QaAnswer.create("Seine.", 97, 98, 5.5f),
          QaAnswer.create("Seine.", 97, 97, 4.5f));
    }
  }

  @Test
  void aSpanInTwoWindowsCountsOnlyWhereItHasMostContext() {
    // paris is token 100 of 154: in window 1 (0-117) it has min(100, 17) tokens of context, in
    // window 2 (64-153) min(36, 53): only window 2 answers, at position 9 + 100 - 64 = 45 (in
    // window 1 it would be (109, 109) with the same logit). Every other top-5 logit is -1 at
    // positions 0-3, outside the context.
    String context = "the ".repeat(100) + "Paris " + "the ".repeat(53);
    try (BertQuestionAnswerer answerer = BertQuestionAnswerer.create(
        ByteBuffer.wrap(plantedModel()),
        BertQuestionAnswerer.Options.builder().setDocStride(64).build())) {
      assertThat(answerer.answer(context, QUESTION))
          .containsExactly(QaAnswer.create("Paris", 45, 45, 8.5f));
    }
    assertThatThrownBy(() -> BertQuestionAnswerer.Options.builder().setNumCandidates(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> BertQuestionAnswerer.Options.builder().setDocStride(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("docStride");
  }

  @Test
  void spansLongerThan32TokensAreNotAnswers() {
    // "Paris", 31 "the", "city": the span from "paris" to "city" has 33 tokens, too many; "city"
    // cannot start a span (it is no top-5 start), so "Paris" alone is the one answer. With 30
    // "the" the span has 32 tokens and wins (5 + 4 > 5 + 3.5).
    String context = "Paris " + "the ".repeat(31) + "city";
    try (BertQuestionAnswerer answerer = answerer()) {
      assertThat(answerer.answer(context, QUESTION)).extracting(QaAnswer::text)
          .containsExactly("Paris");
      String shorter = "Paris " + "the ".repeat(30) + "city";
      assertThat(answerer.answer(shorter, QUESTION).get(0).text())
          .isEqualTo("Paris " + "the ".repeat(30) + "city");
    }
  }

  @Test
  void blankContextOrQuestionIsInvalidInput() {
    try (BertQuestionAnswerer answerer = answerer()) {
      assertThatThrownBy(() -> answerer.answer(" ", QUESTION))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("context is empty");
      assertThatThrownBy(() -> answerer.answer(CONTEXT, ""))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("question is empty");
    }
  }

  @Test
  void aModelWithoutTokenizerMetadataIsRefused() {
    byte[] model = BertModels.plantedQa(new float[20], new float[20], SEQ_LEN, null);
    assertThatThrownBy(() -> BertQuestionAnswerer.create(ByteBuffer.wrap(model),
        BertQuestionAnswerer.Options.DEFAULT))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("no input process unit with a tokenizer");
  }

  /** The ids of QUESTION + CONTEXT, worked out by hand from VOCAB (see the first test). */
  static final int[] IDS = {2, 13, 8, 4, 5, 6, 7, 14, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 12, 19,
      4, 15, 16, 17, 8, 4, 18, 19, 3};
  /** The context word of each context position 9..27. */
  static final int[] WORD = {0, 1, 2, 3, 4, 5, 5, 6, 7, 8, 8, 9, 10, 10, 11, 12, 13, 14, 14};

  @Test
  void endToEndOnATinyBertAgainstTfLiteFloatAndQuantized() {
    String[] words = CONTEXT.split(" ");
    for (boolean quantized : new boolean[] {false, true}) {
      // Exactly as long as the sequence, so that no padding takes part.
      byte[] model = BertModels.bert(BertModels.Head.QUESTION_ANSWERING, 20, IDS.length, 2, 0,
          quantized, 3, new BertModels.Meta(VOCAB, null, List.of("end_logits", "start_logits"),
              null));
      int[] mask = new int[IDS.length];
      int[] segments = new int[IDS.length];
      Arrays.fill(mask, 1);
      Arrays.fill(segments, 9, IDS.length, 1);
      float[][] logits;
      try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
        byte[][] out = oracle.run(ints(IDS), ints(mask), ints(segments));
        logits = new float[][] {floats(out[0]), floats(out[1])};
      }
      float[] endLogits = logits[0];
      float[] startLogits = logits[1];
      // Brute force over TFLite's logits: the top 5 of each, pairs inside the context.
      List<float[]> expected = new ArrayList<>();
      for (int s : top5(startLogits)) {
        for (int e : top5(endLogits)) {
          if (s >= 9 && e >= s && e <= 27) {
            expected.add(new float[] {s, e, startLogits[s] + endLogits[e]});
          }
        }
      }
      expected.sort((a, b) -> Float.compare(b[2], a[2]));
      assertThat(expected).as("the model answers something").isNotEmpty();
      try (BertQuestionAnswerer answerer = BertQuestionAnswerer.create(ByteBuffer.wrap(model),
          BertQuestionAnswerer.Options.DEFAULT)) {
        List<QaAnswer> answers = answerer.answer(CONTEXT, QUESTION);
        assertThat(answers).hasSize(Math.min(5, expected.size()));
        for (int i = 0; i < answers.size(); i++) {
          QaAnswer a = answers.get(i);
          float[] want = expected.get(i);
          assertThat(a.start()).isEqualTo((int) want[0]);
          assertThat(a.end()).isEqualTo((int) want[1]);
          assertThat(a.logit()).isCloseTo(want[2], within(1e-4f));
          assertThat(a.text()).isEqualTo(String.join(" ",
              Arrays.copyOfRange(words, WORD[a.start() - 9], WORD[a.end() - 9] + 1)));
        }
      }
    }
  }

  private static int[] top5(float[] values) {
    int[] out = new int[5];
    boolean[] taken = new boolean[values.length];
    for (int k = 0; k < 5; k++) {
      int best = -1;
      for (int i = 0; i < values.length; i++) {
        if (!taken[i] && (best < 0 || values[i] > values[best])) {
          best = i;
        }
      }
      taken[best] = true;
      out[k] = best;
    }
    return out;
  }

  private static byte[] ints(int[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return b.array();
  }

  private static float[] floats(byte[] bytes) {
    float[] out = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
