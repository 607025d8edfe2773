package dev.jlite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.AddOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.MulOptions;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpreterTest {
  /** y = (a + b) * a with b a constant [1, 4] broadcast over a [2, 4] input. */
  static byte[] addMulModel() {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int a = g.addTensor("a", TensorType.FLOAT32, 2, 4);
    int b = g.addConstant("b", new int[] {1, 4}, new float[] {1, 2, 3, 4});
    int sum = g.addTensor("sum", TensorType.FLOAT32, 2, 4);
    int y = g.addTensor("y", TensorType.FLOAT32, 2, 4);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.ADD).inputs(a, b).outputs(sum)
        .options(BuiltinOptions.AddOptions,
            fbb -> AddOptions.createAddOptions(fbb, ActivationFunctionType.NONE, false))
        .build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.MUL).inputs(sum, a).outputs(y)
        .options(BuiltinOptions.MulOptions,
            fbb -> MulOptions.createMulOptions(fbb, ActivationFunctionType.RELU))
        .build());
    g.inputs(a).outputs(y);
    return m.build();
  }

  @Test
  void runsAJavaArrayThroughTwoNodes() {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(addMulModel()))) {
      float[][] input = {{1, -1, 2, -2}, {0.5f, 0, -3, 3}};
      float[][] output = new float[2][4];

      interpreter.run(input, output);

      assertThat(output[0]).containsExactly(2f, 0f, 10f, 0f);
      assertThat(output[1]).containsExactly(0.75f, 0f, 0f, 21f);
    }
  }

  @Test
  void matchesTfLiteOnRandomInputs() {
    Differential.assertMatchesTfLite(addMulModel(), 7);
  }

  @Test
  void describesTensors() {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(addMulModel()))) {
      Tensor in = interpreter.getInputTensor(0);
      assertThat(in.name()).isEqualTo("a");
      assertThat(in.dataType()).isEqualTo(DataType.FLOAT32);
      assertThat(in.shape()).containsExactly(2, 4);
      assertThat(in.numBytes()).isEqualTo(32);
      assertThat(interpreter.getOutputIndex("y")).isZero();
      assertThat(interpreter.arenaBytes()).isPositive();
    }
  }

  @Test
  void resizingTheInputBroadcastsAgain() {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(addMulModel()))) {
      float[][][] input = {{{1, 1, 1, 1}}, {{2, 2, 2, 2}}, {{3, 3, 3, 3}}};
      float[][][] output = new float[3][1][4];

      interpreter.run(input, output);

      assertThat(interpreter.getInputTensor(0).shape()).containsExactly(3, 1, 4);
      assertThat(output[2][0]).containsExactly(12f, 15f, 18f, 21f);
    }
  }

  @Test
  void wrongOutputShapeSaysExpectedAndGiven() {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(addMulModel()))) {
      assertThatThrownBy(() -> interpreter.run(new float[2][4], new float[3][4]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("[2, 4]")
          .hasMessageContaining("[3, 4]");
    }
  }

  @Test
  void wrongInputTypeSaysExpectedAndGiven() {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(addMulModel()))) {
      assertThatThrownBy(() -> interpreter.run(new int[2][4], new float[2][4]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("needs float data, got int[][]");
    }
  }

  @Test
  void byteBufferOfWrongSizeSaysBoth() {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(addMulModel()))) {
      assertThatThrownBy(() -> interpreter.run(ByteBuffer.allocate(31), new float[2][4]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("takes 32 bytes, but the ByteBuffer has 31 bytes remaining");
    }
  }

  @Test
  void signatureRunsByName() {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int a = g.addTensor("a", TensorType.FLOAT32, 3);
    int b = g.addTensor("b", TensorType.FLOAT32, 3);
    int y = g.addTensor("y", TensorType.FLOAT32, 3);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.SUB).inputs(a, b).outputs(y).build());
    g.inputs(a, b).outputs(y);
    m.addSignature(dev.jlite.schema.SignatureSpec.builder("diff", 0).input("x", a).input("z", b)
        .output("d", y).build());
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(m.build()))) {
      float[] d = new float[3];
      interpreter.runSignature(Map.of("x", new float[] {5, 6, 7}, "z", new float[] {1, 1, 1}),
          Map.of("d", d));
      assertThat(d).containsExactly(4f, 5f, 6f);
      assertThat(interpreter.getSignatureKeys()).containsExactly("diff");
      assertThatThrownBy(() -> interpreter.runSignature(Map.of("q", new float[3]), Map.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no input 'q'");
    }
  }
}
