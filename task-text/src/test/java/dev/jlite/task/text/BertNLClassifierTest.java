package dev.jlite.task.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.GatherOptions;
import dev.jlite.schema.model.ReducerOptions;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.testing.TfLiteOracle;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The BERT classifier end to end on tiny BERT models: the ids it feeds are worked out by hand from
 * the vocabulary, and its scores must equal real TFLite's on those ids.
 */
class BertNLClassifierTest {
  static final int SEQ_LEN = 16;
  static final String LABELS = "negative\npositive\nneutral\n";

  private static byte[] model(boolean quantized, String vocab, byte[] sentencePiece) {
    return BertModels.bert(BertModels.Head.CLASSIFIER, 20, SEQ_LEN, 2, 3, quantized, 5,
        new BertModels.Meta(vocab, sentencePiece, List.of("probability"), LABELS));
  }

  /** The scores TFLite computes for these ids, a mask over the first {@code used}, segment 0. */
  private static float[] tflite(byte[] model, int[] ids, int used) {
    int[] mask = new int[SEQ_LEN];
    Arrays.fill(mask, 0, used, 1);
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      byte[] out = oracle.run(ints(ids), ints(mask), ints(new int[SEQ_LEN]))[0];
      float[] scores = new float[3];
      ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(scores);
      return scores;
    }
  }

  private static void assertScores(List<Category> result, float[] expected) {
    assertThat(result).extracting(Category::label)
        .containsExactly("negative", "positive", "neutral");
    for (int i = 0; i < 3; i++) {
      assertThat(result.get(i).score()).isCloseTo(expected[i], within(1e-4f));
      assertThat(result.get(i).index()).isEqualTo(i);
    }
  }

  @Test
  void wordPieceIdsMaskAndScoresFloatAndQuantized() {
    // [CLS] 2, the 4, capital 5, of 6, france 7, is 8, paris 9, . 19, [SEP] 3, then padding.
    int[] ids = {2, 4, 5, 6, 7, 8, 9, 19, 3, 0, 0, 0, 0, 0, 0, 0};
    for (boolean quantized : new boolean[] {false, true}) {
      byte[] model = model(quantized, BertQuestionAnswererTest.VOCAB, null);
      try (BertNLClassifier classifier = BertNLClassifier.create(ByteBuffer.wrap(model),
          BertNLClassifier.Options.DEFAULT)) {
        assertScores(classifier.classify("The capital of France is Paris."),
            tflite(model, ids, 9));
      }
    }
  }

  @Test
  void textLongerThanTheInputIsCutBeforeSep() {
    // 40 "the": [CLS], 14 of them, [SEP]; the mask covers all 16.
    int[] ids = new int[SEQ_LEN];
    Arrays.fill(ids, 4);
    ids[0] = 2;
    ids[SEQ_LEN - 1] = 3;
    byte[] model = model(false, BertQuestionAnswererTest.VOCAB, null);
    try (BertNLClassifier classifier = BertNLClassifier.create(ByteBuffer.wrap(model),
        BertNLClassifier.Options.DEFAULT)) {
      assertScores(classifier.classify("the ".repeat(40)), tflite(model, ids, SEQ_LEN));
    }
  }

  @Test
  void sentencePieceTokenizerFromMetadata() {
    ByteArrayOutputStream sp = new ByteArrayOutputStream();
    SentencePieceTokenizerTest.piece(sp, "[CLS]", 0f, SentencePieceTokenizerTest.CONTROL);
    SentencePieceTokenizerTest.piece(sp, "[SEP]", 0f, SentencePieceTokenizerTest.CONTROL);
    SentencePieceTokenizerTest.piece(sp, "<unk>", 0f, SentencePieceTokenizerTest.UNKNOWN);
    for (String word : new String[] {"the", "capital", "of", "france"}) {
      SentencePieceTokenizerTest.piece(sp, "\u2581" + word, -1f,
          SentencePieceTokenizerTest.NORMAL);
    }
    // "The capital of France" -> ASCII lower-cased -> ▁the ▁capital ▁of ▁france = 3 4 5 6,
    // between [CLS] 0 and [SEP] 1. "▁zurich" has no piece: one merged unknown piece, <unk> 2.
    int[] ids = {0, 3, 4, 5, 6, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    int[] unknown = {0, 3, 4, 5, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    byte[] model = model(false, null, sp.toByteArray());
    try (BertNLClassifier classifier = BertNLClassifier.create(ByteBuffer.wrap(model),
        BertNLClassifier.Options.DEFAULT)) {
      assertScores(classifier.classify("The capital of France"), tflite(model, ids, 6));
      assertScores(classifier.classify("The capital of Zurich"), tflite(model, unknown, 6));
    }
  }

  /**
   * A dynamic-length "classifier" ({@code [1, -1]} inputs) whose two scores are the mean over the
   * sequence of {@code (id, 1)}: the first score is the mean token id.
   */
  private static byte[] meanIdModel() {
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder g = builder.addSubgraph("main");
    int[] in = new int[3];
    String[] names = {"ids", "mask", "segment_ids"};
    for (int i = 0; i < 3; i++) {
      in[i] = g.addTensor(TensorSpec.builder(names[i], TensorType.INT32, 1, 1)
          .shapeSignature(1, -1).build());
    }
    float[] table = new float[40];
    for (int id = 0; id < 20; id++) {
      table[2 * id] = id;
      table[2 * id + 1] = 1;
    }
    int rows = g.addTensor(TensorSpec.builder("rows", TensorType.FLOAT32, 1, 1, 2)
        .shapeSignature(1, -1, 2).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.GATHER)
        .inputs(g.addConstant("table", new int[] {20, 2}, table), in[0]).outputs(rows)
        .options(BuiltinOptions.GatherOptions, fbb -> GatherOptions.createGatherOptions(fbb, 0,
            0)).build());
    int scores = g.addTensor("probability", TensorType.FLOAT32, 1, 2);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.MEAN)
        .inputs(rows, g.addConstant("axis", new int[] {1}, new int[] {1})).outputs(scores)
        .options(BuiltinOptions.ReducerOptions, fbb -> ReducerOptions.createReducerOptions(fbb,
            false)).build());
    g.inputs(in).outputs(scores);
    return BertModels.withMetadata(builder, new BertModels.Meta(BertQuestionAnswererTest.VOCAB,
        null, List.of("probability"), "first\nsecond\n"));
  }

  @Test
  void dynamicLengthModelsGetExactlyTheTokensUpToMaxSeqLen() {
    byte[] model = meanIdModel();
    // [CLS] 2, the 4, capital 5, [SEP] 3: mean id 3.5. With maxSeqLen 3: [CLS] the [SEP]: 3.
    try (BertNLClassifier classifier = BertNLClassifier.create(ByteBuffer.wrap(model),
        BertNLClassifier.Options.DEFAULT);
        BertNLClassifier capped = BertNLClassifier.create(ByteBuffer.wrap(model),
            BertNLClassifier.Options.builder().setMaxSeqLen(3).build())) {
      assertThat(classifier.classify("The capital")).containsExactly(
          Category.create(0, "first", "", 3.5f), Category.create(1, "second", "", 1f));
      assertThat(capped.classify("The capital").get(0).score()).isEqualTo(3f);
    }
  }

  @Test
  void blankTextIsInvalidInput() {
    byte[] model = model(false, BertQuestionAnswererTest.VOCAB, null);
    try (BertNLClassifier classifier = BertNLClassifier.create(ByteBuffer.wrap(model),
        BertNLClassifier.Options.DEFAULT)) {
      assertThatThrownBy(() -> classifier.classify("\n "))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
    }
  }

  @Test
  void modelsThatDoNotFitAreRefused() {
    byte[] noMetadata = BertModels.bert(BertModels.Head.CLASSIFIER, 20, SEQ_LEN, 1, 3, false, 5,
        null);
    assertThatThrownBy(() -> BertNLClassifier.create(ByteBuffer.wrap(noMetadata),
        BertNLClassifier.Options.DEFAULT))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("no input process unit with a tokenizer");
    byte[] qa = BertModels.bert(BertModels.Head.QUESTION_ANSWERING, 20, SEQ_LEN, 1, 0, false, 5,
        new BertModels.Meta(BertQuestionAnswererTest.VOCAB, null,
            List.of("end_logits", "start_logits"), null));
    assertThatThrownBy(() -> BertNLClassifier.create(ByteBuffer.wrap(qa),
        BertNLClassifier.Options.DEFAULT))
        .isInstanceOf(IncompatibleModelException.class).hasMessageContaining("exactly 1");
    assertThatThrownBy(() -> BertNLClassifier.Options.builder().setMaxSeqLen(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
  }

  private static byte[] ints(int[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return b.array();
  }
}
