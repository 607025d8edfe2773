package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ResizeBilinearOptions;
import dev.jlite.schema.model.ResizeNearestNeighborOptions;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResizeKernelsQuantizedTest {
  static byte[] resize(boolean bilinear, byte type, int[] shape, int h, int w, boolean align,
      boolean halfPixel) {
    MiscQuantModel m = new MiscQuantModel();
    int x = m.input(type, 0.1f, type == TensorType.UINT8 ? 128 : 0, shape);
    int size = m.constant(new int[] {2}, h, w);
    int y = m.output(type, 0.1f, type == TensorType.UINT8 ? 128 : 0);
    if (bilinear) {
      return m.op(BuiltinOperator.RESIZE_BILINEAR, BuiltinOptions.ResizeBilinearOptions,
          fbb -> ResizeBilinearOptions.createResizeBilinearOptions(fbb, align, halfPixel),
          new int[] {x, size}, y).build();
    }
    return m.op(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR,
        BuiltinOptions.ResizeNearestNeighborOptions,
        fbb -> ResizeNearestNeighborOptions.createResizeNearestNeighborOptions(fbb, align,
            halfPixel), new int[] {x, size}, y).build();
  }

  static List<Arguments> sweep() {
    byte[] types = {TensorType.UINT8, TensorType.INT8, TensorType.INT16};
    int[][] shapes = {{1, 3, 4, 3}, {2, 5, 5, 2}, {1, 7, 3, 9}};
    int[][] sizes = {{6, 8}, {2, 3}, {10, 7}, {1, 1}, {5, 5}};
    boolean[][] modes = {{false, false}, {true, false}, {false, true}};
    List<Arguments> cases = new ArrayList<>();
    int k = 0;
    for (boolean bilinear : new boolean[] {true, false}) {
      for (byte type : types) {
        for (int[] shape : shapes) {
          for (int[] size : sizes) {
            boolean[] mode = modes[k++ % 3];
            cases.add(Arguments.of(bilinear, type, shape, size[0], size[1], mode[0], mode[1]));
          }
        }
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void matchesTfLiteBitForBit(boolean bilinear, byte type, int[] shape, int h, int w,
      boolean align, boolean halfPixel) {
    Differential.assertMatchesTfLite(resize(bilinear, type, shape, h, w, align, halfPixel), 17,
        2);
  }

  /** TFLite runs its 8.8 fixed-point "888" kernel here: exact weights, so the same results. */
  @Test
  void uint8EightfoldHalfPixelUpsampleMatchesTfLite() {
    Differential.assertMatchesTfLite(resize(true, TensorType.UINT8, new int[] {2, 3, 4, 16}, 24,
        32, false, true), 21);
  }

  @Test
  void uint8BilinearRoundsTheMidpointUp() {
    // 1x2 -> 1x4: x = 0, 0.5, 1, 1.5 -> 10, (10 + 13) / 2 = 11.5 -> 12, 13, 13.
    byte[] model = resize(true, TensorType.UINT8, new int[] {1, 1, 2, 1}, 1, 4, false, false);
    assertThat(MiscQuantModel.runBytes(model, new byte[] {10, 13}))
        .containsExactly(10, 12, 13, 13);
  }

  @Test
  void int8BilinearRoundsHalfAwayFromZero() {
    // 1x2 -> 1x4: midpoints (-10 + -13) / 2 = -11.5 -> -12.
    byte[] model = resize(true, TensorType.INT8, new int[] {1, 1, 2, 1}, 1, 4, false, false);
    assertThat(MiscQuantModel.runBytes(model, new byte[] {-10, -13}))
        .containsExactly(-10, -12, -13, -13);
  }

  @Test
  void uint8NearestUsesTheFixedPointStep() {
    // 3 -> 5: step (3 << 16) / 5 + 1 = 39322; x * step >> 16 = 0, 0, 1, 1, 2.
    byte[] model = resize(false, TensorType.UINT8, new int[] {1, 1, 3, 1}, 1, 5, false, false);
    assertThat(MiscQuantModel.runBytes(model, new byte[] {1, 2, 3}))
        .containsExactly(1, 1, 2, 2, 3);
  }
}
