package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransposeKernelsTest {
  static int[] shapeOfRank(int rank) {
    int[] shape = new int[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = 2 + i % 4;
    }
    return shape;
  }

  static void permutations(int[] prefix, int rank, List<int[]> out) {
    if (prefix.length == rank) {
      out.add(prefix);
      return;
    }
    for (int p = 0; p < rank; p++) {
      boolean used = false;
      for (int q : prefix) {
        used |= q == p;
      }
      if (!used) {
        int[] next = java.util.Arrays.copyOf(prefix, prefix.length + 1);
        next[prefix.length] = p;
        permutations(next, rank, out);
      }
    }
  }

  static Stream<Arguments> perms() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int rank = 1; rank <= 4; rank++) {
      List<int[]> all = new ArrayList<>();
      permutations(new int[0], rank, all);
      for (int[] p : all) {
        b.add(Arguments.of(shapeOfRank(rank), p));
      }
    }
    Random random = new Random(5);
    for (int rank = 5; rank <= 6; rank++) {
      List<int[]> all = new ArrayList<>();
      permutations(new int[0], rank, all);
      for (int k = 0; k < 12; k++) {
        b.add(Arguments.of(shapeOfRank(rank), all.get(random.nextInt(all.size()))));
      }
    }
    // The common image layouts at a realistic size.
    b.add(Arguments.of(new int[] {2, 17, 19, 3}, new int[] {0, 3, 1, 2}));
    b.add(Arguments.of(new int[] {2, 3, 17, 19}, new int[] {0, 2, 3, 1}));
    b.add(Arguments.of(new int[] {67, 45}, new int[] {1, 0}));
    b.add(Arguments.of(new int[] {2, 40, 36, 33}, new int[] {0, 3, 1, 2}));
    return b.build();
  }

  @ParameterizedTest
  @MethodSource("perms")
  void transposeMatchesTfLite(int[] shape, int[] perm) {
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.TRANSPOSE)
        .input(TensorType.FLOAT32, shape).ints(perm).output(TensorType.FLOAT32).build(), 1);
  }

  @ParameterizedTest
  @MethodSource("dev.jlite.engine.kernels.ReshapeKernelsTest#types")
  void transposeMovesEveryType(byte type) {
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.TRANSPOSE)
        .input(type, 2, 3, 4, 5).ints(0, 3, 1, 2).output(type).build(), 2);
  }

  /** TFLite reads an int64 permutation as int32 words; jlite reads the values. */
  @Test
  void int64PermutationByHand() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.TRANSPOSE)
        .input(TensorType.INT64, 1, 2, 3).longs(new int[] {3}, 2, 0, 1)
        .output(TensorType.INT64).open()) {
      long[][][] out = new long[3][1][2];
      interpreter.run(new long[][][] {{{1, 2, 3}, {4, 5, 6}}}, out);
      assertThat(out).isDeepEqualTo(new long[][][] {{{1, 4}}, {{2, 5}}, {{3, 6}}});
    }
  }

  @Test
  void transposeByHand() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.TRANSPOSE)
        .input(TensorType.INT32, 2, 3).ints(1, 0).output(TensorType.INT32).open()) {
      int[][] out = new int[3][2];
      interpreter.run(new int[][] {{1, 2, 3}, {4, 5, 6}}, out);
      assertThat(out).isDeepEqualTo(new int[][] {{1, 4}, {2, 5}, {3, 6}});
    }
  }

  @Test
  void runTimePermutationMatchesTfLite() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.TRANSPOSE).input(TensorType.FLOAT32, 2, 3, 4)
        .input(TensorType.INT32, 3).output(TensorType.FLOAT32).build();
    float[] x = new float[24];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    Differential.assertMatchesTfLite(model, ShapeOpModel.rawFloats(x), ShapeOpModel.rawInts(2, 0, 1));
  }

  @Test
  void runTimeNonPermutationIsAnInferenceError() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.TRANSPOSE).input(TensorType.FLOAT32, 2, 3)
        .input(TensorType.INT32, 2).output(TensorType.FLOAT32).build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(new float[6]);
      interpreter.getInputTensor(1).copyFrom(new int[] {1, 1});
      assertThatThrownBy(interpreter::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining("permutation [1, 1] is not a permutation of 0..1");
    }
  }

  static Stream<Arguments> badPerms() {
    return Stream.of(
        Arguments.of(new int[] {0, 0, 1}, "permutation [0, 0, 1] is not a permutation of 0..2"),
        Arguments.of(new int[] {0, 1, 3}, "permutation [0, 1, 3] is not a permutation"),
        Arguments.of(new int[] {-1, 0, 1}, "permutation [-1, 0, 1] is not a permutation"),
        Arguments.of(new int[] {1, 0}, "permutation has 2 entries for input rank 3"));
  }

  @ParameterizedTest
  @MethodSource("badPerms")
  void rejectsBadPermutations(int[] perm, String message) {
    byte[] model = ShapeOpModel.of(BuiltinOperator.TRANSPOSE).input(TensorType.FLOAT32, 2, 3, 4)
        .ints(perm).output(TensorType.FLOAT32).build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("TRANSPOSE")
        .hasMessageContaining(message);
  }

  @Test
  void rejectsRankSeven() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.TRANSPOSE)
        .input(TensorType.FLOAT32, 1, 1, 1, 1, 1, 1, 2).ints(0, 1, 2, 3, 4, 5, 6)
        .output(TensorType.FLOAT32).build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input rank 7 exceeds the supported 6");
  }

  static Stream<Arguments> reverseAxes() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int rank = 1; rank <= 5; rank++) {
      for (int axis = -rank; axis < rank; axis++) {
        b.add(Arguments.of(shapeOfRank(rank), new int[] {axis}));
      }
    }
    b.add(Arguments.of(new int[] {2, 3, 4}, new int[] {0, 1}));
    b.add(Arguments.of(new int[] {2, 3, 4}, new int[] {1, 2}));
    b.add(Arguments.of(new int[] {2, 3, 4}, new int[] {0, 1, 2}));
    return b.build();
  }

  @ParameterizedTest
  @MethodSource("reverseAxes")
  void reverseMatchesTfLite(int[] shape, int[] axes) {
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.REVERSE_V2)
        .input(TensorType.FLOAT32, shape).ints(axes).output(TensorType.FLOAT32).build(), 4);
  }

  @ParameterizedTest
  @MethodSource("dev.jlite.engine.kernels.ReshapeKernelsTest#types")
  void reverseMovesEveryType(byte type) {
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.REVERSE_V2)
        .input(type, 3, 4, 5).ints(-1).output(type).build(), 5);
  }

  @Test
  void reverseByHand() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.REVERSE_V2)
        .input(TensorType.INT32, 2, 3).ints(1).output(TensorType.INT32).open()) {
      int[][] out = new int[2][3];
      interpreter.run(new int[][] {{1, 2, 3}, {4, 5, 6}}, out);
      assertThat(out).isDeepEqualTo(new int[][] {{3, 2, 1}, {6, 5, 4}});
    }
  }

  /** TFLite 2.19 reverses only adjacent axes together; jlite takes any set. */
  @Test
  void reverseOfSeparateAxesByHand() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.REVERSE_V2)
        .input(TensorType.INT32, 2, 1, 3).ints(2, 0).output(TensorType.INT32).open()) {
      int[][][] out = new int[2][1][3];
      interpreter.run(new int[][][] {{{1, 2, 3}}, {{4, 5, 6}}}, out);
      assertThat(out).isDeepEqualTo(new int[][][] {{{6, 5, 4}}, {{3, 2, 1}}});
    }
  }

  @Test
  void runTimeReverseAxisKeepsThePlannedOutput() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.REVERSE_V2).input(TensorType.FLOAT32, 2, 3)
        .input(TensorType.INT32, 1).output(TensorType.FLOAT32).build();
    Differential.assertMatchesTfLite(model, ShapeOpModel.rawFloats(0, 1, 2, 3, 4, 5),
        ShapeOpModel.rawInts(0));
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      assertThat(interpreter.getOutputTensor(0).isDynamic()).isFalse();
      interpreter.getInputTensor(0).copyFrom(new float[6]);
      interpreter.getInputTensor(1).copyFrom(new int[] {2});
      assertThatThrownBy(interpreter::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining("axis 2 is out of range for input rank 2");
    }
  }

  @Test
  void rejectsRepeatedReverseAxis() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.REVERSE_V2).input(TensorType.FLOAT32, 2, 3)
        .ints(1, -1).output(TensorType.FLOAT32).build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("axis -1 is listed twice in [1, -1]");
  }
}
