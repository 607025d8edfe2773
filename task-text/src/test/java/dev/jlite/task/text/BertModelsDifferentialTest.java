package dev.jlite.task.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.engine.Interpreter;
import dev.jlite.schema.testing.TfLiteOracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The synthetic BERT models (embeddings, layer norm, multi-head attention, GELU, QA or classifier
 * heads) run in jlite within 1e-4 of real TFLite 2.19, float and dynamic-range quantized, on
 * random ids with partial masks and both segments.
 */
class BertModelsDifferentialTest {
  /** Float weights, or INT8 weights with symmetric or asymmetric on-the-fly input quantization. */
  enum Weights { FLOAT, INT8, INT8_ASYMMETRIC_INPUTS }

  @ParameterizedTest(name = "{0} weights={1} layers={2}")
  @CsvSource({
      "QUESTION_ANSWERING, FLOAT, 2",
      "QUESTION_ANSWERING, INT8, 2",
      "QUESTION_ANSWERING, INT8_ASYMMETRIC_INPUTS, 2",
      "CLASSIFIER, FLOAT, 1",
      "CLASSIFIER, INT8, 2",
      "CLASSIFIER, INT8_ASYMMETRIC_INPUTS, 1"})
  void matchesTfLite(BertModels.Head head, Weights weights, int layers) {
    int vocab = 50;
    int seqLen = 24;
    byte[] model = weights == Weights.INT8_ASYMMETRIC_INPUTS
        ? BertModels.bertAsymmetric(head, vocab, seqLen, layers, 3, 7)
        : BertModels.bert(head, vocab, seqLen, layers, 3, weights == Weights.INT8, 7, null);
    Random random = new Random(11);
    for (int trial = 0; trial < 3; trial++) {
      int used = 4 + random.nextInt(seqLen - 4);
      int[] ids = new int[seqLen];
      int[] mask = new int[seqLen];
      int[] segments = new int[seqLen];
      for (int i = 0; i < used; i++) {
        ids[i] = random.nextInt(vocab);
        mask[i] = 1;
        segments[i] = i >= used / 2 ? 1 : 0;
      }
      try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model));
          TfLiteOracle oracle = TfLiteOracle.open(model)) {
        byte[][] expected = oracle.run(bytes(ids), bytes(mask), bytes(segments));
        interpreter.allocateTensors();
        interpreter.getInputTensor(0).copyFrom(ids);
        interpreter.getInputTensor(1).copyFrom(mask);
        interpreter.getInputTensor(2).copyFrom(segments);
        interpreter.invoke();
        for (int o = 0; o < expected.length; o++) {
          float[] want = floats(expected[o]);
          float[] got = new float[want.length];
          interpreter.getOutputTensor(o).copyTo(got);
          for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("output %d value %d", o, i)
                .isCloseTo(want[i], within(1e-4f));
          }
          assertThat(want).as("outputs are not trivial").isNotEqualTo(new float[want.length]);
        }
      }
    }
  }

  private static byte[] bytes(int[] values) {
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
