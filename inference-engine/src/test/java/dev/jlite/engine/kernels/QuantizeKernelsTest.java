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
