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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolKernelsQuantizedTest {
  static byte[] pool(int op, byte type, float scale, int zeroPoint, int[] shape, byte padding,
      int[] window, byte activation) {
    MiscQuantModel m = new MiscQuantModel();
    int x = m.input(type, scale, zeroPoint, shape);
    int y = m.output(type, scale, zeroPoint);
    return m.op(op, BuiltinOptions.Pool2DOptions, fbb -> Pool2DOptions.createPool2DOptions(fbb,
        padding, window[1], window[0], window[3], window[2], activation), new int[] {x}, y)
        .build();
  }

  static List<Arguments> sweep() {
    int[] ops = {BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D};
    Object[][] quant = {{TensorType.UINT8, 0.05f, 128}, {TensorType.UINT8, 0.5f, 3},
        {TensorType.INT8, 0.02f, -5}, {TensorType.INT8, 0.1f, 100},
        {TensorType.INT16, 0.001f, 0}, {TensorType.INT16, 0.25f, -300}};
    int[][] shapes = {{1, 5, 5, 3}, {2, 7, 6, 17}, {1, 9, 9, 2}};
    int[][] windows = {{1, 1, 2, 2}, {2, 2, 3, 3}, {2, 1, 3, 2}, {3, 3, 5, 5}, {1, 1, 9, 9}};
    byte[] activations = {ActivationFunctionType.NONE, ActivationFunctionType.RELU,
        ActivationFunctionType.RELU_N1_TO_1, ActivationFunctionType.RELU6};
    List<Arguments> cases = new ArrayList<>();
    int k = 0;
    for (int op : ops) {
      for (Object[] q : quant) {
        for (int[] shape : shapes) {
          for (int[] w : windows) {
            byte padding = k % 2 == 0 ? Padding.SAME : Padding.VALID;
            if (padding == Padding.VALID && (w[2] > shape[1] || w[3] > shape[2])) {
              padding = Padding.SAME;
            }
            cases.add(Arguments.of(op, q[0], q[1], q[2], shape, padding, w,
                activations[k++ % 4]));
          }
        }
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void matchesTfLiteBitForBit(int op, byte type, float scale, int zeroPoint, int[] shape,
      byte padding, int[] window, byte activation) {
    Differential.assertMatchesTfLite(pool(op, type, scale, zeroPoint, shape, padding, window,
        activation), 7, 2);
  }

  @Test
  void int8AverageRoundsHalfAwayFromZero() {
    // Windows of two: (-3 + -2) / 2 = -2.5 -> -3, (3 + 2) / 2 = 2.5 -> 3, (-1 + 0) / 2 -> -1.
    byte[] model = pool(BuiltinOperator.AVERAGE_POOL_2D, TensorType.INT8, 1f, 0,
        new int[] {1, 1, 6, 1}, Padding.VALID, new int[] {1, 2, 1, 2},
        ActivationFunctionType.NONE);
    byte[] out = MiscQuantModel.runBytes(model, new byte[] {-3, -2, 3, 2, -1, 0});
    assertThat(out).containsExactly(-3, 3, -1);
  }

  @Test
  void uint8AverageRoundsHalfUpAndReluClampsAtTheZeroPoint() {
    // (1 + 2) / 2 = 1.5 -> 2; (200 + 201) / 2 = 200.5 -> 201; (5 + 6) -> 6 clamped up to 10.
    byte[] model = pool(BuiltinOperator.AVERAGE_POOL_2D, TensorType.UINT8, 0.5f, 10,
        new int[] {1, 1, 6, 1}, Padding.VALID, new int[] {1, 2, 1, 2},
        ActivationFunctionType.RELU);
    byte[] out = MiscQuantModel.runBytes(model, new byte[] {1, 2, (byte) 200, (byte) 201, 5, 6});
    assertThat(out).containsExactly(10, (byte) 201, 10);
  }

  @Test
  void maxPoolRelu6ClampsAtSixQuantized() {
    // scale 0.5, zero point -10: 6.0 quantizes to 2, 0.0 to -10.
    byte[] model = pool(BuiltinOperator.MAX_POOL_2D, TensorType.INT8, 0.5f, -10,
        new int[] {1, 1, 4, 1}, Padding.VALID, new int[] {1, 2, 1, 2},
        ActivationFunctionType.RELU6);
    byte[] out = MiscQuantModel.runBytes(model, new byte[] {-128, -20, 127, 0});
    assertThat(out).containsExactly(-10, 2);
  }

  @Test
  void l2PoolStaysFloatOnly() {
    byte[] model = pool(BuiltinOperator.L2_POOL_2D, TensorType.UINT8, 0.5f, 0,
        new int[] {1, 2, 2, 1}, Padding.VALID, new int[] {1, 1, 1, 1},
        ActivationFunctionType.NONE);
    assertThatThrownBy(() -> MiscQuantModel.prepare(model))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("expected FLOAT32");
  }

  @Test
  void hostileQuantizationIsRejected() {
    int[] shape = {1, 2, 2, 1};
    int[] w = {1, 1, 1, 1};
    assertThatThrownBy(() -> MiscQuantModel.prepare(pool(BuiltinOperator.MAX_POOL_2D,
        TensorType.INT8, 0f, 0, shape, Padding.VALID, w, ActivationFunctionType.NONE)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input scale 0.0 is not a positive finite number");
    assertThatThrownBy(() -> MiscQuantModel.prepare(pool(BuiltinOperator.AVERAGE_POOL_2D,
        TensorType.UINT8, Float.NaN, 0, shape, Padding.VALID, w, ActivationFunctionType.NONE)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("scale NaN is not a positive finite number");
    assertThatThrownBy(() -> MiscQuantModel.prepare(pool(BuiltinOperator.AVERAGE_POOL_2D,
        TensorType.INT8, 1f, 200, shape, Padding.VALID, w, ActivationFunctionType.NONE)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("zero point 200 is outside INT8 [-128, 127]");
  }

  @Test
  void perChannelActivationIsRejected() {
    MiscQuantModel m = new MiscQuantModel();
    int x = m.perChannelInput(TensorType.INT8, new float[] {0.1f, 0.2f}, 3, 1, 2, 2, 2);
    int y = m.output(TensorType.INT8, 0.1f, 0);
    byte[] model = m.op(BuiltinOperator.AVERAGE_POOL_2D, BuiltinOptions.Pool2DOptions,
        fbb -> Pool2DOptions.createPool2DOptions(fbb, Padding.VALID, 1, 1, 1, 1,
            ActivationFunctionType.NONE), new int[] {x}, y).build();
    assertThatThrownBy(() -> MiscQuantModel.prepare(model))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("must be quantized per tensor, has 2 scales");
  }

  @Test
  void missingQuantizationIsRejected() {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.INT8, 1, 2, 2, 1);
    int y = m.output(TensorType.INT8);
    byte[] model = m.op(BuiltinOperator.MAX_POOL_2D, BuiltinOptions.Pool2DOptions,
        fbb -> Pool2DOptions.createPool2DOptions(fbb, Padding.VALID, 1, 1, 1, 1,
            ActivationFunctionType.NONE), ReduceOpModel.in(x), y).buildUnverified();
    assertThatThrownBy(() -> ReduceOpModel.prepare(model))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("has no quantization parameters");
  }
}
