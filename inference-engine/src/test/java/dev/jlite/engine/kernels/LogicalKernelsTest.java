package dev.jlite.engine.kernels;

import static dev.jlite.engine.kernels.OpModel.bools;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogicalKernelsTest {
  static byte[] binary(int code, byte type, int[] a, int[] b, int[] out) {
    OpModel m = new OpModel();
    int x = m.input(type, a);
    int y = m.input(type, b);
    int o = m.output(TensorType.BOOL, out);
    return m.op(OperatorSpec.builtin(code).inputs(x, y).outputs(o).build()).build();
  }

  static byte[] not(byte type, int... shape) {
    OpModel m = new OpModel();
    int x = m.input(type, shape);
    int o = m.output(TensorType.BOOL, shape);
    return m.op(OperatorSpec.builtin(BuiltinOperator.LOGICAL_NOT).inputs(x).outputs(o).build())
        .build();
  }

  @ParameterizedTest(name = "op {0}")
  @ValueSource(ints = {BuiltinOperator.LOGICAL_AND, BuiltinOperator.LOGICAL_OR})
  void binaryMatchesTfLite(int code) {
    for (int[][] shapes : ComparisonKernelsTest.BROADCASTS) {
      int[] out = broadcast(shapes[0], shapes[1]);
      Differential.assertMatchesTfLite(binary(code, TensorType.BOOL, shapes[0], shapes[1], out),
          OpModel.elements(out));
    }
  }

  @Test
  void notMatchesTfLite() {
    int[][] shapes = {{}, {1}, {7}, {2, 3}, {2, 3, 4, 5}, {1, 2, 1, 2, 3}};
    for (int[] shape : shapes) {
      Differential.assertMatchesTfLite(not(TensorType.BOOL, shape), shape.length);
    }
  }

  @Test
  void truthTables() {
    byte[] and = binary(BuiltinOperator.LOGICAL_AND, TensorType.BOOL, new int[] {4},
        new int[] {4}, new int[] {4});
    byte[] or = binary(BuiltinOperator.LOGICAL_OR, TensorType.BOOL, new int[] {4},
        new int[] {4}, new int[] {4});
    byte[] a = bools(false, false, true, true);
    byte[] b = bools(false, true, false, true);
    assertThat(OpModel.toBytes(OpModel.run(and, a, b)[0])).containsExactly(0, 0, 0, 1);
    assertThat(OpModel.toBytes(OpModel.run(or, a, b)[0])).containsExactly(0, 1, 1, 1);
    assertThat(OpModel.toBytes(OpModel.run(not(TensorType.BOOL, 2), bools(true, false))[0]))
        .containsExactly(0, 1);
  }

  @Test
  void broadcastsAScalar() {
    byte[] and = binary(BuiltinOperator.LOGICAL_AND, TensorType.BOOL, new int[] {2, 2},
        new int[] {}, new int[] {2, 2});
    assertThat(OpModel.toBytes(OpModel.run(and, bools(true, false, true, true), bools(true))[0]))
        .containsExactly(1, 0, 1, 1);
  }

  @Test
  void emptyInputsGiveEmptyOutputs() {
    byte[] or = binary(BuiltinOperator.LOGICAL_OR, TensorType.BOOL, new int[] {0, 2},
        new int[] {2}, new int[] {0, 2});
    assertThat(OpModel.outputShape(or, 0, new byte[0], new byte[2])).containsExactly(0, 2);
    assertThat(OpModel.outputShape(not(TensorType.BOOL, 0), 0, new byte[0])).containsExactly(0);
  }

  @Test
  void rejectsNonBoolInputs() {
    OpModel.assertRejected(binary(BuiltinOperator.LOGICAL_OR, TensorType.INT32, new int[] {2},
        new int[] {2}, new int[] {2}), "LOGICAL_OR", "has type INT32, expected BOOL");
    OpModel.assertRejected(not(TensorType.FLOAT32, 2), "LOGICAL_NOT", "has type FLOAT32");
  }

  @Test
  void rejectsIncompatibleShapes() {
    OpModel.assertRejected(binary(BuiltinOperator.LOGICAL_AND, TensorType.BOOL, new int[] {3},
        new int[] {2}, new int[] {3}), "LOGICAL_AND", "cannot be broadcast together");
  }

  static int[] broadcast(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      out[i] = da == 1 ? db : da;
    }
    return out;
  }
}
