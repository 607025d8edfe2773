package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ResizeBilinearOptions;
import dev.jlite.schema.model.ResizeNearestNeighborOptions;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.testing.TfLiteOracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResizeKernelsTest {
  static byte[] resize(boolean bilinear, int[] shape, int[] size, boolean align, boolean half) {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, shape);
    int s = m.constant(new int[] {2}, size);
    int y = m.output(TensorType.FLOAT32);
    return resizeOp(m, bilinear, x, s, y, align, half).build();
  }

  static ReduceOpModel resizeOp(ReduceOpModel m, boolean bilinear, int x, int s, int y, boolean align,
      boolean half) {
    if (bilinear) {
      return m.op(BuiltinOperator.RESIZE_BILINEAR, BuiltinOptions.ResizeBilinearOptions,
          fbb -> ResizeBilinearOptions.createResizeBilinearOptions(fbb, align, half),
          ReduceOpModel.in(x, s), y);
    }
    return m.op(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR,
        BuiltinOptions.ResizeNearestNeighborOptions,
        fbb -> ResizeNearestNeighborOptions.createResizeNearestNeighborOptions(fbb, align, half),
        ReduceOpModel.in(x, s), y);
  }

  static List<Arguments> sweep() {
    int[][] shapes = {{1, 2, 2, 1}, {1, 3, 5, 2}, {2, 4, 4, 3}, {1, 7, 3, 1}, {1, 1, 1, 2}};
    int[][] sizes = {{4, 4}, {3, 3}, {1, 1}, {5, 9}, {2, 7}, {8, 3}, {11, 13}, {1, 6}};
    List<Arguments> cases = new ArrayList<>();
    for (boolean bilinear : new boolean[] {true, false}) {
      for (int[] shape : shapes) {
        for (int[] size : sizes) {
          for (int flags = 0; flags < 4; flags++) {
            boolean align = (flags & 1) != 0;
            boolean half = (flags & 2) != 0;
            if (bilinear && align && half) {
              continue;
            }
            cases.add(Arguments.of(bilinear, shape, size, align, half));
          }
        }
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void matchesTfLite(boolean bilinear, int[] shape, int[] size, boolean align, boolean half) {
    byte[] model = resize(bilinear, shape, size, align, half);
    if (bilinear) {
      Differential.assertMatchesTfLite(model, 21, 2);
    } else {
      assertIdenticalToTfLite(model, shape);
    }
  }

  /** Nearest neighbour copies values: with distinct inputs the outputs must be bit-identical. */
  private static void assertIdenticalToTfLite(byte[] model, int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putFloat(i + 0.25f);
    }
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      byte[] expected = oracle.run(b.array())[0];
      try (Interpreter jlite = new Interpreter(ByteBuffer.wrap(model))) {
        jlite.getInputTensor(0).copyFrom(ByteBuffer.wrap(b.array()).order(ByteOrder.LITTLE_ENDIAN));
        jlite.invoke();
        ByteBuffer actual = ByteBuffer.allocate(expected.length).order(ByteOrder.LITTLE_ENDIAN);
        jlite.getOutputTensor(0).copyTo(actual);
        assertThat(actual.array()).isEqualTo(expected);
      }
    }
  }

  @Test
  void sizeFromAGraphInputMatchesTfLite() {
    for (boolean bilinear : new boolean[] {true, false}) {
      ReduceOpModel m = new ReduceOpModel();
      int x = m.input(TensorType.FLOAT32, 1, 3, 3, 2);
      int s = m.input(TensorType.INT32, 2);
      int y = m.output(TensorType.FLOAT32);
      byte[] model = resizeOp(m, bilinear, x, s, y, false, true).build();
      ByteBuffer in = ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 18; i++) {
        in.putFloat(i * 0.5f - 3);
      }
      ByteBuffer size = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(5).putInt(2);
      Differential.assertMatchesTfLite(model, in.array(), size.array());
    }
  }

  @Test
  void bilinearHandComputed() {
    // 1x2 row [0, 4] to width 4: x * 0.5 -> 0, 0.5, 1, 1.5 (clamped to 1) -> 0, 2, 4, 4.
    float[] out = ReduceOpModel.runFloats(resize(true, new int[] {1, 1, 2, 1}, new int[] {1, 4},
        false, false), new float[] {0, 4});
    assertThat(out).containsExactly(0f, 2f, 4f, 4f);
    // Half-pixel centers: (x + 0.5) * 0.5 - 0.5 -> -0.25, 0.25, 0.75, 1.25; outside the input
    // both neighbours are the edge pixel.
    float[] half = ReduceOpModel.runFloats(resize(true, new int[] {1, 1, 2, 1}, new int[] {1, 4},
        false, true), new float[] {0, 4});
    assertThat(half[0]).isEqualTo(0f);
    assertThat(half[1]).isCloseTo(1f, Offset.offset(1e-6f));
    assertThat(half[2]).isCloseTo(3f, Offset.offset(1e-6f));
    assertThat(half[3]).isCloseTo(4f, Offset.offset(1e-6f));
    // Aligned corners: scale 1/3 -> 0, 4/3, 8/3, 4.
    float[] aligned = ReduceOpModel.runFloats(resize(true, new int[] {1, 1, 2, 1}, new int[] {1, 4},
        true, false), new float[] {0, 4});
    assertThat(aligned[1]).isCloseTo(4f / 3, Offset.offset(1e-6f));
    assertThat(aligned[3]).isEqualTo(4f);
  }

  @Test
  void nearestRoundingDiffersBetweenFlags() {
    // 3 -> 2: scale 1.5 floors x * 1.5 -> 0, 1; aligned scale 2 rounds -> 0, 2;
    // half-pixel floors (x + 0.5) * 1.5 -> 0, 2.
    float[] in = {10, 20, 30};
    int[] shape = {1, 1, 3, 1};
    int[] size = {1, 2};
    assertThat(ReduceOpModel.runFloats(resize(false, shape, size, false, false), in))
        .containsExactly(10f, 20f);
    assertThat(ReduceOpModel.runFloats(resize(false, shape, size, true, false), in))
        .containsExactly(10f, 30f);
    assertThat(ReduceOpModel.runFloats(resize(false, shape, size, false, true), in))
        .containsExactly(10f, 30f);
    // 4 -> 3 aligned: scale 1.5, x=1 -> round(1.5) = 2 (half away from zero).
    assertThat(ReduceOpModel.runFloats(resize(false, new int[] {1, 1, 4, 1}, new int[] {1, 3}, true,
        false), new float[] {1, 2, 3, 4})).containsExactly(1f, 3f, 4f);
  }

  @Test
  void alignCornersWithHalfPixelCentersIsRejectedForBilinear() {
    assertThatThrownBy(() -> ReduceOpModel.prepare(resize(true, new int[] {1, 2, 2, 1},
        new int[] {3, 3}, true, true))).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("RESIZE_BILINEAR")
        .hasMessageContaining("align_corners and half_pixel_centers");
  }

  @Test
  void nonPositiveBilinearSizeIsRejected() {
    assertThatThrownBy(() -> ReduceOpModel.prepare(resize(true, new int[] {1, 2, 2, 1},
        new int[] {0, 3}, false, false))).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("output size 0x3 must be positive");
  }

  @Test
  void negativeNearestSizeFromInputFailsAtRun() {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, 1, 2, 2, 1);
    int s = m.input(TensorType.INT32, 2);
    int y = m.output(TensorType.FLOAT32);
    byte[] model = resizeOp(m, false, x, s, y, false, false).build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(new float[4]);
      interpreter.getInputTensor(1).copyFrom(new int[] {2, -5});
      assertThatThrownBy(interpreter::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining("output size 2x-5 must be non-negative");
    }
  }

  @Test
  void emptyImageCannotBeResized() {
    assertThatThrownBy(() -> ReduceOpModel.prepare(resize(false, new int[] {1, 0, 2, 1},
        new int[] {3, 3}, false, false))).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("cannot resize an empty 0x2 image");
  }

  @Test
  void sizeMustHaveTwoElements() {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, 1, 2, 2, 1);
    int s = m.constant(new int[] {3}, new int[] {1, 2, 3});
    int y = m.output(TensorType.FLOAT32);
    byte[] model = resizeOp(m, true, x, s, y, false, false).build();
    assertThatThrownBy(() -> ReduceOpModel.prepare(model)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("2 elements");
  }
}
