package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;

/**
 * CAST between float32, int32, int64, uint8, int8, int16 and bool (and from float16), value by
 * value as TFLite 2.19's cast.cc on x86-64:
 *
 * <ul>
 *   <li>integer to integer keeps the low bits (two's complement wrap-around), integer to float
 *       rounds to nearest, anything to bool is {@code x != 0} (so NaN is true), bool is 0 or 1;
 *   <li>float32 to int32, int16 and uint8 truncate toward zero and saturate, as TFLite's dedicated
 *       conversions do; NaN gives 0, except for int32, where TFLite's range test sends it to
 *       2147483647;
 *   <li>float32 to int8 and int64, and float16 to any integer type, are a plain C++
 *       {@code static_cast}, undefined for NaN and out-of-range values. jlite then does what that
 *       cast compiles to on x86-64 (and so what the TFLite it is tested against does): truncation
 *       to int64 gives {@code Long.MIN_VALUE}; to narrower types the value is first truncated to
 *       int32, where NaN and out-of-range values give {@code Integer.MIN_VALUE}, and then keeps its
 *       low bits (for example 300.0 to int8 is 44, 3e9 to int8 is 0).
 * </ul>
 */
final class CastKernels {
  private CastKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.CAST, Cast::new);
  }

  private static final DataType[] TARGETS = {DataType.FLOAT32, DataType.INT32, DataType.INT64,
      DataType.UINT8, DataType.INT8, DataType.INT16, DataType.BOOL};

  /** One CAST node. */
  static final class Cast implements Kernel {
    private DataType from;
    private DataType to;

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      node.checkType(in, "input", DataType.FLOAT32, DataType.INT32, DataType.INT64,
          DataType.UINT8, DataType.INT8, DataType.INT16, DataType.BOOL, DataType.FLOAT16);
      node.checkType(out, "output", TARGETS);
      from = in.dataType();
      to = out.dataType();
      node.resizeOutput(0, in.shape());
    }

    @Override
    public void eval(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      int n = in.numElements();
      int xo = in.offset();
      switch (from) {
        case FLOAT32 -> {
          float[] x = in.floats();
          for (int i = 0; i < n; i++) {
            storeFloat(out, i, x[xo + i]);
          }
        }
        case FLOAT16 -> {
          short[] x = in.shorts();
          for (int i = 0; i < n; i++) {
            storeStaticCast(out, i, Float16.toFloat(x[xo + i]));
          }
        }
        case INT32 -> {
          int[] x = in.ints();
          for (int i = 0; i < n; i++) {
            storeLong(out, i, x[xo + i]);
          }
        }
        case INT64 -> {
          long[] x = in.longs();
          for (int i = 0; i < n; i++) {
            storeLong(out, i, x[xo + i]);
          }
        }
        case INT16 -> {
          short[] x = in.shorts();
          for (int i = 0; i < n; i++) {
            storeLong(out, i, x[xo + i]);
          }
        }
        case UINT8 -> {
          byte[] x = in.bytes();
          for (int i = 0; i < n; i++) {
            storeLong(out, i, x[xo + i] & 0xff);
          }
        }
        case INT8 -> {
          byte[] x = in.bytes();
          for (int i = 0; i < n; i++) {
            storeLong(out, i, x[xo + i]);
          }
        }
        default -> {
          byte[] x = in.bytes();
          for (int i = 0; i < n; i++) {
            storeLong(out, i, x[xo + i] != 0 ? 1 : 0);
          }
        }
      }
    }

    /** Stores an integer value: wraps to narrower integers, rounds to float. */
    private void storeLong(Tensor out, int i, long v) {
      int at = out.offset() + i;
      switch (to) {
        case FLOAT32 -> out.floats()[at] = v;
        case INT32 -> out.ints()[at] = (int) v;
        case INT64 -> out.longs()[at] = v;
        case INT16 -> out.shorts()[at] = (short) v;
        case BOOL -> out.bytes()[at] = (byte) (v != 0 ? 1 : 0);
        default -> out.bytes()[at] = (byte) v;
      }
    }

    /** Stores a float32 element with TFLite's float32-source conversions. */
    private void storeFloat(Tensor out, int i, float v) {
      int at = out.offset() + i;
      switch (to) {
        case FLOAT32 -> out.floats()[at] = v;
        // Java's (int) saturates like TFLite's clamped conversion; only NaN differs.
        case INT32 -> out.ints()[at] = Float.isNaN(v) ? Integer.MAX_VALUE : (int) v;
        case INT16 -> out.shorts()[at] = (short) Math.max(Short.MIN_VALUE,
            Math.min(Short.MAX_VALUE, (int) v));
        case UINT8 -> out.bytes()[at] = (byte) Math.max(0, Math.min(255, (int) v));
        case BOOL -> out.bytes()[at] = (byte) (v != 0 ? 1 : 0);
        default -> storeStaticCast(out, i, v);
      }
    }

    /** Stores a float with C++ static_cast semantics as compiled for x86-64 (see class doc). */
    private void storeStaticCast(Tensor out, int i, float v) {
      int at = out.offset() + i;
      switch (to) {
        case FLOAT32 -> out.floats()[at] = v;
        case INT64 -> out.longs()[at] = v >= -0x1p63f && v < 0x1p63f ? (long) v : Long.MIN_VALUE;
        case BOOL -> out.bytes()[at] = (byte) (v != 0 ? 1 : 0);
        default -> {
          int t = v >= -0x1p31f && v < 0x1p31f ? (int) v : Integer.MIN_VALUE;
          switch (to) {
            case INT32 -> out.ints()[at] = t;
            case INT16 -> out.shorts()[at] = (short) t;
            default -> out.bytes()[at] = (byte) t;
          }
        }
      }
    }
  }
}
