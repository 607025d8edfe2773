package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QuantizeKernelsTest {
  static byte[] quantizeModel(byte type, float scale, long zeroPoint, int... shape) {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int in = g.addTensor("x", TensorType.FLOAT32, shape);
    int out = g.addTensor(TensorSpec.builder("q", type, shape)
        .quantization(QuantizationSpec.perTensor(scale, zeroPoint)).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.QUANTIZE).inputs(in).outputs(out).build());
    g.inputs(in).outputs(out);
    return m.buildUnverified();
  }

  static byte[] requantizeModel(byte inType, float inScale, long inZero, byte outType,
      float outScale, long outZero, int... shape) {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int in = g.addTensor(TensorSpec.builder("x", inType, shape)
        .quantization(QuantizationSpec.perTensor(inScale, inZero)).build());
    int out = g.addTensor(TensorSpec.builder("q", outType, shape)
        .quantization(QuantizationSpec.perTensor(outScale, outZero)).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.QUANTIZE).inputs(in).outputs(out).build());
    g.inputs(in).outputs(out);
    return m.buildUnverified();
  }

  /** Types 3 uint8, 9 int8, 7 int16; every 8-bit input value, random int16 ones. */
  @ParameterizedTest
  @CsvSource({"3, 0.1, 128, 3, 0.1, 128", "3, 0.1, 128, 9, 0.1, 0", "9, 0.1, 0, 3, 0.1, 128",
      "3, 0.02, 7, 3, 0.05, 250", "3, 0.05, 200, 9, 0.0123, -100", "9, 0.3, -5, 3, 0.01, 3",
      "9, 0.01, 100, 9, 0.037, -128", "9, 0.5, 0, 9, 0.0001, 1", "3, 1.7, 0, 9, 1.7, -128",
      "7, 0.001, 0, 9, 0.01, 5", "7, 0.0001, 0, 9, 0.5, -128", "7, 0.003, 0, 7, 0.0004, 0",
      "7, 0.002, 0, 7, 0.002, 0", "7, 0.5, 0, 9, 0.0001, 0"})
  void requantizesAsTfLite(byte inType, float inScale, long inZero, byte outType,
      float outScale, long outZero) {
    if (inType == TensorType.INT16) {
      Differential.assertMatchesTfLite(requantizeModel(inType, inScale, inZero, outType,
          outScale, outZero, 4, 64), 11);
      return;
    }
    byte[] every = new byte[256];
    for (int i = 0; i < 256; i++) {
      every[i] = (byte) i;
    }
    Differential.assertMatchesTfLite(requantizeModel(inType, inScale, inZero, outType, outScale,
        outZero, 2, 128), every);
  }

  /** Input 107 maps to 62 with the scale ratio in double and to 63 in float. */
  @Test
  void requantizeMultiplierPrecisionMatchesTfLite() {
    byte[] every = new byte[256];
    for (int i = 0; i < 256; i++) {
      every[i] = (byte) i;
    }
    Differential.assertMatchesTfLite(requantizeModel(TensorType.UINT8, 0.05128232389688492f, 0,
        TensorType.UINT8, 0.08779533952474594f, 0, 256), every);
  }

  @Test
  void requantizesUint8ToInt8ByHand() {
    // real = 0.5 * (q - 128) -> q' = real / 0.25 - 3: 130 -> 1, 0 -> -128 (clamped), 255 -> 127.
    byte[] model = requantizeModel(TensorType.UINT8, 0.5f, 128, TensorType.INT8, 0.25f, -3, 3);
    byte[] out = OpModel.toBytes(OpModel.run(model, new byte[] {(byte) 130, 0, (byte) 255})[0]);
    assertThat(out).containsExactly(1, -128, 127);
  }

  @Test
  void rejectsHostileRequantization() {
    OpModel.assertRejected(requantizeModel(TensorType.INT8, 0f, 0, TensorType.INT8, 1f, 0, 2),
        "operator 0 (QUANTIZE)", "input scale 0.0 is not a positive finite number");
    OpModel.assertRejected(requantizeModel(TensorType.INT16, 1f, 3, TensorType.INT8, 1f, 0, 2),
        "int16 input zero point must be 0, got 3");
    OpModel.assertRejected(requantizeModel(TensorType.INT8, 1f, 0, TensorType.INT16, 1f, 0, 2),
        "output");
    OpModel.assertRejected(requantizeModel(TensorType.UINT8, 1f, -1, TensorType.INT8, 1f, 0, 2),
        "input zero point -1 is outside UINT8 [0, 255]");
    OpModel.assertRejected(quantizeModel(TensorType.INT16, 0.5f, 4, 2),
        "int16 output zero point must be 0, got 4");
  }

  @ParameterizedTest
  @CsvSource({"3, 0.1, 128", "9, 0.05, -3", "9, 0.0039215686, -128", "7, 0.001, 0", "3, 2.5, 0"})
  void matchesTfLiteOnRandomAndExtremeValues(byte type, float scale, long zeroPoint) {
    byte[] model = quantizeModel(type, scale, zeroPoint, 4, 16);
    Differential.assertMatchesTfLite(model, 3);
    ByteBuffer extremes = ByteBuffer.allocate(64 * 4).order(ByteOrder.LITTLE_ENDIAN);
    float[] special = {0f, -0f, 0.05f, -0.05f, 0.15f, -0.15f, 1e10f, -1e10f, Float.NaN,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e9f * scale, -3e9f * scale,
        127.5f * scale, -128.5f * scale, 255.5f * scale};
    for (int i = 0; i < 64; i++) {
      extremes.putFloat(i < special.length ? special[i] : (i - 32) * scale * 0.5f);
    }
    Differential.assertMatchesTfLite(model, extremes.array());
  }

  @Test
  void roundsHalfAwayFromZero() {
    byte[] model = quantizeModel(TensorType.INT8, 1f, 0, 6);
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      byte[] out = new byte[6];
      interpreter.run(new float[] {0.5f, -0.5f, 1.5f, -1.5f, 2.4999998f, 200f}, out);
      assertThat(out).containsExactly(1, -1, 2, -2, 2, 127);
    }
  }

  @Test
  void rejectsZeroScale() {
    byte[] model = quantizeModel(TensorType.INT8, 0f, 0, 2);
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("operator 0 (QUANTIZE)")
        .hasMessageContaining("output scale 0.0 is not a positive finite number");
  }

  @Test
  void rejectsZeroPointOutOfRange() {
    byte[] model = quantizeModel(TensorType.UINT8, 0.5f, 300, 2);
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("zero point 300 is outside UINT8 [0, 255]");
  }
}
