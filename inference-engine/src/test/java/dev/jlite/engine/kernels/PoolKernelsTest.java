package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.Padding;
import dev.jlite.schema.model.Pool2DOptions;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolKernelsTest {
  static byte[] pool(int op, int[] shape, byte padding, int strideH, int strideW, int filterH,
      int filterW, byte activation) {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, shape);
    int y = m.output(TensorType.FLOAT32);
    return m.op(op, BuiltinOptions.Pool2DOptions, fbb -> Pool2DOptions.createPool2DOptions(fbb,
        padding, strideW, strideH, filterW, filterH, activation), ReduceOpModel.in(x), y).build();
  }

  static List<Arguments> sweep() {
    int[] ops = {BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D,
        BuiltinOperator.L2_POOL_2D};
    int[][] shapes = {{1, 5, 5, 1}, {2, 7, 6, 3}, {1, 8, 8, 4}, {1, 1, 9, 2}};
    int[][] windows = {{1, 1, 2, 2}, {2, 2, 2, 2}, {2, 1, 3, 3}, {1, 3, 3, 2}, {3, 3, 1, 1},
        {2, 2, 5, 5}};
    byte[] activations = {ActivationFunctionType.NONE, ActivationFunctionType.RELU,
        ActivationFunctionType.RELU_N1_TO_1, ActivationFunctionType.RELU6};
    List<Arguments> cases = new ArrayList<>();
    int k = 0;
    for (int op : ops) {
      for (int[] shape : shapes) {
        for (int[] w : windows) {
          for (byte padding : new byte[] {Padding.SAME, Padding.VALID}) {
            if (padding == Padding.VALID && (w[2] > shape[1] || w[3] > shape[2])) {
              continue;
            }
            cases.add(Arguments.of(op, shape, padding, w, activations[k++ % 4]));
          }
        }
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void matchesTfLite(int op, int[] shape, byte padding, int[] window, byte activation) {
    byte[] model = pool(op, shape, padding, window[0], window[1], window[2], window[3],
        activation);
    Differential.assertMatchesTfLite(model, 11, 2);
  }

  @Test
  void averageCountsOnlyInBoundsElements() {
    // 3x3 input, 2x2 filter, stride 2, SAME: output 2x2, the edge windows are clipped.
    byte[] model = pool(BuiltinOperator.AVERAGE_POOL_2D, new int[] {1, 3, 3, 1}, Padding.SAME,
        2, 2, 2, 2, ActivationFunctionType.NONE);
    float[] out = ReduceOpModel.runFloats(model, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertThat(out).containsExactly((1 + 2 + 4 + 5) / 4f, (3 + 6) / 2f, (7 + 8) / 2f, 9f);
  }

  @Test
  void maxAndL2OnHandComputedWindows() {
    float[] input = {1, -2, 3, -4};
    byte[] max = pool(BuiltinOperator.MAX_POOL_2D, new int[] {1, 2, 2, 1}, Padding.VALID, 1, 1,
        2, 2, ActivationFunctionType.NONE);
    assertThat(ReduceOpModel.runFloats(max, input)).containsExactly(3f);
    byte[] l2 = pool(BuiltinOperator.L2_POOL_2D, new int[] {1, 2, 2, 1}, Padding.VALID, 1, 1, 2,
        2, ActivationFunctionType.NONE);
    assertThat(ReduceOpModel.runFloats(l2, input)[0]).isCloseTo((float) Math.sqrt(30 / 4.0),
        Offset.offset(1e-6f));
    byte[] relu = pool(BuiltinOperator.MAX_POOL_2D, new int[] {1, 2, 2, 1}, Padding.VALID, 1, 1,
        1, 1, ActivationFunctionType.RELU);
    assertThat(ReduceOpModel.runFloats(relu, input)).containsExactly(1f, 0f, 3f, 0f);
  }

  @Test
  void zeroStrideIsRejected() {
    byte[] model = pool(BuiltinOperator.AVERAGE_POOL_2D, new int[] {1, 4, 4, 1}, Padding.SAME,
        0, 1, 2, 2, ActivationFunctionType.NONE);
    assertThatThrownBy(() -> ReduceOpModel.prepare(model)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("AVERAGE_POOL_2D").hasMessageContaining("stride 0x1");
  }

  @Test
  void zeroFilterIsRejected() {
    byte[] model = pool(BuiltinOperator.MAX_POOL_2D, new int[] {1, 4, 4, 1}, Padding.VALID, 1,
        1, 2, 0, ActivationFunctionType.NONE);
    assertThatThrownBy(() -> ReduceOpModel.prepare(model)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("filter size 2x0 must be positive");
  }

  @Test
  void filterLargerThanValidInputIsRejected() {
    byte[] model = pool(BuiltinOperator.MAX_POOL_2D, new int[] {1, 2, 2, 1}, Padding.VALID, 1,
        1, 5, 1, ActivationFunctionType.NONE);
    assertThatThrownBy(() -> ReduceOpModel.prepare(model)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("exceeds the input height 2");
  }

  @Test
  void nonFourDimensionalInputIsRejected() {
    byte[] model = pool(BuiltinOperator.L2_POOL_2D, new int[] {4, 4, 1}, Padding.VALID, 1, 1, 1,
        1, ActivationFunctionType.NONE);
    assertThatThrownBy(() -> ReduceOpModel.prepare(model)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("rank 4");
  }

  @Test
  void unknownPaddingIsRejected() {
    byte[] model = pool(BuiltinOperator.MAX_POOL_2D, new int[] {1, 2, 2, 1}, (byte) 7, 1, 1, 1,
        1, ActivationFunctionType.NONE);
    assertThatThrownBy(() -> ReduceOpModel.prepare(model)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("padding 7");
  }
}
