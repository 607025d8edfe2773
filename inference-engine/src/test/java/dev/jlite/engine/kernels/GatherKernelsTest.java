package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.GatherOptions;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GatherKernelsTest {
  static ShapeOpModel gather(byte type, int[] params, int[] indicesShape, int[] indices, int axis,
      int batchDims) {
    return ShapeOpModel.of(BuiltinOperator.GATHER).input(type, params).ints(indicesShape, indices)
        .output(type).options(BuiltinOptions.GatherOptions,
            fbb -> GatherOptions.createGatherOptions(fbb, axis, batchDims));
  }

  /** Every params rank 1–4, axis (also negative), batch_dims and indices rank 0–2. */
  static Stream<Arguments> gathers() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int rank = 1; rank <= 4; rank++) {
      int[] params = TransposeKernelsTest.shapeOfRank(rank);
      for (int axis = 0; axis < rank; axis++) {
        for (int batchDims = 0; batchDims <= axis; batchDims++) {
          for (int extra = batchDims == 0 ? 0 : 1; extra <= 2; extra++) {
            int[] indices = new int[batchDims + extra];
            System.arraycopy(params, 0, indices, 0, batchDims);
            for (int i = batchDims; i < indices.length; i++) {
              indices[i] = 2 + i;
            }
            b.add(Arguments.of(params, indices, axis - (axis % 2 == 1 ? rank : 0), batchDims));
          }
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest
  @MethodSource("gathers")
  void gatherMatchesTfLite(int[] params, int[] indicesShape, int axis, int batchDims) {
    int count = 1;
    for (int d : indicesShape) {
      count *= d;
    }
    int limit = params[axis < 0 ? axis + params.length : axis];
    Random random = new Random(count * 31 + limit);
    int[] indices = new int[count];
    for (int i = 0; i < count; i++) {
      indices[i] = random.nextInt(limit);
    }
    Differential.assertMatchesTfLite(gather(TensorType.FLOAT32, params, indicesShape, indices,
        axis, batchDims).build(), 1);
  }

  @ParameterizedTest
  @MethodSource("dev.jlite.engine.kernels.ReshapeKernelsTest#types")
  void gatherMovesEveryType(byte type) {
    Differential.assertMatchesTfLite(gather(type, new int[] {4, 3}, new int[] {5},
        new int[] {3, 0, 0, 2, 1}, 0, 0).build(), 2);
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.GATHER_ND).input(type, 3, 4)
        .ints(new int[] {2, 2}, 2, 3, 0, 1).output(type).build(), 3);
  }

  @Test
  void int64IndicesMatchTfLite() {
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.GATHER)
        .input(TensorType.FLOAT32, 3, 4).longs(new int[] {2}, 3, 1).output(TensorType.FLOAT32)
        .options(BuiltinOptions.GatherOptions, fbb -> GatherOptions.createGatherOptions(fbb, 1,
            0))
        .build(), 4);
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.GATHER_ND)
        .input(TensorType.FLOAT32, 3, 4).longs(new int[] {1, 1}, 2).output(TensorType.FLOAT32)
        .build(), 5);
  }

  @Test
  void gatherByHand() {
    try (Interpreter interpreter = gather(TensorType.INT32, new int[] {2, 3}, new int[] {2},
        new int[] {2, 0}, 1, 0).open()) {
      int[][] out = new int[2][2];
      interpreter.run(new int[][] {{1, 2, 3}, {4, 5, 6}}, out);
      assertThat(out).isDeepEqualTo(new int[][] {{3, 1}, {6, 4}});
    }
  }

  @Test
  void gatherWithBatchDimsByHand() {
    try (Interpreter interpreter = gather(TensorType.INT32, new int[] {2, 3}, new int[] {2, 1},
        new int[] {2, 0}, 1, 1).open()) {
      int[][] out = new int[2][1];
      interpreter.run(new int[][] {{1, 2, 3}, {4, 5, 6}}, out);
      assertThat(out).isDeepEqualTo(new int[][] {{3}, {4}});
    }
  }

  static Stream<Arguments> gatherNds() {
    return Stream.of(
        Arguments.of(new int[] {5}, new int[] {3, 1}),
        Arguments.of(new int[] {4, 5}, new int[] {2}),
        Arguments.of(new int[] {4, 5}, new int[] {3, 1}),
        Arguments.of(new int[] {4, 5}, new int[] {2, 3, 2}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {2, 2}),
        Arguments.of(new int[] {2, 3, 4, 5}, new int[] {3, 3}),
        Arguments.of(new int[] {2, 3, 4, 5, 2}, new int[] {2, 5}));
  }

  @ParameterizedTest
  @MethodSource("gatherNds")
  void gatherNdMatchesTfLite(int[] params, int[] indicesShape) {
    int depth = indicesShape[indicesShape.length - 1];
    int count = 1;
    for (int d : indicesShape) {
      count *= d;
    }
    Random random = new Random(count);
    int[] indices = new int[count];
    for (int i = 0; i < count; i++) {
      indices[i] = random.nextInt(params[i % depth]);
    }
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.GATHER_ND)
        .input(TensorType.FLOAT32, params).ints(indicesShape, indices)
        .output(TensorType.FLOAT32).build(), 6);
  }

  @Test
  void gatherNdByHand() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.GATHER_ND)
        .input(TensorType.INT32, 2, 2).ints(new int[] {2, 2}, 1, 0, 0, 1)
        .output(TensorType.INT32).open()) {
      int[] out = new int[2];
      interpreter.run(new int[][] {{1, 2}, {3, 4}}, out);
      assertThat(out).containsExactly(3, 2);
    }
  }

  /** RELIABILITY rows 30–31: indices out of range at run time fail before any write. */
  @ParameterizedTest
  @MethodSource("badIndices")
  void outOfRangeIndexFailsWithoutWriting(int op, int bad, String message) {
    ShapeOpModel m = ShapeOpModel.of(op).input(TensorType.FLOAT32, 3, 2);
    m = op == BuiltinOperator.GATHER ? m.input(TensorType.INT32, 2)
        : m.input(TensorType.INT32, 2, 1);
    try (Interpreter interpreter = m.output(TensorType.FLOAT32).open()) {
      float[] params = {1, 2, 3, 4, 5, 6};
      interpreter.getInputTensor(0).copyFrom(params);
      interpreter.getInputTensor(1).copyFrom(new int[] {2, 1});
      interpreter.invoke();
      float[] before = new float[4];
      interpreter.getOutputTensor(0).copyTo(before);
      assertThat(before).containsExactly(5, 6, 3, 4);
      interpreter.getInputTensor(1).copyFrom(new int[] {0, bad});
      assertThatThrownBy(interpreter::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining(message);
      float[] after = new float[4];
      interpreter.getOutputTensor(0).copyTo(after);
      assertThat(after).containsExactly(before);
    }
  }

  static Stream<Arguments> badIndices() {
    return Stream.of(
        Arguments.of(BuiltinOperator.GATHER, -1, "index -1 at position 1 is out of range [0, 3)"),
        Arguments.of(BuiltinOperator.GATHER, 3, "index 3 at position 1 is out of range [0, 3)"),
        Arguments.of(BuiltinOperator.GATHER_ND, -7, "index -7 at position 1 is out of range"),
        Arguments.of(BuiltinOperator.GATHER_ND, 3, "index 3 at position 1 is out of range"));
  }

  /** RELIABILITY row 29: params with an empty dimension cannot be indexed. */
  @Test
  void gatherNdFromEmptyParamsFails() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.GATHER_ND)
        .input(TensorType.FLOAT32, 0, 2).ints(new int[] {1, 1}, 0).output(TensorType.FLOAT32)
        .open()) {
      assertThatThrownBy(interpreter::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining("GATHER_ND")
          .hasMessageContaining("index 0 at position 0 is out of range [0, 0)");
    }
  }

  @Test
  void rejectsBadGatherOptions() {
    assertThatThrownBy(() -> gather(TensorType.FLOAT32, new int[] {2, 3}, new int[] {1},
        new int[] {0}, 2, 0).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("axis 2 is out of range for rank 2");
    assertThatThrownBy(() -> gather(TensorType.FLOAT32, new int[] {2, 3}, new int[] {2, 1},
        new int[] {0, 0}, 0, 1).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("batch_dims 1 must lie in [0, 0]");
    assertThatThrownBy(() -> gather(TensorType.FLOAT32, new int[] {2, 3}, new int[] {3, 1},
        new int[] {0, 0, 0}, 1, 1).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("differ in batch dimension 0");
  }

  @Test
  void rejectsIndexTuplesLongerThanTheParamsRank() {
    assertThatThrownBy(() -> ShapeOpModel.of(BuiltinOperator.GATHER_ND)
        .input(TensorType.FLOAT32, 2, 2).ints(new int[] {1, 3}, 0, 0, 0)
        .output(TensorType.FLOAT32).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("index tuples of length 3 exceed params rank 2");
  }

  static ShapeOpModel embedding(int[] table, int... ids) {
    return ShapeOpModel.of(BuiltinOperator.EMBEDDING_LOOKUP).ints(ids)
        .input(TensorType.FLOAT32, table).output(TensorType.FLOAT32);
  }

  @Test
  void embeddingLookupMatchesTfLite() {
    Differential.assertMatchesTfLite(embedding(new int[] {5, 3}, 4, 0, 2, 2).build(), 7);
    Differential.assertMatchesTfLite(embedding(new int[] {3, 2, 4}, 1, 2).build(), 8);
  }

  @Test
  void embeddingLookupByHand() {
    try (Interpreter interpreter = embedding(new int[] {3, 2}, 2, 0).open()) {
      float[][] out = new float[2][2];
      interpreter.run(new float[][] {{1, 2}, {3, 4}, {5, 6}}, out);
      assertThat(out).isDeepEqualTo(new float[][] {{5, 6}, {1, 2}});
    }
  }

  /** RELIABILITY row 35: a value table without rows. */
  @Test
  void rejectsEmptyEmbeddingTable() {
    assertThatThrownBy(() -> embedding(new int[] {0, 3}, 0).open())
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("EMBEDDING_LOOKUP")
        .hasMessageContaining("value has no rows (shape [0, 3])");
  }

  @Test
  void embeddingIdOutOfRangeIsAnInferenceError() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.EMBEDDING_LOOKUP)
        .input(TensorType.INT32, 2).input(TensorType.FLOAT32, 3, 2).output(TensorType.FLOAT32)
        .open()) {
      interpreter.getInputTensor(0).copyFrom(new int[] {1, 3});
      interpreter.getInputTensor(1).copyFrom(new float[6]);
      assertThatThrownBy(interpreter::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining("index 3 at position 1 is out of range [0, 3)");
    }
  }

  @Test
  void gatherOfStringsByHand() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.GATHER).input(TensorType.STRING, 3).ints(2, 0, 2)
        .output(TensorType.STRING).build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(new String[] {"a", "bc", "def"});
      interpreter.invoke();
      String[] out = new String[3];
      interpreter.getOutputTensor(0).copyTo(out);
      assertThat(out).containsExactly("def", "a", "def");
    }
  }
}
