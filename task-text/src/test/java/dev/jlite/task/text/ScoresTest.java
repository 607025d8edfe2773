package dev.jlite.task.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;

/** Score outputs of the quantized types are dequantized with their scale and zero point. */
class ScoresTest {
  /** A QUANTIZE of a float [1, 3] input to {@code type} with the given parameters. */
  private static float[] quantizedScores(byte type, float scale, long zeroPoint, float[] input) {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int in = g.addTensor("in", TensorType.FLOAT32, 1, 3);
    int out = g.addTensor(TensorSpec.builder("scores", type, 1, 3)
        .quantization(QuantizationSpec.perTensor(scale, zeroPoint)).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.QUANTIZE).inputs(in).outputs(out).build());
    g.inputs(in).outputs(out);
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model.build()))) {
      interpreter.allocateTensors();
      interpreter.getInputTensor(0).copyFrom(input);
      interpreter.invoke();
      return Scores.read(interpreter.getOutputTensor(0));
    }
  }

  @Test
  void int8AndInt16AndUint8AreDequantized() {
    // Values on the quantization grid come back exactly: q = x / scale + zeroPoint.
    assertThat(quantizedScores(TensorType.INT8, 0.5f, -3, new float[] {-1f, 0f, 2.5f}))
        .containsExactly(-1f, 0f, 2.5f);
    assertThat(quantizedScores(TensorType.INT16, 0.25f, 0, new float[] {-4f, 0.75f, 100f}))
        .containsExactly(-4f, 0.75f, 100f);
    assertThat(quantizedScores(TensorType.UINT8, 0.5f, 10, new float[] {-5f, 1.5f, 20f}))
        .containsExactly(-5f, 1.5f, 20f);
  }

  @Test
  void outputsOfMoreThanTwoDimensionsAreRefused() {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int in = g.addTensor("in", TensorType.FLOAT32, 1, 1, 3);
    int out = g.addTensor("scores", TensorType.FLOAT32, 1, 1, 3);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(in).outputs(out).build());
    g.inputs(in).outputs(out);
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model.build()))) {
      interpreter.allocateTensors();
      assertThatThrownBy(() -> Scores.read(interpreter.getOutputTensor(0)))
          .isInstanceOf(InvalidModelException.class)
          .hasMessageContaining("scores must be [N] or [1, N]");
    }
  }
}
