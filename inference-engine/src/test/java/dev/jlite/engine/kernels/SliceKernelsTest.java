package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.StridedSliceOptions;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.testing.TfLiteOracle;
import dev.jlite.schema.testing.TfLiteOracleException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SliceKernelsTest {
  static ShapeOpModel slice(byte type, int[] shape, int[] begin, int[] size) {
    return ShapeOpModel.of(BuiltinOperator.SLICE).input(type, shape).ints(begin).ints(size)
        .output(type);
  }

  static Stream<Arguments> slices() {
    return Stream.of(
        Arguments.of(new int[] {5}, new int[] {1}, new int[] {3}),
        Arguments.of(new int[] {5}, new int[] {2}, new int[] {-1}),
        Arguments.of(new int[] {4, 5}, new int[] {1, 0}, new int[] {2, -1}),
        Arguments.of(new int[] {3, 4, 5}, new int[] {0, 1, 2}, new int[] {3, 2, 3}),
        Arguments.of(new int[] {2, 3, 4, 5}, new int[] {1, 1, 1, 1}, new int[] {1, -1, 2, 4}),
        Arguments.of(new int[] {2, 3, 4, 5, 6}, new int[] {0, 2, 0, 3, 1},
            new int[] {2, 1, -1, 2, 4}));
  }

  @ParameterizedTest
  @MethodSource("slices")
  void sliceMatchesTfLite(int[] shape, int[] begin, int[] size) {
    Differential.assertMatchesTfLite(slice(TensorType.FLOAT32, shape, begin, size).build(), 1);
    long[] begin64 = Arrays.stream(begin).asLongStream().toArray();
    long[] size64 = Arrays.stream(size).asLongStream().toArray();
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.SLICE)
        .input(TensorType.INT32, shape).longs(new int[] {begin.length}, begin64)
        .longs(new int[] {size.length}, size64).output(TensorType.INT32).build(), 2);
  }

  @ParameterizedTest
  @MethodSource("dev.jlite.engine.kernels.ReshapeKernelsTest#types")
  void sliceMovesEveryType(byte type) {
    Differential.assertMatchesTfLite(slice(type, new int[] {3, 4}, new int[] {1, 1},
        new int[] {2, 2}).build(), 3);
  }

  @Test
  void sliceByHand() {
    try (Interpreter interpreter = slice(TensorType.INT32, new int[] {3, 3}, new int[] {1, 0},
        new int[] {-1, 2}).open()) {
      int[][] out = new int[2][2];
      interpreter.run(new int[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, out);
      assertThat(out).isDeepEqualTo(new int[][] {{4, 5}, {7, 8}});
    }
  }

  static Stream<Arguments> badSlices() {
    return Stream.of(
        Arguments.of(new int[] {-1}, new int[] {2}),
        Arguments.of(new int[] {3}, new int[] {2}),
        Arguments.of(new int[] {0}, new int[] {-2}),
        Arguments.of(new int[] {5}, new int[] {-1}));
  }

  @ParameterizedTest
  @MethodSource("badSlices")
  void rejectsSlicesOutsideTheInput(int[] begin, int[] size) {
    assertThatThrownBy(() -> slice(TensorType.FLOAT32, new int[] {4}, begin, size).open())
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("SLICE")
        .hasMessageContaining("leave input shape [4] in dimension 0");
  }

  static ShapeOpModel stridedSlice(byte type, int[] shape, int[] begin, int[] end, int[] strides,
      int beginMask, int endMask, int ellipsisMask, int newAxisMask, int shrinkMask,
      boolean offset) {
    return ShapeOpModel.of(BuiltinOperator.STRIDED_SLICE).input(type, shape).ints(begin).ints(end)
        .ints(strides).output(type).options(BuiltinOptions.StridedSliceOptions,
            fbb -> StridedSliceOptions.createStridedSliceOptions(fbb, beginMask, endMask,
                ellipsisMask, newAxisMask, shrinkMask, offset));
  }

  /**
   * Random begin/end/strides and mask combinations on ranks 1 to 5: outputs must match TFLite, and
   * a node TFLite refuses must be refused. TFLite writes nothing for a shrunk axis whose index is
   * out of range or whose stride is negative, and with the offset option sizes the output from end
   * alone, so parts of the output stay undefined; jlite rejects those, so they are not compared.
   */
  @Test
  void randomStridedSlicesMatchTfLite() {
    Random random = new Random(42);
    int compared = 0;
    int refused = 0;
    for (int k = 0; k < 600; k++) {
      int rank = 1 + random.nextInt(5);
      int[] shape = new int[rank];
      for (int i = 0; i < rank; i++) {
        shape[i] = 1 + random.nextInt(5);
      }
      int count = Math.max(1, rank - 1 + random.nextInt(3));
      int[] begin = new int[count];
      int[] end = new int[count];
      int[] strides = new int[count];
      for (int i = 0; i < count; i++) {
        begin[i] = random.nextInt(13) - 6;
        end[i] = random.nextInt(13) - 6;
        strides[i] = (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(3));
      }
      int bits = (1 << count) - 1;
      int beginMask = random.nextInt(1 << count);
      int endMask = random.nextInt(1 << count);
      int ellipsisMask = random.nextInt(4) == 0 ? 1 << random.nextInt(count) : 0;
      int newAxisMask = random.nextInt(4) == 0 ? random.nextInt(1 << count) & bits : 0;
      int shrinkMask = random.nextInt(3) == 0 ? random.nextInt(1 << count) : 0;
      boolean offset = random.nextInt(5) == 0;
      byte[] model = stridedSlice(TensorType.FLOAT32, shape, begin, end, strides, beginMask,
          endMask, ellipsisMask, newAxisMask, shrinkMask, offset).build();
      String what = "shape " + Arrays.toString(shape) + " begin " + Arrays.toString(begin)
          + " end " + Arrays.toString(end) + " strides " + Arrays.toString(strides) + " masks "
          + beginMask + "/" + endMask + "/" + ellipsisMask + "/" + newAxisMask + "/"
          + shrinkMask + " offset " + offset;
      // TFLite writes the effective dimensions into 5-entry arrays before checking their number
      // (its process dies on more), so such nodes only go to jlite, which must refuse them.
      int added = Integer.bitCount(newAxisMask & ~ellipsisMask & bits);
      boolean tfliteRefuses = rank + added > 5;
      try (TfLiteOracle oracle = tfliteRefuses ? null : TfLiteOracle.open(model)) {
        if (oracle != null) {
          oracle.allocateTensors();
        }
      } catch (TfLiteOracleException e) {
        tfliteRefuses = true;
      }
      if (tfliteRefuses) {
        assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)).close()).as(what)
            .isInstanceOf(InvalidModelException.class);
        refused++;
        continue;
      }
      try {
        new Interpreter(ByteBuffer.wrap(model)).close();
      } catch (InvalidModelException e) {
        assertThat(e.getMessage()).as(what).containsAnyOf("shrinking dimension", "offset",
            "that end");
        continue;
      }
      try {
        Differential.assertMatchesTfLite(model, k);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(what, e);
      }
      compared++;
    }
    assertThat(compared).isGreaterThan(300);
    assertThat(refused).isGreaterThan(0);
  }

  static Stream<Arguments> namedStridedSlices() {
    // shape, begin, end, strides, begin/end/ellipsis/new-axis/shrink masks, offset
    return Stream.of(
        Arguments.of(new int[] {6}, new int[] {5}, new int[] {0}, new int[] {-2},
            new int[] {0, 0, 0, 0, 0}, false),
        Arguments.of(new int[] {4, 5}, new int[] {-1, 0}, new int[] {0, 5}, new int[] {1, 1},
            new int[] {0, 0, 0, 0, 1}, false),
        Arguments.of(new int[] {2, 3, 4}, new int[] {1}, new int[] {3}, new int[] {1},
            new int[] {0, 0, 0, 0, 0}, false),
        Arguments.of(new int[] {2, 3, 4, 5}, new int[] {0, 1}, new int[] {0, 3},
            new int[] {1, 1}, new int[] {0, 0, 1, 0, 0}, false),
        Arguments.of(new int[] {2, 3, 4}, new int[] {0, 0, 1}, new int[] {0, 0, 2},
            new int[] {1, 1, 1}, new int[] {0, 0, 0, 2, 4}, false),
        Arguments.of(new int[] {3, 4}, new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 1},
            new int[] {0, 0, 0, 0, 0}, true),
        Arguments.of(new int[] {2, 3, 4, 5, 6}, new int[] {1, -1, 0, 4, -2},
            new int[] {2, -4, 4, 0, -7}, new int[] {1, -1, 2, -2, -1},
            new int[] {4, 8, 0, 0, 1}, false));
  }

  @ParameterizedTest
  @MethodSource("namedStridedSlices")
  void stridedSliceCasesMatchTfLite(int[] shape, int[] begin, int[] end, int[] strides,
      int[] masks, boolean offset) {
    Differential.assertMatchesTfLite(stridedSlice(TensorType.FLOAT32, shape, begin, end, strides,
        masks[0], masks[1], masks[2], masks[3], masks[4], offset).build(), 4);
  }

  @ParameterizedTest
  @MethodSource("dev.jlite.engine.kernels.ReshapeKernelsTest#types")
  void stridedSliceMovesEveryType(byte type) {
    Differential.assertMatchesTfLite(stridedSlice(type, new int[] {4, 6}, new int[] {3, 1},
        new int[] {0, 6}, new int[] {-1, 2}, 0, 0, 0, 0, 0, false).build(), 5);
  }

  @Test
  void stridedSliceByHand() {
    // x[::-1, 1] on [[1, 2, 3], [4, 5, 6]]: rows reversed, column 1 kept, axis 1 shrunk.
    try (Interpreter interpreter = stridedSlice(TensorType.INT32, new int[] {2, 3},
        new int[] {0, 1}, new int[] {0, 2}, new int[] {-1, 1}, 1, 1, 0, 0, 2, false).open()) {
      int[] out = new int[2];
      interpreter.run(new int[][] {{1, 2, 3}, {4, 5, 6}}, out);
      assertThat(out).containsExactly(5, 2);
    }
  }

  /** RELIABILITY row 27: an ellipsis whose expansion would end before it starts. */
  @Test
  void ellipsisThatCoversNothingStillMakesProgress() {
    byte[] model = stridedSlice(TensorType.FLOAT32, new int[] {2, 3}, new int[] {0, 0, 0, 0},
        new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1}, 0, 0, 1, 0, 0, false).build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.invoke();
    } catch (InvalidModelException e) {
      assertThat(e.getMessage()).contains("STRIDED_SLICE");
    }
  }

  @Test
  void rejectsOffsetSlicesThatRunPastTheInput() {
    assertThatThrownBy(() -> stridedSlice(TensorType.FLOAT32, new int[] {4}, new int[] {2},
        new int[] {3}, new int[] {1}, 0, 0, 0, 0, 0, true).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("holds 2 elements from begin 2 with stride 1, not the 3 that end 3");
    assertThatThrownBy(() -> stridedSlice(TensorType.FLOAT32, new int[] {4, 4}, new int[] {0},
        new int[] {1}, new int[] {1}, 0, 0, 0, 0, 0, true).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("offset needs one begin entry per input dimension");
  }

  @Test
  void rejectsZeroStride() {
    assertThatThrownBy(() -> stridedSlice(TensorType.FLOAT32, new int[] {4}, new int[] {0},
        new int[] {4}, new int[] {0}, 0, 0, 0, 0, 0, false).open())
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("stride 0 is 0");
  }

  @Test
  void rejectsShrinkingOutsideTheInput() {
    assertThatThrownBy(() -> stridedSlice(TensorType.FLOAT32, new int[] {4}, new int[] {4},
        new int[] {5}, new int[] {1}, 0, 0, 0, 0, 1, false).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("shrinking dimension 0 needs an index in [0, 4)");
  }

  @Test
  void rejectsMasksBeyondTheBeginVector() {
    assertThatThrownBy(() -> stridedSlice(TensorType.FLOAT32, new int[] {4, 4}, new int[] {0},
        new int[] {1}, new int[] {1}, 0, 0, 4, 0, 0, false).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("ellipsis_mask or new_axis_mask has bits beyond the 1 begin");
    assertThatThrownBy(() -> stridedSlice(TensorType.FLOAT32, new int[] {4, 4},
        new int[] {0, 0}, new int[] {1, 1}, new int[] {1, 1}, 0, 0, 3, 0, 0, false).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("has more than one ellipsis");
  }

  @Test
  void rejectsMoreThanFiveDimensionsWithNewAxes() {
    assertThatThrownBy(() -> stridedSlice(TensorType.FLOAT32, new int[] {1, 1, 1, 1, 1},
        new int[] {0}, new int[] {1}, new int[] {1}, 0, 0, 0, 1, 0, false).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("the slice has 6 dimensions with its new axes, more than 5");
  }

  /** x[begin:] where begin comes from another input: the output is sized at run time. */
  static byte[] runTimeBeginModel() {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int x = g.addTensor("x", TensorType.FLOAT32, 3, 4);
    int begin = g.addTensor("begin", TensorType.INT32, 2);
    int end = g.addConstant("end", new int[] {2}, new int[] {3, 4});
    int strides = g.addConstant("strides", new int[] {2}, new int[] {1, 1});
    int sliced = g.addTensor("sliced", TensorType.FLOAT32, 3, 4);
    int perm = g.addConstant("perm", new int[] {2}, new int[] {1, 0});
    int out = g.addTensor("out", TensorType.FLOAT32, 4, 3);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.STRIDED_SLICE)
        .inputs(x, begin, end, strides).outputs(sliced).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.TRANSPOSE).inputs(sliced, perm)
        .outputs(out).build());
    g.inputs(x, begin).outputs(out);
    return m.build();
  }

  @Test
  void runTimeBeginFeedsADeferredTranspose() {
    byte[] model = runTimeBeginModel();
    float[] x = new float[12];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    Differential.assertMatchesTfLite(model, ShapeOpModel.rawFloats(x), ShapeOpModel.rawInts(1, 2));
    Differential.assertMatchesTfLite(model, ShapeOpModel.rawFloats(x), ShapeOpModel.rawInts(-2, 0));
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(x);
      interpreter.getInputTensor(1).copyFrom(new int[] {2, 1});
      interpreter.invoke();
      float[][] out = new float[3][1];
      interpreter.getOutputTensor(0).copyTo(out);
      assertThat(out).isDeepEqualTo(new float[][] {{9}, {10}, {11}});
    }
  }

  @Test
  void runTimeZeroStrideIsAnInferenceError() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.STRIDED_SLICE).input(TensorType.FLOAT32, 4)
        .ints(0).ints(4).input(TensorType.INT32, 1).output(TensorType.FLOAT32).build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(new float[4]);
      interpreter.getInputTensor(1).copyFrom(new int[] {0});
      assertThatThrownBy(interpreter::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining("stride 0 is 0");
    }
  }
}
