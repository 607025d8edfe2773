package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;

/**
 * Comparisons of two tensors with NumPy broadcasting into a BOOL tensor: EQUAL, NOT_EQUAL, LESS,
 * LESS_EQUAL, GREATER, GREATER_EQUAL on float32, int32 and int64, and EQUAL, NOT_EQUAL on bool.
 * Floats compare as IEEE values: NaN equals nothing, so only NOT_EQUAL is true for it. Quantized
 * uint8 and int8 inputs are compared as TFLite does: each zero-point-corrected value is shifted
 * left 8 bits and rescaled by its own scale, so inputs with different parameters compare as reals.
 * int16 (EQUAL, LESS and GREATER_EQUAL only, as TFLite 2.19) compares stored values, whatever the
 * quantization.
 */
final class ComparisonKernels {
  private ComparisonKernels() {}

  enum Op { EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL }

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.EQUAL, () -> new Comparison(Op.EQUAL));
    builder.addBuiltin(BuiltinOperator.NOT_EQUAL, () -> new Comparison(Op.NOT_EQUAL));
    builder.addBuiltin(BuiltinOperator.LESS, () -> new Comparison(Op.LESS));
    builder.addBuiltin(BuiltinOperator.LESS_EQUAL, () -> new Comparison(Op.LESS_EQUAL));
    builder.addBuiltin(BuiltinOperator.GREATER, () -> new Comparison(Op.GREATER));
    builder.addBuiltin(BuiltinOperator.GREATER_EQUAL, () -> new Comparison(Op.GREATER_EQUAL));
  }

  private static final DataType[] BASE = {DataType.FLOAT32, DataType.INT32, DataType.INT64,
      DataType.UINT8, DataType.INT8};
  private static final DataType[] WITH_BOOL = {DataType.FLOAT32, DataType.INT32, DataType.INT64,
      DataType.BOOL, DataType.UINT8, DataType.INT8};
  private static final DataType[] WITH_INT16 = {DataType.FLOAT32, DataType.INT32, DataType.INT64,
      DataType.UINT8, DataType.INT8, DataType.INT16};
  private static final DataType[] WITH_INT16_AND_BOOL = {DataType.FLOAT32, DataType.INT32,
      DataType.INT64, DataType.BOOL, DataType.UINT8, DataType.INT8, DataType.INT16};

  /** One comparison node. */
  static final class Comparison implements Kernel {
    private final Op op;
    private BroadcastLoop loop;
    private BroadcastLoop.Row row;

    Comparison(Op op) {
      this.op = op;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(2, 2, 1);
      Tensor a = node.input(0);
      Tensor b = node.input(1);
      Tensor out = node.output(0);
      // TFLite 2.19 compares int16 in EQUAL, LESS and GREATER_EQUAL only.
      boolean int16 = op == Op.EQUAL || op == Op.LESS || op == Op.GREATER_EQUAL;
      if (op == Op.EQUAL || op == Op.NOT_EQUAL) {
        node.checkType(a, "input 0", int16 ? WITH_INT16_AND_BOOL : WITH_BOOL);
      } else {
        node.checkType(a, "input 0", int16 ? WITH_INT16 : BASE);
      }
      node.checkType(b, "input 1", a.dataType());
      node.checkType(out, "output", DataType.BOOL);
      int[] shape = Shapes.broadcast(node, a.shape(), b.shape());
      node.resizeOutput(0, shape);
      loop = new BroadcastLoop(a.shape(), b.shape(), shape);
      if (a.dataType() == DataType.UINT8 || a.dataType() == DataType.INT8) {
        row = quantizedRow(node, op, a, b, out);
        return;
      }
      row = switch (a.dataType()) {
        case FLOAT32 -> (ia, ib, io, n, sa, sb) -> floatRow(op, a.floats(), a.offset() + ia, sa,
            b.floats(), b.offset() + ib, sb, out.bytes(), out.offset() + io, n);
        case INT32 -> (ia, ib, io, n, sa, sb) -> intRow(op, a.ints(), a.offset() + ia, sa,
            b.ints(), b.offset() + ib, sb, out.bytes(), out.offset() + io, n);
        case INT64 -> (ia, ib, io, n, sa, sb) -> longRow(op, a.longs(), a.offset() + ia, sa,
            b.longs(), b.offset() + ib, sb, out.bytes(), out.offset() + io, n);
        case INT16 -> (ia, ib, io, n, sa, sb) -> shortRow(op, a.shorts(), a.offset() + ia, sa,
            b.shorts(), b.offset() + ib, sb, out.bytes(), out.offset() + io, n);
        default -> (ia, ib, io, n, sa, sb) -> boolRow(op == Op.EQUAL, a.bytes(), a.offset() + ia,
            sa, b.bytes(), b.offset() + ib, sb, out.bytes(), out.offset() + io, n);
      };
    }

    @Override
    public void eval(Node node) {
      loop.run(row);
    }
  }

  private static BroadcastLoop.Row quantizedRow(Node node, Op op, Tensor a, Tensor b,
      Tensor out) {
    float scaleA = PerTensorQuantization.check(node, a, "input 0");
    float scaleB = PerTensorQuantization.check(node, b, "input 1");
    int offsetA = -a.quantizationParams().zeroPoint();
    int offsetB = -b.quantizationParams().zeroPoint();
    FixedPoint.Multiplier ma = FixedPoint.quantizeMultiplier(scaleA);
    FixedPoint.Multiplier mb = FixedPoint.quantizeMultiplier(scaleB);
    int mask = a.dataType() == DataType.UINT8 ? 0xff : -1;
    return (ia, ib, io, n, sa, sb) -> {
      byte[] x = a.bytes();
      byte[] y = b.bytes();
      byte[] o = out.bytes();
      int xa = a.offset() + ia;
      int yb = b.offset() + ib;
      int oo = out.offset() + io;
      for (int i = 0; i < n; i++) {
        int u = rescale(((x[xa + i * sa] & mask) + offsetA) << 8, ma);
        int v = rescale(((y[yb + i * sb] & mask) + offsetB) << 8, mb);
        o[oo + i] = bool(switch (op) {
          case EQUAL -> u == v;
          case NOT_EQUAL -> u != v;
          case LESS -> u < v;
          case LESS_EQUAL -> u <= v;
          case GREATER -> u > v;
          case GREATER_EQUAL -> u >= v;
        });
      }
    };
  }

  /**
   * TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp, also for scales of 1 and more, which
   * TFLite accepts here: it then divides by a negative power of two, whose shift counts x86-64
   * masks to their low 6 (64-bit mask) and 5 (32-bit shift) bits, exactly as Java's shifts do, so
   * {@link FixedPoint#roundingDivideByPot} with the negative exponent reproduces TFLite's results.
   */
  private static int rescale(int x, FixedPoint.Multiplier m) {
    return FixedPoint.roundingDivideByPot(
        FixedPoint.saturatingRoundingDoublingHighMul(x, m.mantissa()), -m.shift());
  }

  private static byte bool(boolean v) {
    return v ? (byte) 1 : (byte) 0;
  }

  private static void floatRow(Op op, float[] a, int ia, int sa, float[] b, int ib, int sb,
      byte[] o, int io, int n) {
    switch (op) {
      case EQUAL -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] == b[ib + i * sb]);
        }
      }
      case NOT_EQUAL -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] != b[ib + i * sb]);
        }
      }
      case LESS -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] < b[ib + i * sb]);
        }
      }
      case LESS_EQUAL -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] <= b[ib + i * sb]);
        }
      }
      case GREATER -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] > b[ib + i * sb]);
        }
      }
      case GREATER_EQUAL -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] >= b[ib + i * sb]);
        }
      }
    }
  }

  private static void intRow(Op op, int[] a, int ia, int sa, int[] b, int ib, int sb, byte[] o,
      int io, int n) {
    switch (op) {
      case EQUAL -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] == b[ib + i * sb]);
        }
      }
      case NOT_EQUAL -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] != b[ib + i * sb]);
        }
      }
      case LESS -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] < b[ib + i * sb]);
        }
      }
      case LESS_EQUAL -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] <= b[ib + i * sb]);
        }
      }
      case GREATER -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] > b[ib + i * sb]);
        }
      }
      case GREATER_EQUAL -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] >= b[ib + i * sb]);
        }
      }
    }
  }

  /** int16 stored values, compared as they are whatever the quantization, as TFLite does. */
  private static void shortRow(Op op, short[] a, int ia, int sa, short[] b, int ib, int sb,
      byte[] o, int io, int n) {
    for (int i = 0; i < n; i++) {
      int x = a[ia + i * sa];
      int y = b[ib + i * sb];
      o[io + i] = bool(switch (op) {
        case EQUAL -> x == y;
        case NOT_EQUAL -> x != y;
        case LESS -> x < y;
        case LESS_EQUAL -> x <= y;
        case GREATER -> x > y;
        case GREATER_EQUAL -> x >= y;
      });
    }
  }

  private static void longRow(Op op, long[] a, int ia, int sa, long[] b, int ib, int sb, byte[] o,
      int io, int n) {
    switch (op) {
      case EQUAL -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] == b[ib + i * sb]);
        }
      }
      case NOT_EQUAL -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] != b[ib + i * sb]);
        }
      }
      case LESS -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] < b[ib + i * sb]);
        }
      }
      case LESS_EQUAL -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] <= b[ib + i * sb]);
        }
      }
      case GREATER -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] > b[ib + i * sb]);
        }
      }
      case GREATER_EQUAL -> {
        for (int i = 0; i < n; i++) {
          o[io + i] = bool(a[ia + i * sa] >= b[ib + i * sb]);
        }
      }
    }
  }

  /** Bools compare by truth: any non-zero byte is true. */
  private static void boolRow(boolean equal, byte[] a, int ia, int sa, byte[] b, int ib, int sb,
      byte[] o, int io, int n) {
    for (int i = 0; i < n; i++) {
      boolean same = (a[ia + i * sa] != 0) == (b[ib + i * sb] != 0);
      o[io + i] = bool(same == equal);
    }
  }
}
