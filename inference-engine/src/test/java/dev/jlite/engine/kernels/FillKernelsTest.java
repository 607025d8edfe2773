package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FillKernelsTest {
  /** FILL with constant (else input) dims of type dimsType and a value input of valueType. */
  static byte[] fill(boolean constantDims, byte dimsType, long[] dims, byte valueType,
      int[] valueShape) {
    OpModel m = new OpModel();
    int d = constantDims
        ? m.constant(dimsType, new int[] {dims.length}, dimsType == TensorType.INT32
            ? OpModel.ints(toInts(dims)) : OpModel.longs(dims))
        : m.input(dimsType, dims.length);
    int v = m.input(valueType, valueShape);
    // The declared output shape must be loadable: bad dims are the kernel's to reject.
    boolean valid = constantDims && java.util.Arrays.stream(dims).allMatch(x -> x >= 0)
        && java.util.Arrays.stream(dims).reduce(1, (x, y) -> x * y) < 1 << 20;
    int[] shape = valid ? toInts(dims) : new int[0];
    int o = m.output(valueType, shape);
    return m.op(OperatorSpec.builtin(BuiltinOperator.FILL).inputs(d, v).outputs(o).build())
        .buildUnverified();
  }

  static int[] toInts(long[] values) {
    int[] ints = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      ints[i] = (int) values[i];
    }
    return ints;
  }

  static byte[] dimsBytes(byte type, long... dims) {
    return type == TensorType.INT32 ? OpModel.ints(toInts(dims)) : OpModel.longs(dims);
  }

  @ParameterizedTest(name = "FILL value type {0}")
  @ValueSource(bytes = {TensorType.FLOAT32, TensorType.INT32, TensorType.INT64, TensorType.BOOL,
      TensorType.INT8, TensorType.INT16})
  void fillMatchesTfLite(byte type) {
    for (byte dimsType : new byte[] {TensorType.INT32, TensorType.INT64}) {
      for (long[] dims : new long[][] {{3}, {2, 3}, {1, 2, 3, 4}, {2, 1, 2, 1, 2}}) {
        Differential.assertMatchesTfLite(fill(true, dimsType, dims, type, new int[0]), type);
        ByteBuffer value = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-7);
        int width = type == TensorType.INT64 ? 8 : type == TensorType.FLOAT32
            || type == TensorType.INT32 ? 4 : type == TensorType.INT16 ? 2 : 1;
        byte[] valueBytes = java.util.Arrays.copyOf(value.array(), width);
        if (type == TensorType.BOOL) {
          valueBytes[0] = 1;
        }
        Differential.assertMatchesTfLite(fill(false, dimsType, dims, type, new int[0]),
            dimsBytes(dimsType, dims), valueBytes);
      }
    }
  }

  @Test
  void fillsHalves() {
    byte[] half = OpModel.shorts((short) 0x3e00);
    Differential.assertMatchesTfLite(fill(true, TensorType.INT32, new long[] {2, 2},
        TensorType.FLOAT16, new int[0]), half);
    byte[] model = fill(false, TensorType.INT64, new long[] {3}, TensorType.FLOAT16, new int[0]);
    Differential.assertMatchesTfLite(model, OpModel.longs(3), half);
    assertThat(OpModel.toBytes(OpModel.run(model, OpModel.longs(3), half)[0]))
        .containsExactly(0, 0x3e, 0, 0x3e, 0, 0x3e);
  }

  @Test
  void fillHandComputed() {
    byte[] model = fill(false, TensorType.INT32, new long[] {2, 3}, TensorType.FLOAT32,
        new int[0]);
    ByteBuffer[] out = OpModel.run(model, OpModel.ints(2, 3), OpModel.floats(1.5f));
    assertThat(OpModel.toFloats(out[0])).containsExactly(1.5f, 1.5f, 1.5f, 1.5f, 1.5f, 1.5f);
    assertThat(OpModel.outputShape(model, 0, OpModel.ints(2, 3), OpModel.floats(1.5f)))
        .containsExactly(2, 3);
    // A different shape on the next model run resizes the dynamic output.
    assertThat(OpModel.outputShape(model, 0, OpModel.ints(1, 4), OpModel.floats(0)))
        .containsExactly(1, 4);
    assertThat(OpModel.outputShape(model, 0, OpModel.ints(0, 4), OpModel.floats(0)))
        .containsExactly(0, 4);
    byte[] scalar = fill(false, TensorType.INT32, new long[0], TensorType.INT32, new int[0]);
    assertThat(OpModel.toInts(OpModel.run(scalar, new byte[0], OpModel.ints(9))[0]))
        .containsExactly(9);
  }

  @Test
  void rejectsNegativeConstantDims() {
    OpModel.assertRejected(fill(true, TensorType.INT32, new long[] {2, -1}, TensorType.FLOAT32,
        new int[0]), "FILL", "dims [2, -1] must not be negative");
  }

  @Test
  void failsOnNegativeDimsAtRunTime() {
    byte[] model = fill(false, TensorType.INT64, new long[] {2, 2}, TensorType.FLOAT32,
        new int[0]);
    OpModel.assertRunFails(model, new byte[][] {OpModel.longs(2, -3), OpModel.floats(1)},
        "FILL", "dims [2, -3] must not be negative");
  }

  @Test
  void rejectsHugeDims() {
    OpModel.assertRejected(fill(true, TensorType.INT32, new long[] {100000, 100000},
        TensorType.FLOAT32, new int[0]), "larger than 2 GiB");
    byte[] model = fill(false, TensorType.INT64, new long[] {1}, TensorType.INT8, new int[0]);
    OpModel.assertRunFails(model, new byte[][] {OpModel.longs(1L << 33), new byte[1]},
        "larger than 2 GiB");
  }

  @Test
  void rejectsBadOperands() {
    OpModel.assertRejected(fill(true, TensorType.INT32, new long[] {2}, TensorType.FLOAT32,
        new int[] {1}), "FILL", "value must be a scalar, has shape [1]");
    OpModel.assertRejected(fill(true, TensorType.INT32, new long[] {2}, TensorType.UINT8,
        new int[0]), "FILL", "has type UINT8");
    OpModel m = new OpModel();
    int d = m.input(TensorType.INT32, 1, 2);
    int v = m.input(TensorType.FLOAT32);
    int o = m.output(TensorType.FLOAT32);
    m.op(OperatorSpec.builtin(BuiltinOperator.FILL).inputs(d, v).outputs(o).build());
    OpModel.assertRejected(m.build(), "dims must be 1-D, has shape [1, 2]");
    m = new OpModel();
    d = m.input(TensorType.FLOAT32, 2);
    v = m.input(TensorType.FLOAT32);
    o = m.output(TensorType.FLOAT32);
    m.op(OperatorSpec.builtin(BuiltinOperator.FILL).inputs(d, v).outputs(o).build());
    OpModel.assertRejected(m.build(), "dims", "has type FLOAT32");
  }

  static byte[] zerosLike(byte type, int... shape) {
    OpModel m = new OpModel();
    int in = m.input(type, shape);
    int out = m.output(type, shape);
    return m.op(OperatorSpec.builtin(BuiltinOperator.ZEROS_LIKE).inputs(in).outputs(out).build())
        .build();
  }

  @ParameterizedTest(name = "ZEROS_LIKE type {0}")
  @ValueSource(bytes = {TensorType.FLOAT32, TensorType.INT32, TensorType.INT64})
  void zerosLikeMatchesTfLite(byte type) {
    for (int[] shape : new int[][] {{}, {4}, {2, 3}, {1, 2, 3, 4, 5}}) {
      Differential.assertMatchesTfLite(zerosLike(type, shape), shape.length);
    }
    assertThat(OpModel.toInts(OpModel.run(zerosLike(TensorType.INT32, 2), OpModel.ints(5, -5))[0]))
        .containsExactly(0, 0);
    assertThat(OpModel.outputShape(zerosLike(type, 0, 2), 0, new byte[0])).containsExactly(0, 2);
  }

  @Test
  void zerosLikeRejectsOtherTypes() {
    OpModel.assertRejected(zerosLike(TensorType.INT8, 2), "ZEROS_LIKE", "has type INT8");
  }

  /**
   * RANGE with constant (else input) start, limit and delta. An unused graph input keeps the
   * all-constant model runnable by the TFLite binding, which needs at least one input.
   */
  static byte[] range(boolean constant, byte type, byte[] start, byte[] limit, byte[] delta) {
    OpModel m = new OpModel();
    int[] in = new int[3];
    byte[][] values = {start, limit, delta};
    if (constant) {
      m.input(TensorType.FLOAT32, 1);
    }
    for (int i = 0; i < 3; i++) {
      in[i] = constant ? m.constant(type, new int[0], values[i]) : m.input(type);
    }
    int o = m.output(type, 0);
    return m.op(OperatorSpec.builtin(BuiltinOperator.RANGE).inputs(in).outputs(o).build())
        .buildUnverified();
  }

  private static final long[][] INTEGER_RANGES = {{0, 10, 3}, {10, 0, -3}, {-5, 5, 1},
      {3, 4, 7}, {-2, -20, -6}, {0, 12, 4}};
  private static final float[][] FLOAT_RANGES = {{0.1f, 1f, 0.3f}, {1f, -1f, -0.25f},
      {-3.5f, 2.2f, 0.7f}, {0f, 1f, 0.1f}, {1e6f, 1e6f + 100f, 0.3f}};

  @Test
  void rangeMatchesTfLite() {
    for (long[] r : INTEGER_RANGES) {
      for (byte type : new byte[] {TensorType.INT32, TensorType.INT64}) {
        byte[] s = dimsBytes(type, r[0]);
        byte[] l = dimsBytes(type, r[1]);
        byte[] d = dimsBytes(type, r[2]);
        Differential.assertMatchesTfLite(range(true, type, s, l, d), OpModel.floats(0));
        Differential.assertMatchesTfLite(range(false, type, s, l, d), s, l, d);
      }
    }
    for (float[] r : FLOAT_RANGES) {
      byte[] s = OpModel.floats(r[0]);
      byte[] l = OpModel.floats(r[1]);
      byte[] d = OpModel.floats(r[2]);
      Differential.assertMatchesTfLite(range(true, TensorType.FLOAT32, s, l, d),
          OpModel.floats(0));
      Differential.assertMatchesTfLite(range(false, TensorType.FLOAT32, s, l, d), s, l, d);
    }
  }

  @Test
  void rangeHandComputed() {
    byte[] model = range(false, TensorType.INT32, OpModel.ints(0), OpModel.ints(0),
        OpModel.ints(0));
    assertThat(OpModel.toInts(OpModel.run(model, OpModel.ints(1), OpModel.ints(10),
        OpModel.ints(4))[0])).containsExactly(1, 5, 9);
    // start == limit is an empty range in TFLite 2.19, whatever delta's sign.
    assertThat(OpModel.outputShape(model, 0, OpModel.ints(3), OpModel.ints(3), OpModel.ints(-1)))
        .containsExactly(0);
    // Float elements come from repeated addition: 0.1 + 0.3 + 0.3 = 0.70000005.
    byte[] f = range(false, TensorType.FLOAT32, OpModel.floats(0), OpModel.floats(0),
        OpModel.floats(0));
    assertThat(OpModel.toFloats(OpModel.run(f, OpModel.floats(0.1f), OpModel.floats(1f),
        OpModel.floats(0.3f))[0])).containsExactly(0.1f, 0.4f, 0.70000005f);
    byte[] constant = range(true, TensorType.INT64, OpModel.longs(5), OpModel.longs(-1),
        OpModel.longs(-2));
    assertThat(OpModel.toLongs(OpModel.run(constant, OpModel.floats(0))[0]))
        .containsExactly(5, 3, 1);
  }

  @Test
  void rangeRejectsZeroDelta() {
    OpModel.assertRejected(range(true, TensorType.INT32, OpModel.ints(0), OpModel.ints(5),
        OpModel.ints(0)), "RANGE", "start 0, limit 5, delta 0: delta must not be 0");
    byte[] model = range(false, TensorType.FLOAT32, OpModel.floats(0), OpModel.floats(0),
        OpModel.floats(0));
    OpModel.assertRunFails(model, new byte[][] {OpModel.floats(0), OpModel.floats(1),
        OpModel.floats(0)}, "RANGE", "delta must not be 0");
  }

  @Test
  void rangeRejectsDeltaOfTheWrongSign() {
    OpModel.assertRejected(range(true, TensorType.INT64, OpModel.longs(5), OpModel.longs(0),
        OpModel.longs(1)), "RANGE", "delta's sign must lead from start to limit");
    byte[] model = range(false, TensorType.INT32, OpModel.ints(0), OpModel.ints(0),
        OpModel.ints(0));
    OpModel.assertRunFails(model, new byte[][] {OpModel.ints(0), OpModel.ints(5),
        OpModel.ints(-1)}, "start 0, limit 5, delta -1", "delta's sign");
    byte[] f = range(false, TensorType.FLOAT32, OpModel.floats(0), OpModel.floats(0),
        OpModel.floats(0));
    OpModel.assertRunFails(f, new byte[][] {OpModel.floats(Float.NaN), OpModel.floats(5),
        OpModel.floats(1)}, "delta's sign");
  }

  @Test
  void rangeRejectsHugeOutputs() {
    OpModel.assertRejected(range(true, TensorType.INT32, OpModel.ints(Integer.MIN_VALUE),
        OpModel.ints(Integer.MAX_VALUE), OpModel.ints(1)), "exceed 2 GiB");
    OpModel.assertRejected(range(true, TensorType.INT64, OpModel.longs(Long.MIN_VALUE),
        OpModel.longs(Long.MAX_VALUE), OpModel.longs(3)), "exceed 2 GiB");
    OpModel.assertRejected(range(true, TensorType.FLOAT32, OpModel.floats(0),
        OpModel.floats(Float.POSITIVE_INFINITY), OpModel.floats(1)), "exceed 2 GiB");
  }

  @Test
  void rangeWithExtremeDeltaTakesOneStep() {
    byte[] model = range(true, TensorType.INT64, OpModel.longs(Long.MAX_VALUE),
        OpModel.longs(-1), OpModel.longs(Long.MIN_VALUE));
    assertThat(OpModel.toLongs(OpModel.run(model, OpModel.floats(0))[0]))
        .containsExactly(Long.MAX_VALUE);
  }

  @Test
  void rangeRejectsBadOperands() {
    OpModel m = new OpModel();
    int s = m.input(TensorType.INT32, 1);
    int l = m.input(TensorType.INT32);
    int d = m.input(TensorType.INT32);
    int o = m.output(TensorType.INT32, 0);
    m.op(OperatorSpec.builtin(BuiltinOperator.RANGE).inputs(s, l, d).outputs(o).build());
    OpModel.assertRejected(m.build(), "RANGE", "start must be a scalar, has shape [1]");
    m = new OpModel();
    s = m.input(TensorType.INT32);
    l = m.input(TensorType.FLOAT32);
    d = m.input(TensorType.INT32);
    o = m.output(TensorType.INT32, 0);
    m.op(OperatorSpec.builtin(BuiltinOperator.RANGE).inputs(s, l, d).outputs(o).build());
    OpModel.assertRejected(m.build(), "limit", "has type FLOAT32, expected INT32");
    m = new OpModel();
    s = m.input(TensorType.INT8);
    l = m.input(TensorType.INT8);
    d = m.input(TensorType.INT8);
    o = m.output(TensorType.INT8, 0);
    m.op(OperatorSpec.builtin(BuiltinOperator.RANGE).inputs(s, l, d).outputs(o).build());
    OpModel.assertRejected(m.build(), "start", "has type INT8");
  }
}
