package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.CumsumOptions;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CumsumKernelTest {
  static byte[] cumsum(byte type, int[] shape, int axis, boolean exclusive, boolean reverse) {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(type, shape);
    int a = m.constant(new int[0], axis);
    int y = m.output(type);
    return m.op(BuiltinOperator.CUMSUM, BuiltinOptions.CumsumOptions,
        fbb -> CumsumOptions.createCumsumOptions(fbb, exclusive, reverse), ReduceOpModel.in(x, a), y)
        .build();
  }

  static List<Arguments> sweep() {
    Object[][] shapesAndAxes = {{new int[] {7}, 0}, {new int[] {3, 4}, 1}, {new int[] {3, 4}, 0},
        {new int[] {2, 3, 5}, -2}, {new int[] {2, 3, 5}, -1}, {new int[] {2, 1, 3, 2}, 0},
        {new int[] {1, 300}, 1}};
    List<Arguments> cases = new ArrayList<>();
    for (byte type : new byte[] {TensorType.FLOAT32, TensorType.INT32, TensorType.INT64}) {
      for (Object[] sa : shapesAndAxes) {
        for (int flags = 0; flags < 4; flags++) {
          cases.add(Arguments.of(type, sa[0], sa[1], (flags & 1) != 0, (flags & 2) != 0));
        }
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void matchesTfLite(byte type, int[] shape, int axis, boolean exclusive, boolean reverse) {
    Differential.assertMatchesTfLite(cumsum(type, shape, axis, exclusive, reverse), 8);
  }

  @Test
  void handComputedFlags() {
    float[] in = {1, 2, 3, 4};
    int[] shape = {4};
    assertThat(ReduceOpModel.runFloats(cumsum(TensorType.FLOAT32, shape, 0, false, false), in))
        .containsExactly(1f, 3f, 6f, 10f);
    assertThat(ReduceOpModel.runFloats(cumsum(TensorType.FLOAT32, shape, 0, true, false), in))
        .containsExactly(0f, 1f, 3f, 6f);
    assertThat(ReduceOpModel.runFloats(cumsum(TensorType.FLOAT32, shape, 0, false, true), in))
        .containsExactly(10f, 9f, 7f, 4f);
    assertThat(ReduceOpModel.runFloats(cumsum(TensorType.FLOAT32, shape, 0, true, true), in))
        .containsExactly(9f, 7f, 4f, 0f);
  }

  @Test
  void constantAxisOutOfRangeIsRejected() {
    assertThatThrownBy(() -> ReduceOpModel.prepare(cumsum(TensorType.FLOAT32, new int[] {2, 2}, -3,
        false, false))).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("CUMSUM").hasMessageContaining("axis -3 is out of range for rank 2");
  }

  @Test
  void axisFromAGraphInputOutOfRangeFailsAtRun() {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, 2, 2);
    int a = m.input(TensorType.INT32);
    int y = m.output(TensorType.FLOAT32);
    byte[] model = m.op(BuiltinOperator.CUMSUM, ReduceOpModel.in(x, a), y).build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(new float[4]);
      interpreter.getInputTensor(1).copyFrom(new int[] {2});
      assertThatThrownBy(interpreter::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining("axis 2 is out of range for rank 2");
    }
  }
}
