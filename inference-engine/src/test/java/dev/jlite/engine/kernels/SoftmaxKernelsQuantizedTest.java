package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.SoftmaxOptions;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SoftmaxKernelsQuantizedTest {
  static byte[] softmax(byte inType, float inScale, int inZero, byte outType, float outScale,
      int outZero, int[] shape, float beta) {
    MiscQuantModel m = new MiscQuantModel();
    int x = m.input(inType, inScale, inZero, shape);
    int y = m.output(outType, outScale, outZero);
    return m.op(BuiltinOperator.SOFTMAX, BuiltinOptions.SoftmaxOptions,
        fbb -> SoftmaxOptions.createSoftmaxOptions(fbb, beta), new int[] {x}, y).build();
  }

  static List<Arguments> sweep() {
    // {input type, input scale, input zero point, output type, output scale, output zero point}
    Object[][] quant = {
        {TensorType.UINT8, 0.1f, 128, TensorType.UINT8, 1f / 256, 0},
        {TensorType.UINT8, 0.02f, 3, TensorType.UINT8, 1f / 256, 0},
        {TensorType.UINT8, 0.5f, 0, TensorType.INT16, 1f / 32768, 0},
        {TensorType.INT8, 0.1f, -3, TensorType.INT8, 1f / 256, -128},
        {TensorType.INT8, 0.0625f, 10, TensorType.INT8, 1f / 256, -128},
        {TensorType.INT8, 0.3f, 0, TensorType.INT16, 1f / 32768, 0},
        // Unusual output parameters: TFLite uses them as given.
        {TensorType.UINT8, 0.05f, 0, TensorType.UINT8, 1f / 100, 7}};
    int[][] shapes = {{1}, {10}, {3, 17}, {2, 3, 1001}, {1, 2, 2, 5}};
    float[] betas = {1f, 0.5f, 3f};
    List<Arguments> cases = new ArrayList<>();
    int k = 0;
    for (Object[] q : quant) {
      for (int[] shape : shapes) {
        cases.add(Arguments.of(q[0], q[1], q[2], q[3], q[4], q[5], shape, betas[k++ % 3]));
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void matchesTfLiteBitForBit(byte inType, float inScale, int inZero, byte outType,
      float outScale, int outZero, int[] shape, float beta) {
    Differential.assertMatchesTfLite(softmax(inType, inScale, inZero, outType, outScale, outZero,
        shape, beta), 5, 2);
  }

  static List<Arguments> int16Sweep() {
    float[] scales = {0.001f, 0.0005f, 0.0003f, 0.01f};
    int[][] shapes = {{1}, {10}, {3, 17}, {2, 3, 301}, {1, 2, 2, 5}};
    float[] betas = {1f, 0.5f, 2f};
    List<Arguments> cases = new ArrayList<>();
    int k = 0;
    for (float scale : scales) {
      for (int[] shape : shapes) {
        cases.add(Arguments.of(scale, shape, betas[k++ % 3]));
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("int16Sweep")
  void int16MatchesTfLiteBitForBit(float scale, int[] shape, float beta) {
    Differential.assertMatchesTfLite(softmax(TensorType.INT16, scale, 0, TensorType.INT16,
        1f / 32768, 0, shape, beta), 23, 2);
  }

  @Test
  void int16WithNonZeroZeroPointIsRejected() {
    assertThatThrownBy(() -> MiscQuantModel.prepare(softmax(TensorType.INT16, 0.001f, 5,
        TensorType.INT16, 1f / 32768, 0, new int[] {4}, 1f)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("int16 softmax needs zero points 0 and output scale 1/32768");
  }

  @Test
  void equalInputsShareTheProbabilityEvenly() {
    // Four equal logits: 0.25 each, 64 in units of 1/256, stored as 64 - 128 in int8.
    byte[] model = softmax(TensorType.INT8, 0.1f, 0, TensorType.INT8, 1f / 256, -128,
        new int[] {4}, 1f);
    assertThat(MiscQuantModel.runBytes(model, new byte[] {7, 7, 7, 7}))
        .containsExactly(-64, -64, -64, -64);
  }

  @Test
  void dominantLogitSaturatesUint8() {
    // exp(-0.1 * 255) is negligible: the maximum gets 256/256, clamped to 255; the rest 0.
    byte[] model = softmax(TensorType.UINT8, 0.1f, 0, TensorType.UINT8, 1f / 256, 0,
        new int[] {3}, 1f);
    assertThat(MiscQuantModel.runBytes(model, new byte[] {(byte) 255, 0, 0}))
        .containsExactly((byte) 255, 0, 0);
  }

  @Test
  void int16OutputHalvesTwoEqualLogits() {
    byte[] model = softmax(TensorType.UINT8, 0.1f, 0, TensorType.INT16, 1f / 32768, 0,
        new int[] {2}, 1f);
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(new byte[] {9, 9});
      interpreter.invoke();
      short[] out = new short[2];
      interpreter.getOutputTensor(0).copyTo(out);
      assertThat(out).containsExactly((short) 16384, (short) 16384);
    }
  }

  @Test
  void hostileQuantizationIsRejected() {
    assertThatThrownBy(() -> MiscQuantModel.prepare(softmax(TensorType.INT8, -0.1f, 0,
        TensorType.INT8, 1f / 256, -128, new int[] {4}, 1f)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input scale -0.1 is not a positive finite number");
    assertThatThrownBy(() -> MiscQuantModel.prepare(softmax(TensorType.UINT8, 0.1f, 0,
        TensorType.UINT8, Float.POSITIVE_INFINITY, 0, new int[] {4}, 1f)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("output scale Infinity is not a positive finite number");
    assertThatThrownBy(() -> MiscQuantModel.prepare(softmax(TensorType.INT8, 0.1f, 0,
        TensorType.INT16, 1f / 32768, 40000, new int[] {4}, 1f)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("zero point 40000 is outside INT16");
  }

  @Test
  void unconventionalInt8OutputIsRejectedAsByTfLite() {
    assertThatThrownBy(() -> MiscQuantModel.prepare(softmax(TensorType.INT8, 0.1f, 0,
        TensorType.INT8, 1f / 128, -20, new int[] {4}, 1f)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("int8 output must have scale 1/256 and zero point -128");
  }

  @Test
  void mismatchedOutputTypeIsRejected() {
    assertThatThrownBy(() -> MiscQuantModel.prepare(softmax(TensorType.INT8, 0.1f, 0,
        TensorType.UINT8, 1f / 256, 0, new int[] {4}, 1f)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("output");
  }
}
