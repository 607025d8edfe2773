package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ConcatenationOptions;
import dev.jlite.schema.model.PackOptions;
import dev.jlite.schema.model.SplitOptions;
import dev.jlite.schema.model.SplitVOptions;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.model.UnpackOptions;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConcatSplitKernelsTest {
  static Stream<Arguments> rankAxes() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int rank = 1; rank <= 6; rank++) {
      for (int axis = -rank; axis < rank; axis++) {
        b.add(Arguments.of(rank, axis));
      }
    }
    return b.build();
  }

  static int[] shape(int rank, int axis, int axisSize) {
    int[] shape = TransposeKernelsTest.shapeOfRank(rank);
    shape[axis < 0 ? axis + rank : axis] = axisSize;
    return shape;
  }

  static ShapeOpModel concat(byte type, int axis, byte activation, int[]... shapes) {
    ShapeOpModel m = ShapeOpModel.of(BuiltinOperator.CONCATENATION);
    for (int[] s : shapes) {
      m.input(type, s);
    }
    return m.output(type).options(BuiltinOptions.ConcatenationOptions,
        fbb -> ConcatenationOptions.createConcatenationOptions(fbb, axis, activation));
  }

  @ParameterizedTest
  @MethodSource("rankAxes")
  void concatenationMatchesTfLite(int rank, int axis) {
    Differential.assertMatchesTfLite(concat(TensorType.FLOAT32, axis, ActivationFunctionType.NONE,
        shape(rank, axis, 1), shape(rank, axis, 3), shape(rank, axis, 2)).build(), 1);
  }

  @ParameterizedTest
  @MethodSource("dev.jlite.engine.kernels.ReshapeKernelsTest#types")
  void concatenationMovesEveryType(byte type) {
    Differential.assertMatchesTfLite(concat(type, 1, ActivationFunctionType.NONE,
        new int[] {2, 3, 4}, new int[] {2, 1, 4}).build(), 2);
  }

  /** TFLite 2.19 refuses fused activations on CONCATENATION; jlite applies them to floats. */
  @Test
  void concatenationAppliesTheFusedActivationByHand() {
    float[] a = {-3, -0.5f, 0.25f, 7};
    float[] b = {1.5f, -1.5f, 6.5f, 0.75f};
    byte[] activations = {ActivationFunctionType.RELU, ActivationFunctionType.RELU_N1_TO_1,
        ActivationFunctionType.RELU6};
    float[][] expected = {{0, 0, 0.25f, 7, 1.5f, 0, 6.5f, 0.75f},
        {-1, -0.5f, 0.25f, 1, 1, -1, 1, 0.75f}, {0, 0, 0.25f, 6, 1.5f, 0, 6, 0.75f}};
    for (int k = 0; k < activations.length; k++) {
      try (Interpreter interpreter = concat(TensorType.FLOAT32, 0, activations[k],
          new int[] {4}, new int[] {4}).open()) {
        float[] out = new float[8];
        interpreter.runForMultipleInputsOutputs(new Object[] {a, b}, Map.of(0, out));
        assertThat(out).containsExactly(expected[k]);
      }
    }
  }

  @Test
  void rejectsFusedActivationOnIntegers() {
    assertThatThrownBy(() -> concat(TensorType.INT32, 0, ActivationFunctionType.RELU,
        new int[] {4}, new int[] {4}).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("fused activation on INT32 concatenation is not supported");
  }

  @Test
  void concatenationOfManyInputsByHand() {
    ShapeOpModel m = concat(TensorType.INT32, -1, ActivationFunctionType.NONE, new int[] {2, 1},
        new int[] {2, 2}, new int[] {2, 0}, new int[] {2, 1});
    try (Interpreter interpreter = m.open()) {
      Map<Integer, Object> outputs = new HashMap<>();
      int[][] out = new int[2][4];
      outputs.put(0, out);
      interpreter.runForMultipleInputsOutputs(new Object[] {new int[][] {{1}, {2}},
          new int[][] {{3, 4}, {5, 6}}, new int[2][0], new int[][] {{7}, {8}}}, outputs);
      assertThat(out).isDeepEqualTo(new int[][] {{1, 3, 4, 7}, {2, 5, 6, 8}});
    }
  }

  /** RELIABILITY row 43: sizes along the axis that overflow int32 when added. */
  @Test
  void rejectsAxisSumOverflow() {
    ShapeOpModel m = concat(TensorType.BOOL, 0, ActivationFunctionType.NONE,
        new int[] {Integer.MAX_VALUE}, new int[] {Integer.MAX_VALUE}, new int[] {2});
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(m.buildUnverified())))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("CONCATENATION")
        .hasMessageContaining("add up to more than 2^31");
  }

  @Test
  void rejectsMismatchedDimensions() {
    ShapeOpModel m = concat(TensorType.FLOAT32, 0, ActivationFunctionType.NONE, new int[] {2, 3},
        new int[] {2, 4});
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(m.build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input 1 shape [2, 4] differs from input 0 shape [2, 3]");
  }

  @Test
  void rejectsMismatchedRanksAndTypes() {
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(concat(TensorType.FLOAT32, 0,
        ActivationFunctionType.NONE, new int[] {2, 3}, new int[] {2}).build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input 1 has rank 1, input 0 has 2");
    byte[] mixed = ShapeOpModel.of(BuiltinOperator.CONCATENATION).input(TensorType.FLOAT32, 2)
        .input(TensorType.INT32, 2).output(TensorType.FLOAT32).build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(mixed)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input 1 (tensor 1) has type INT32, expected FLOAT32");
  }

  @Test
  void rejectsAxisOutOfRange() {
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(concat(TensorType.FLOAT32, -3,
        ActivationFunctionType.NONE, new int[] {2, 3}, new int[] {2, 3}).build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("axis -3 is out of range for rank 2");
  }

  static ShapeOpModel pack(byte type, int axis, int count, int... shape) {
    ShapeOpModel m = ShapeOpModel.of(BuiltinOperator.PACK);
    for (int i = 0; i < count; i++) {
      m.input(type, shape);
    }
    return m.output(type).options(BuiltinOptions.PackOptions,
        fbb -> PackOptions.createPackOptions(fbb, count, axis));
  }

  static Stream<Arguments> packAxes() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int rank = 0; rank <= 5; rank++) {
      for (int axis = -rank - 1; axis <= rank; axis++) {
        b.add(Arguments.of(rank, axis));
      }
    }
    return b.build();
  }

  @ParameterizedTest
  @MethodSource("packAxes")
  void packMatchesTfLite(int rank, int axis) {
    Differential.assertMatchesTfLite(pack(TensorType.FLOAT32, axis, 3,
        TransposeKernelsTest.shapeOfRank(rank)).build(), 3);
  }

  @ParameterizedTest
  @MethodSource("packTypes")
  void packMovesEveryTypeTfLiteHas(byte type) {
    Differential.assertMatchesTfLite(pack(type, 1, 2, 3, 4).build(), 4);
  }

  static Stream<Arguments> packTypes() {
    return ReshapeKernelsTest.typesExcept(TensorType.BOOL);
  }

  @ParameterizedTest
  @MethodSource("unpackTypes")
  void unpackMovesEveryTypeTfLiteHas(byte type) {
    Differential.assertMatchesTfLite(unpack(type, 0, 3, 3, 2).build(), 5);
  }

  static Stream<Arguments> unpackTypes() {
    return ReshapeKernelsTest.typesExcept(TensorType.INT64);
  }

  /** Types TFLite's PACK, UNPACK and SPLIT lack, which jlite moves all the same. */
  @Test
  void packUnpackAndSplitMoveTheRemainingTypesByHand() {
    try (Interpreter interpreter = pack(TensorType.BOOL, 1, 2, 2).open()) {
      boolean[][] out = new boolean[2][2];
      interpreter.runForMultipleInputsOutputs(new Object[] {new boolean[] {true, false},
          new boolean[] {false, false}}, Map.of(0, out));
      assertThat(out).isDeepEqualTo(new boolean[][] {{true, false}, {false, false}});
    }
    try (Interpreter interpreter = unpack(TensorType.INT64, -1, 2, 2, 2).open()) {
      long[] a = new long[2];
      long[] b = new long[2];
      interpreter.runForMultipleInputsOutputs(new Object[] {new long[][] {{1, 2}, {3, 4}}},
          Map.of(0, a, 1, b));
      assertThat(a).containsExactly(1, 3);
      assertThat(b).containsExactly(2, 4);
    }
    try (Interpreter interpreter = split(TensorType.BOOL, 0, 2, 2).open()) {
      boolean[] a = new boolean[1];
      boolean[] b = new boolean[1];
      interpreter.runForMultipleInputsOutputs(new Object[] {new boolean[] {false, true}},
          Map.of(0, a, 1, b));
      assertThat(a).containsExactly(false);
      assertThat(b).containsExactly(true);
    }
  }

  @Test
  void rejectsPackOfDifferentShapes() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.PACK).input(TensorType.FLOAT32, 2)
        .input(TensorType.FLOAT32, 3).output(TensorType.FLOAT32)
        .options(BuiltinOptions.PackOptions, fbb -> PackOptions.createPackOptions(fbb, 2, 0))
        .build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input 1: shapes [2] and [3] differ");
  }

  @Test
  void rejectsPackValuesCountMismatch() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.PACK).input(TensorType.FLOAT32, 2)
        .output(TensorType.FLOAT32)
        .options(BuiltinOptions.PackOptions, fbb -> PackOptions.createPackOptions(fbb, 2, 0))
        .build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("values_count 2 differs from the 1 inputs");
  }

  static ShapeOpModel unpack(byte type, int axis, int count, int... shape) {
    return ShapeOpModel.of(BuiltinOperator.UNPACK).input(type, shape).outputs(type, count)
        .options(BuiltinOptions.UnpackOptions,
            fbb -> UnpackOptions.createUnpackOptions(fbb, count, axis));
  }

  @ParameterizedTest
  @MethodSource("rankAxes")
  void unpackMatchesTfLite(int rank, int axis) {
    int[] shape = TransposeKernelsTest.shapeOfRank(rank);
    int n = shape[axis < 0 ? axis + rank : axis];
    Differential.assertMatchesTfLite(unpack(TensorType.FLOAT32, axis, n, shape).build(), 6);
  }

  @Test
  void rejectsUnpackCountMismatch() {
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(
        unpack(TensorType.FLOAT32, 0, 2, 3, 4).build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("num 2 and 2 outputs must both equal dimension 0 of input shape "
            + "[3, 4]");
  }

  static ShapeOpModel split(byte type, int axis, int n, int... shape) {
    return ShapeOpModel.of(BuiltinOperator.SPLIT).scalar(axis).input(type, shape).outputs(type, n)
        .options(BuiltinOptions.SplitOptions, fbb -> SplitOptions.createSplitOptions(fbb, n));
  }

  @ParameterizedTest
  @MethodSource("rankAxes")
  void splitMatchesTfLite(int rank, int axis) {
    Differential.assertMatchesTfLite(split(TensorType.FLOAT32, axis, 3,
        shape(rank, axis, 6)).build(), 7);
  }

  @ParameterizedTest
  @MethodSource("packTypes")
  void splitAndSplitVMoveEveryTypeTfLiteHas(byte type) {
    Differential.assertMatchesTfLite(split(type, -1, 2, 3, 4).build(), 8);
    Differential.assertMatchesTfLite(splitV(type, 0, new int[] {1, -1, 2}, 5, 2).build(), 9);
  }

  @Test
  void splitByHand() {
    try (Interpreter interpreter = split(TensorType.INT32, 1, 2, 2, 4).open()) {
      int[][] a = new int[2][2];
      int[][] b = new int[2][2];
      Map<Integer, Object> outputs = new HashMap<>();
      outputs.put(0, a);
      outputs.put(1, b);
      interpreter.runForMultipleInputsOutputs(
          new Object[] {new int[][] {{1, 2, 3, 4}, {5, 6, 7, 8}}}, outputs);
      assertThat(a).isDeepEqualTo(new int[][] {{1, 2}, {5, 6}});
      assertThat(b).isDeepEqualTo(new int[][] {{3, 4}, {7, 8}});
    }
  }

  @Test
  void runTimeSplitAxisMatchesTfLite() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.SPLIT).input(TensorType.INT32)
        .input(TensorType.FLOAT32, 4, 6).outputs(TensorType.FLOAT32, 2)
        .options(BuiltinOptions.SplitOptions, fbb -> SplitOptions.createSplitOptions(fbb, 2))
        .build();
    Differential.assertMatchesTfLite(model, ShapeOpModel.rawInts(-1), ShapeOpModel.rawFloats(new float[24]));
  }

  /** RELIABILITY row 23: num_splits = 0. */
  @Test
  void rejectsZeroSplits() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.SPLIT).scalar(0).input(TensorType.FLOAT32, 4)
        .output(TensorType.FLOAT32)
        .options(BuiltinOptions.SplitOptions, fbb -> SplitOptions.createSplitOptions(fbb, 0))
        .build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("SPLIT")
        .hasMessageContaining("num_splits 0 must be positive");
  }

  @Test
  void rejectsUnevenSplit() {
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(
        split(TensorType.FLOAT32, 0, 3, 4).build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("dimension 0 of size 4 does not split into 3 equal parts");
  }

  @Test
  void runTimeSplitAxisOutOfRangeIsAnInferenceError() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.SPLIT).input(TensorType.INT32)
        .input(TensorType.FLOAT32, 4).outputs(TensorType.FLOAT32, 2)
        .options(BuiltinOptions.SplitOptions, fbb -> SplitOptions.createSplitOptions(fbb, 2))
        .build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(new int[] {7});
      interpreter.getInputTensor(1).copyFrom(new float[4]);
      assertThatThrownBy(interpreter::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining("axis 7 is out of range for input rank 1");
    }
  }

  static ShapeOpModel splitV(byte type, int axis, int[] sizes, int... shape) {
    return ShapeOpModel.of(BuiltinOperator.SPLIT_V).input(type, shape).ints(sizes).scalar(axis)
        .outputs(type, sizes.length).options(BuiltinOptions.SplitVOptions,
            fbb -> SplitVOptions.createSplitVOptions(fbb, sizes.length));
  }

  @ParameterizedTest
  @MethodSource("rankAxes")
  void splitVMatchesTfLite(int rank, int axis) {
    Differential.assertMatchesTfLite(splitV(TensorType.FLOAT32, axis, new int[] {2, -1, 1, 0},
        shape(rank, axis, 7)).build(), 10);
  }

  /** RELIABILITY row 24: SPLIT_V axis outside [-rank, rank). */
  @Test
  void rejectsSplitVAxisOutOfRange() {
    for (int axis : new int[] {2, -3, 1000}) {
      assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(
          splitV(TensorType.FLOAT32, axis, new int[] {1, 1}, 2, 2).build())))
          .isInstanceOf(InvalidModelException.class).hasMessageContaining("SPLIT_V")
          .hasMessageContaining("axis " + axis + " is out of range for input rank 2");
    }
  }

  @Test
  void rejectsBadSplitSizes() {
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(
        splitV(TensorType.FLOAT32, 0, new int[] {-1, -1}, 4).build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("size_splits [-1, -1] has more than one -1");
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(
        splitV(TensorType.FLOAT32, 0, new int[] {3, 2}, 4).build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("size_splits [3, 2] do not add up to dimension size 4");
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(
        splitV(TensorType.FLOAT32, 0, new int[] {5, -1}, 4).build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("size_splits [5, -1] do not add up to dimension size 4");
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(
        splitV(TensorType.FLOAT32, 0, new int[] {6, -2}, 4).build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("size_splits [6, -2] has a negative size");
  }
}
