package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.AddOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.DivOptions;
import dev.jlite.schema.model.MulOptions;
import dev.jlite.schema.model.SubOptions;

/**
 * Arithmetic on two tensors with NumPy broadcasting: ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM,
 * SQUARED_DIFFERENCE, POW, FLOOR_DIV, FLOOR_MOD, for float32, int32 and int64; ADD, SUB and MUL
 * also on quantized uint8, int8 and int16 ({@link QuantizedArithmetic}), MAXIMUM and MINIMUM on
 * their stored integers, FLOOR_DIV on int16 stored integers.
 */
final class ElementwiseBinaryKernels {
  private ElementwiseBinaryKernels() {}

  enum Op { ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, POW, FLOOR_DIV, FLOOR_MOD }

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.ADD, () -> new Binary(Op.ADD));
    builder.addBuiltin(BuiltinOperator.SUB, () -> new Binary(Op.SUB));
    builder.addBuiltin(BuiltinOperator.MUL, () -> new Binary(Op.MUL));
    builder.addBuiltin(BuiltinOperator.DIV, () -> new Binary(Op.DIV));
    builder.addBuiltin(BuiltinOperator.MAXIMUM, () -> new Binary(Op.MAXIMUM));
    builder.addBuiltin(BuiltinOperator.MINIMUM, () -> new Binary(Op.MINIMUM));
    builder.addBuiltin(BuiltinOperator.SQUARED_DIFFERENCE, () -> new Binary(Op.SQUARED_DIFFERENCE));
    builder.addBuiltin(BuiltinOperator.POW, () -> new Binary(Op.POW));
    builder.addBuiltin(BuiltinOperator.FLOOR_DIV, () -> new Binary(Op.FLOOR_DIV));
    builder.addBuiltin(BuiltinOperator.FLOOR_MOD, () -> new Binary(Op.FLOOR_MOD));
  }

  /** One binary operator node. */
  static final class Binary implements Kernel {
    private final Op op;
    private FusedActivation activation;
    private BroadcastLoop loop;
    private BroadcastLoop.Row row;

    Binary(Op op) {
      this.op = op;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(2, 2, 1);
      Tensor a = node.input(0);
      Tensor b = node.input(1);
      Tensor out = node.output(0);
      node.checkType(a, "input 0", DataType.FLOAT32, DataType.INT32, DataType.INT64,
          DataType.UINT8, DataType.INT8, DataType.INT16);
      node.checkType(b, "input 1", a.dataType());
      node.checkType(out, "output", a.dataType());
      byte fused = fusedActivation(node);
      activation = FusedActivation.of(node, fused);
      int[] shape = Shapes.broadcast(node, a.shape(), b.shape());
      node.resizeOutput(0, shape);
      loop = new BroadcastLoop(a.shape(), b.shape(), shape);
      if (isQuantized(a.dataType())) {
        if (op == Op.MAXIMUM || op == Op.MINIMUM) {
          row = rawExtremumRow(a, b, out, op == Op.MAXIMUM);
          return;
        }
        if (op == Op.FLOOR_DIV && a.dataType() == DataType.INT16) {
          row = (ia, ib, io, n, sa, sb) -> shortFloorDivRow(node, a.shorts(), a.offset() + ia,
              sa, b.shorts(), b.offset() + ib, sb, out.shorts(), out.offset() + io, n);
          return;
        }
        if (op != Op.ADD && op != Op.SUB && op != Op.MUL) {
          throw node.invalid(op + " on " + a.dataType() + " is not supported");
        }
        row = QuantizedArithmetic.row(node, op, fused, potScaleInt16(node));
        return;
      }
      if (a.dataType() != DataType.FLOAT32 && !activation.isNone()
          && (op == Op.DIV || a.dataType() == DataType.INT64)) {
        throw node.invalid("fused activation on " + a.dataType() + " " + op + " is not supported");
      }
      row = switch (a.dataType()) {
        case FLOAT32 -> (ia, ib, io, n, sa, sb) -> floatRow(a.floats(), a.offset() + ia, sa,
            b.floats(), b.offset() + ib, sb, out.floats(), out.offset() + io, n);
        case INT32 -> (ia, ib, io, n, sa, sb) -> intRow(node, a.ints(), a.offset() + ia, sa,
            b.ints(), b.offset() + ib, sb, out.ints(), out.offset() + io, n);
        default -> (ia, ib, io, n, sa, sb) -> longRow(node, a.longs(), a.offset() + ia, sa,
            b.longs(), b.offset() + ib, sb, out.longs(), out.offset() + io, n);
      };
    }

    private byte fusedActivation(Node node) {
      return switch (op) {
        case ADD -> {
          AddOptions o = node.options(new AddOptions(), BuiltinOptions.AddOptions);
          yield o == null ? 0 : o.fusedActivationFunction();
        }
        case SUB -> {
          SubOptions o = node.options(new SubOptions(), BuiltinOptions.SubOptions);
          yield o == null ? 0 : o.fusedActivationFunction();
        }
        case MUL -> {
          MulOptions o = node.options(new MulOptions(), BuiltinOptions.MulOptions);
          yield o == null ? 0 : o.fusedActivationFunction();
        }
        case DIV -> {
          DivOptions o = node.options(new DivOptions(), BuiltinOptions.DivOptions);
          yield o == null ? 0 : o.fusedActivationFunction();
        }
        default -> 0;
      };
    }

    /** TFLite reads pot_scale_int16 only from present options; absent options mean false. */
    private boolean potScaleInt16(Node node) {
      return switch (op) {
        case ADD -> {
          AddOptions o = node.options(new AddOptions(), BuiltinOptions.AddOptions);
          yield o != null && o.potScaleInt16();
        }
        case SUB -> {
          SubOptions o = node.options(new SubOptions(), BuiltinOptions.SubOptions);
          yield o != null && o.potScaleInt16();
        }
        default -> false;
      };
    }

    @Override
    public void eval(Node node) {
      loop.run(row);
    }

    private void floatRow(float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io,
        int n) {
      float min = activation.min;
      float max = activation.max;
      for (int i = 0; i < n; i++) {
        float x = a[ia + i * sa];
        float y = b[ib + i * sb];
        float r = switch (op) {
          case ADD -> x + y;
          case SUB -> x - y;
          case MUL -> x * y;
          case DIV -> x / y;
          case MAXIMUM -> Math.max(x, y);
          case MINIMUM -> Math.min(x, y);
          case SQUARED_DIFFERENCE -> (x - y) * (x - y);
          case POW -> (float) Math.pow(x, y);
          case FLOOR_DIV -> (float) Math.floor(x / y);
          case FLOOR_MOD -> floorMod(x, y);
        };
        o[io + i] = Math.max(min, Math.min(max, r));
      }
    }

    private void intRow(Node node, int[] a, int ia, int sa, int[] b, int ib, int sb, int[] o,
        int io, int n) {
      int min = activation.min == Float.NEGATIVE_INFINITY ? Integer.MIN_VALUE : (int) activation.min;
      int max = activation.max == Float.POSITIVE_INFINITY ? Integer.MAX_VALUE : (int) activation.max;
      for (int i = 0; i < n; i++) {
        int x = a[ia + i * sa];
        int y = b[ib + i * sb];
        int r = switch (op) {
          case ADD -> x + y;
          case SUB -> x - y;
          case MUL -> x * y;
          case DIV -> {
            checkDivisor(node, y);
            yield x / y;
          }
          case MAXIMUM -> Math.max(x, y);
          case MINIMUM -> Math.min(x, y);
          case SQUARED_DIFFERENCE -> (x - y) * (x - y);
          case POW -> intPow(node, x, y);
          case FLOOR_DIV -> {
            checkDivisor(node, y);
            yield Math.floorDiv(x, y);
          }
          case FLOOR_MOD -> {
            checkDivisor(node, y);
            yield Math.floorMod(x, y);
          }
        };
        o[io + i] = Math.max(min, Math.min(max, r));
      }
    }

    private void longRow(Node node, long[] a, int ia, int sa, long[] b, int ib, int sb, long[] o,
        int io, int n) {
      for (int i = 0; i < n; i++) {
        long x = a[ia + i * sa];
        long y = b[ib + i * sb];
        o[io + i] = switch (op) {
          case ADD -> x + y;
          case SUB -> x - y;
          case MUL -> x * y;
          case DIV -> {
            checkDivisor(node, y);
            yield x / y;
          }
          case MAXIMUM -> Math.max(x, y);
          case MINIMUM -> Math.min(x, y);
          case SQUARED_DIFFERENCE -> (x - y) * (x - y);
          case POW -> longPow(node, x, y);
          case FLOOR_DIV -> {
            checkDivisor(node, y);
            yield Math.floorDiv(x, y);
          }
          case FLOOR_MOD -> {
            checkDivisor(node, y);
            yield Math.floorMod(x, y);
          }
        };
      }
    }
  }

  /**
   * MAXIMUM or MINIMUM of quantized values compares the stored integers, as TFLite does: it does
   * not requantize, so the result is meaningful when both inputs and the output share parameters.
   */
  private static BroadcastLoop.Row rawExtremumRow(Tensor a, Tensor b, Tensor out,
      boolean maximum) {
    if (a.dataType() == DataType.INT16) {
      return (ia, ib, io, n, sa, sb) -> {
        short[] x = a.shorts();
        short[] y = b.shorts();
        short[] o = out.shorts();
        int xa = a.offset() + ia;
        int yb = b.offset() + ib;
        int oo = out.offset() + io;
        for (int i = 0; i < n; i++) {
          short u = x[xa + i * sa];
          short v = y[yb + i * sb];
          o[oo + i] = maximum == (u > v) ? u : v;
        }
      };
    }
    int mask = a.dataType() == DataType.UINT8 ? 0xff : -1;
    return (ia, ib, io, n, sa, sb) -> {
      byte[] x = a.bytes();
      byte[] y = b.bytes();
      byte[] o = out.bytes();
      int xa = a.offset() + ia;
      int yb = b.offset() + ib;
      int oo = out.offset() + io;
      for (int i = 0; i < n; i++) {
        byte u = x[xa + i * sa];
        byte v = y[yb + i * sb];
        o[oo + i] = maximum == ((u & mask) > (v & mask)) ? u : v;
      }
    };
  }

  static boolean isQuantized(DataType type) {
    return type == DataType.UINT8 || type == DataType.INT8 || type == DataType.INT16;
  }

  /** Python-style modulo for floats: the result takes the divisor's sign, as TFLite's FloorMod. */
  static float floorMod(float x, float y) {
    float r = x % y;
    return (r != 0 && ((r < 0) != (y < 0))) ? r + y : r;
  }

  /**
   * FLOOR_DIV of int16 stored values, which TFLite divides as plain integers whatever their
   * quantization; -32768 / -1 wraps to -32768 as TFLite's cast does.
   */
  private static void shortFloorDivRow(Node node, short[] a, int ia, int sa, short[] b, int ib,
      int sb, short[] o, int io, int n) {
    for (int i = 0; i < n; i++) {
      int y = b[ib + i * sb];
      checkDivisor(node, y);
      o[io + i] = (short) Math.floorDiv(a[ia + i * sa], y);
    }
  }

  private static void checkDivisor(Node node, long divisor) {
    if (divisor == 0) {
      throw new InferenceException(node + ": integer division by zero");
    }
  }

  private static int intPow(Node node, int base, int exponent) {
    if (exponent < 0) {
      throw new InferenceException(node + ": integer POW with negative exponent " + exponent);
    }
    int result = 1;
    for (int e = exponent, b = base; e > 0; e >>= 1, b *= b) {
      if ((e & 1) != 0) {
        result *= b;
      }
    }
    return result;
  }

  private static long longPow(Node node, long base, long exponent) {
    if (exponent < 0) {
      throw new InferenceException(node + ": integer POW with negative exponent " + exponent);
    }
    long result = 1;
    for (long e = exponent, b = base; e > 0; e >>= 1, b *= b) {
      if ((e & 1) != 0) {
        result *= b;
      }
    }
    return result;
  }
}
