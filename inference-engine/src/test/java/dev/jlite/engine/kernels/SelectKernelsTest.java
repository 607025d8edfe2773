package dev.jlite.engine.kernels;

import static dev.jlite.engine.kernels.OpModel.bools;
import static dev.jlite.engine.kernels.OpModel.floats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectKernelsTest {
  private static final byte[] TYPES = {TensorType.FLOAT32, TensorType.INT32, TensorType.INT64,
      TensorType.BOOL, TensorType.UINT8, TensorType.INT8, TensorType.INT16};

  /** SELECT v1: condition shape and the shape of x and y. */
  private static final int[][][] V1 = {{{2, 3}, {2, 3}}, {{}, {2, 3}}, {{2}, {2, 3}},
      {{3}, {3, 2, 2}}, {{}, {}}, {{4}, {4}}, {{2}, {2, 1, 3, 1, 2}}};

  /** SELECT_V2: condition, x and y shapes. */
  private static final int[][][] V2 = {{{2, 3}, {2, 3}, {2, 3}}, {{}, {2, 3}, {2, 3}},
      {{2, 1}, {1, 3}, {}}, {{3}, {2, 3}, {2, 1}}, {{1, 3, 1, 4}, {3, 1, 1}, {1}},
      {{}, {}, {}}, {{1}, {}, {}}, {{4, 1, 3}, {2, 3}, {4, 1, 1}},
      {{2, 1, 3, 1, 2}, {1, 2, 1, 4, 1}, {2}}};

  static byte[] select(int code, byte type, int[] c, int[] x, int[] y, int[] out) {
    OpModel m = new OpModel();
    int ci = m.input(TensorType.BOOL, c);
    int xi = m.input(type, x);
    int yi = m.input(type, y);
    int o = m.output(type, out);
    return m.op(OperatorSpec.builtin(code).inputs(ci, xi, yi).outputs(o).build()).build();
  }

  static Stream<Arguments> types() {
    List<Arguments> cases = new ArrayList<>();
    for (byte type : TYPES) {
      cases.add(Arguments.of(type));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "SELECT type {0}")
  @MethodSource("types")
  void selectMatchesTfLite(byte type) {
    for (int[][] s : V1) {
      Differential.assertMatchesTfLite(select(BuiltinOperator.SELECT, type, s[0], s[1], s[1],
          s[1]), type + s[0].length);
    }
  }

  @ParameterizedTest(name = "SELECT_V2 type {0}")
  @MethodSource("types")
  void selectV2MatchesTfLite(byte type) {
    for (int[][] s : V2) {
      int[] out = LogicalKernelsTest.broadcast(LogicalKernelsTest.broadcast(s[0], s[1]), s[2]);
      Differential.assertMatchesTfLite(select(BuiltinOperator.SELECT_V2, type, s[0], s[1], s[2],
          out), type + out.length);
    }
  }

  @Test
  void rankOneConditionPicksWholeSlices() {
    byte[] model = select(BuiltinOperator.SELECT, TensorType.FLOAT32, new int[] {2},
        new int[] {2, 2}, new int[] {2, 2}, new int[] {2, 2});
    float[] out = OpModel.toFloats(OpModel.run(model, bools(false, true), floats(1, 2, 3, 4),
        floats(5, 6, 7, 8))[0]);
    assertThat(out).containsExactly(5, 6, 3, 4);
  }

  @Test
  void scalarConditionPicksAWholeInput() {
    byte[] model = select(BuiltinOperator.SELECT, TensorType.INT32, new int[] {},
        new int[] {3}, new int[] {3}, new int[] {3});
    int[] out = OpModel.toInts(OpModel.run(model, bools(true), OpModel.ints(1, 2, 3),
        OpModel.ints(4, 5, 6))[0]);
    assertThat(out).containsExactly(1, 2, 3);
  }

  @Test
  void v2BroadcastsAllThree() {
    byte[] model = select(BuiltinOperator.SELECT_V2, TensorType.INT64, new int[] {2, 1},
        new int[] {1, 3}, new int[] {}, new int[] {2, 3});
    long[] out = OpModel.toLongs(OpModel.run(model, bools(true, false), OpModel.longs(1, 2, 3),
        OpModel.longs(9))[0]);
    assertThat(out).containsExactly(1, 2, 3, 9, 9, 9);
  }

  @Test
  void emptyOperandsGiveEmptyOutputs() {
    byte[] model = select(BuiltinOperator.SELECT_V2, TensorType.FLOAT32, new int[] {0, 1},
        new int[] {1, 3}, new int[] {}, new int[] {0, 3});
    assertThat(OpModel.outputShape(model, 0, new byte[0], new byte[12], new byte[4]))
        .containsExactly(0, 3);
    model = select(BuiltinOperator.SELECT, TensorType.INT32, new int[] {0}, new int[] {0, 2},
        new int[] {0, 2}, new int[] {0, 2});
    assertThat(OpModel.outputShape(model, 0, new byte[0], new byte[0], new byte[0]))
        .containsExactly(0, 2);
  }

  @Test
  void rejectsNonBoolCondition() {
    OpModel m = new OpModel();
    int c = m.input(TensorType.INT32, 2);
    int x = m.input(TensorType.FLOAT32, 2);
    int y = m.input(TensorType.FLOAT32, 2);
    int o = m.output(TensorType.FLOAT32, 2);
    m.op(OperatorSpec.builtin(BuiltinOperator.SELECT_V2).inputs(c, x, y).outputs(o).build());
    OpModel.assertRejected(m.build(), "SELECT_V2", "condition", "has type INT32, expected BOOL");
  }

  @Test
  void rejectsMismatchedValueTypes() {
    OpModel m = new OpModel();
    int c = m.input(TensorType.BOOL, 2);
    int x = m.input(TensorType.FLOAT32, 2);
    int y = m.input(TensorType.INT32, 2);
    int o = m.output(TensorType.FLOAT32, 2);
    m.op(OperatorSpec.builtin(BuiltinOperator.SELECT).inputs(c, x, y).outputs(o).build());
    OpModel.assertRejected(m.build(), "SELECT", "input y", "has type INT32, expected FLOAT32");
  }

  @Test
  void rejectsV1ShapesItCannotPair() {
    OpModel.assertRejected(select(BuiltinOperator.SELECT, TensorType.FLOAT32, new int[] {3},
        new int[] {2, 3}, new int[] {2, 3}, new int[] {2, 3}), "SELECT",
        "condition of shape [3]", "1-D over their first dimension");
    OpModel.assertRejected(select(BuiltinOperator.SELECT, TensorType.FLOAT32, new int[] {2},
        new int[] {2}, new int[] {1}, new int[] {2}), "x of shape [2] and y of shape [1]");
    OpModel.assertRejected(select(BuiltinOperator.SELECT, TensorType.FLOAT32, new int[] {1},
        new int[] {}, new int[] {}, new int[] {}), "condition of shape [1]");
  }

  @Test
  void rejectsV2ShapesThatDoNotBroadcast() {
    OpModel.assertRejected(select(BuiltinOperator.SELECT_V2, TensorType.FLOAT32, new int[] {2},
        new int[] {3}, new int[] {3}, new int[] {3}), "SELECT_V2",
        "[2] and [3] cannot be broadcast together");
    OpModel.assertRejected(select(BuiltinOperator.SELECT_V2, TensorType.FLOAT32, new int[] {3},
        new int[] {3}, new int[] {2, 2}, new int[] {2, 3}), "[3] and [2, 2] cannot be broadcast");
  }

  @Test
  void rejectsUnsupportedTypes() {
    OpModel.assertRejected(select(BuiltinOperator.SELECT_V2, TensorType.FLOAT16, new int[] {2},
        new int[] {2}, new int[] {2}, new int[] {2}), "has type FLOAT16");
  }
}
