package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ComparisonKernelsTest {
  /**
   * Broadcast patterns compared with TFLite, up to rank 4: TFLite's broadcasting comparison aborts
   * on rank 5 (jlite's rank-5 result is checked by hand in broadcastsAtRankFive).
   */
  static final int[][][] BROADCASTS = {
      {{2, 3}, {2, 3}}, {{2, 3}, {}}, {{}, {2, 3}}, {{}, {}}, {{2, 3}, {3}}, {{2, 1}, {1, 3}},
      {{1, 3, 1, 4}, {3, 1, 1}}, {{2, 3, 4, 5}, {1, 3, 1, 5}}, {{4, 1}, {1}},
      {{2, 1, 3, 1, 2}, {2, 1, 3, 1, 2}}};

  private static final int[] OPS = {BuiltinOperator.EQUAL, BuiltinOperator.NOT_EQUAL,
      BuiltinOperator.LESS, BuiltinOperator.LESS_EQUAL, BuiltinOperator.GREATER,
      BuiltinOperator.GREATER_EQUAL};

  static byte[] model(int code, byte type, byte outType, int[] a, int[] b) {
    OpModel m = new OpModel();
    int x = m.input(type, a);
    int y = m.input(type, b);
    int out = m.output(outType, LogicalKernelsTest.broadcast(a, b));
    return m.op(OperatorSpec.builtin(code).inputs(x, y).outputs(out).build()).build();
  }

  /** Values from a small set, so that equal pairs are common. */
  static byte[] values(byte type, int n, Random random) {
    float[] floats = {-1.5f, -1f, 0f, -0f, 0.5f, 1f, 2f, Float.NaN, Float.POSITIVE_INFINITY};
    long[] longs = {-3, -1, 0, 1, 2, 1L << 40, -(1L << 40) + 1, Long.MIN_VALUE, Long.MAX_VALUE};
    ByteBuffer b = ByteBuffer.allocate(n * (type == TensorType.INT64 ? 8 : 4))
        .order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      switch (type) {
        case TensorType.FLOAT32 -> b.putFloat(floats[random.nextInt(floats.length)]);
        case TensorType.INT32 -> b.putInt(random.nextInt(7) - 3);
        case TensorType.INT64 -> b.putLong(longs[random.nextInt(longs.length)]);
        default -> b.put((byte) random.nextInt(2));
      }
    }
    return type == TensorType.BOOL ? java.util.Arrays.copyOf(b.array(), n) : b.array();
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (int op : OPS) {
      List<Byte> types = new ArrayList<>(List.of(TensorType.FLOAT32, TensorType.INT32,
          TensorType.INT64));
      if (op == BuiltinOperator.EQUAL || op == BuiltinOperator.NOT_EQUAL) {
        types.add(TensorType.BOOL);
      }
      for (byte type : types) {
        cases.add(Arguments.of(op, type));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "op {0} type {1}")
  @MethodSource("cases")
  void matchesTfLite(int op, byte type) {
    Random random = new Random(op * 7L + type);
    for (int[][] shapes : BROADCASTS) {
      byte[] model = model(op, type, TensorType.BOOL, shapes[0], shapes[1]);
      Differential.assertMatchesTfLite(model, values(type, OpModel.elements(shapes[0]), random),
          values(type, OpModel.elements(shapes[1]), random));
      Differential.assertMatchesTfLite(model, shapes.length + op);
    }
  }

  @Test
  void emptyOperandsGiveEmptyOutputs() {
    for (int op : OPS) {
      byte[] model = model(op, TensorType.FLOAT32, TensorType.BOOL, new int[] {0, 3},
          new int[] {1, 3});
      assertThat(OpModel.outputShape(model, 0, new byte[0], new byte[12])).containsExactly(0, 3);
    }
  }

  private static byte[] run(int op, float[] a, float[] b) {
    byte[] model = model(op, TensorType.FLOAT32, TensorType.BOOL, new int[] {a.length},
        new int[] {b.length});
    return OpModel.toBytes(OpModel.run(model, OpModel.floats(a), OpModel.floats(b))[0]);
  }

  @Test
  void handComputedFloatComparisons() {
    float[] a = {1f, 2f, Float.NaN, -0f};
    float[] b = {2f, 2f, Float.NaN, 0f};
    assertThat(run(BuiltinOperator.EQUAL, a, b)).containsExactly(0, 1, 0, 1);
    assertThat(run(BuiltinOperator.NOT_EQUAL, a, b)).containsExactly(1, 0, 1, 0);
    assertThat(run(BuiltinOperator.LESS, a, b)).containsExactly(1, 0, 0, 0);
    assertThat(run(BuiltinOperator.LESS_EQUAL, a, b)).containsExactly(1, 1, 0, 1);
    assertThat(run(BuiltinOperator.GREATER, a, b)).containsExactly(0, 0, 0, 0);
    assertThat(run(BuiltinOperator.GREATER_EQUAL, a, b)).containsExactly(0, 1, 0, 1);
  }

  @Test
  void handComputedBroadcast() {
    byte[] model = model(BuiltinOperator.GREATER, TensorType.INT32, TensorType.BOOL,
        new int[] {2, 1}, new int[] {3});
    byte[] out = OpModel.toBytes(OpModel.run(model, OpModel.ints(1, 5), OpModel.ints(0, 1, 4))[0]);
    assertThat(out).containsExactly(1, 0, 0, 1, 1, 1);
    model = model(BuiltinOperator.NOT_EQUAL, TensorType.BOOL, TensorType.BOOL, new int[] {2},
        new int[] {});
    out = OpModel.toBytes(OpModel.run(model, OpModel.bools(true, false), OpModel.bools(true))[0]);
    assertThat(out).containsExactly(0, 1);
  }

  @Test
  void broadcastsAtRankFive() {
    byte[] model = model(BuiltinOperator.LESS_EQUAL, TensorType.INT64, TensorType.BOOL,
        new int[] {2, 1, 1, 1, 2}, new int[] {1, 1, 1, 2, 1});
    byte[] out = OpModel.toBytes(OpModel.run(model, OpModel.longs(1, 2, 3, 4),
        OpModel.longs(2, 3))[0]);
    // a[i, j] <= b[k] at output [i, 0, 0, k, j].
    assertThat(out).containsExactly(1, 1, 1, 1, 0, 0, 1, 0);
  }

  @Test
  void rejectsMismatchedTypes() {
    OpModel m = new OpModel();
    int x = m.input(TensorType.FLOAT32, 2);
    int y = m.input(TensorType.INT32, 2);
    int out = m.output(TensorType.BOOL, 2);
    m.op(OperatorSpec.builtin(BuiltinOperator.LESS).inputs(x, y).outputs(out).build());
    OpModel.assertRejected(m.build(), "LESS", "input 1", "has type INT32, expected FLOAT32");
  }

  @Test
  void rejectsUnsupportedTypes() {
    OpModel.assertRejected(model(BuiltinOperator.LESS, TensorType.BOOL, TensorType.BOOL,
        new int[] {2}, new int[] {2}), "LESS", "has type BOOL");
    // TFLite 2.19 compares int16 in EQUAL, LESS and GREATER_EQUAL only.
    OpModel.assertRejected(model(BuiltinOperator.NOT_EQUAL, TensorType.INT16, TensorType.BOOL,
        new int[] {2}, new int[] {2}), "NOT_EQUAL", "has type INT16");
    OpModel.assertRejected(model(BuiltinOperator.GREATER, TensorType.INT16, TensorType.BOOL,
        new int[] {2}, new int[] {2}), "GREATER", "has type INT16");
    OpModel.assertRejected(model(BuiltinOperator.EQUAL, TensorType.INT32, TensorType.INT32,
        new int[] {2}, new int[] {2}), "output", "expected BOOL");
  }

  @Test
  void rejectsIncompatibleShapes() {
    OpModel m = new OpModel();
    int x = m.input(TensorType.FLOAT32, 2, 3);
    int y = m.input(TensorType.FLOAT32, 4);
    int out = m.output(TensorType.BOOL, 2, 3);
    m.op(OperatorSpec.builtin(BuiltinOperator.EQUAL).inputs(x, y).outputs(out).build());
    OpModel.assertRejected(m.build(), "EQUAL", "[2, 3] and [4] cannot be broadcast together");
  }
}
