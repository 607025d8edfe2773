package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;

/**
 * Elementwise math on one tensor: EXP, LOG, SQRT, RSQRT, ABS, NEG, SQUARE, SIN, COS, FLOOR, CEIL,
 * ROUND, SIGN on float32, plus the integer types TFLite accepts for ABS (int32, non-quantized
 * int16), NEG (int32, int64) and SIGN (int32). Integer ABS and NEG of the most negative value wrap
 * around to that value (undefined behaviour in TFLite's C++, whose build aborts on ABS of it).
 *
 * <p>ABS also takes quantized int8 and int16 (zero points 0) as TFLite: {@code |q - inZeroPoint|},
 * rescaled by the fixed-point multiplier of {@code inScale / outScale} (a float quotient) when the
 * scales differ, plus the output zero point, clamped to the type. EXP takes quantized int16 (zero
 * points 0) through TFLite's interpolated lookup table ({@link Int16FloatLut}).
 */
final class UnaryMathKernels {
  private UnaryMathKernels() {}

  enum Op { EXP, LOG, SQRT, RSQRT, ABS, NEG, SQUARE, SIN, COS, FLOOR, CEIL, ROUND, SIGN }

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.EXP, () -> new Unary(Op.EXP));
    builder.addBuiltin(BuiltinOperator.LOG, () -> new Unary(Op.LOG));
    builder.addBuiltin(BuiltinOperator.SQRT, () -> new Unary(Op.SQRT));
    builder.addBuiltin(BuiltinOperator.RSQRT, () -> new Unary(Op.RSQRT));
    builder.addBuiltin(BuiltinOperator.ABS, () -> new Unary(Op.ABS));
    builder.addBuiltin(BuiltinOperator.NEG, () -> new Unary(Op.NEG));
    builder.addBuiltin(BuiltinOperator.SQUARE, () -> new Unary(Op.SQUARE));
    builder.addBuiltin(BuiltinOperator.SIN, () -> new Unary(Op.SIN));
    builder.addBuiltin(BuiltinOperator.COS, () -> new Unary(Op.COS));
    builder.addBuiltin(BuiltinOperator.FLOOR, () -> new Unary(Op.FLOOR));
    builder.addBuiltin(BuiltinOperator.CEIL, () -> new Unary(Op.CEIL));
    builder.addBuiltin(BuiltinOperator.ROUND, () -> new Unary(Op.ROUND));
    builder.addBuiltin(BuiltinOperator.SIGN, () -> new Unary(Op.SIGN));
  }

  /** The element types TFLite's kernel for {@code op} takes without quantization. */
  private static DataType[] types(Op op) {
    return switch (op) {
      case ABS -> new DataType[] {DataType.FLOAT32, DataType.INT32, DataType.INT16,
          DataType.INT8};
      case NEG -> new DataType[] {DataType.FLOAT32, DataType.INT32, DataType.INT64};
      case SIGN -> new DataType[] {DataType.FLOAT32, DataType.INT32};
      case EXP -> new DataType[] {DataType.FLOAT32, DataType.INT16};
      default -> new DataType[] {DataType.FLOAT32};
    };
  }

  /** One unary math node. */
  static final class Unary implements Kernel {
    private final Op op;
    private DataType type;
    private boolean quantized;
    private boolean rescale;
    private int inputZeroPoint;
    private int outputZeroPoint;
    private int mantissa;
    private int shift;
    /** Quantized int16 EXP: TFLite's interpolated table of exp. */
    private short[] lut;

    Unary(Op op) {
      this.op = op;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      node.checkType(in, "input", types(op));
      node.checkType(out, "output", in.dataType());
      type = in.dataType();
      quantized = type == DataType.INT8
          || (type == DataType.INT16 && in.quantizationParams().isQuantized());
      if (quantized && op == Op.EXP) {
        prepareInt16Exp(node, in, out);
      } else if (quantized) {
        prepareQuantizedAbs(node, in, out);
      } else if (type == DataType.INT16 && op == Op.EXP) {
        throw node.invalid("int16 EXP needs quantized input");
      }
      node.resizeOutput(0, in.shape());
    }

    private void prepareQuantizedAbs(Node node, Tensor in, Tensor out) {
      float inScale = PerTensorQuantization.check(node, in, "input");
      float outScale = PerTensorQuantization.check(node, out, "output");
      inputZeroPoint = in.quantizationParams().zeroPoint();
      outputZeroPoint = out.quantizationParams().zeroPoint();
      if (type == DataType.INT16 && (inputZeroPoint != 0 || outputZeroPoint != 0)) {
        throw node.invalid("int16 ABS needs zero points 0, has " + in.quantizationParams()
            + " and " + out.quantizationParams());
      }
      rescale = inScale != outScale;
      if (rescale) {
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(inScale / outScale);
        mantissa = m.mantissa();
        shift = m.shift();
      }
    }

    private void prepareInt16Exp(Node node, Tensor in, Tensor out) {
      float inScale = PerTensorQuantization.check(node, in, "input");
      float outScale = PerTensorQuantization.check(node, out, "output");
      if (in.quantizationParams().zeroPoint() != 0 || out.quantizationParams().zeroPoint() != 0) {
        throw node.invalid("int16 EXP needs zero points 0, has " + in.quantizationParams()
            + " and " + out.quantizationParams());
      }
      lut = Int16FloatLut.populate(inScale, 0, outScale, 0, Math::exp);
    }

    private int quantizedAbs(int q) {
      int value = Math.abs(q - inputZeroPoint);
      int result = rescale
          ? FixedPoint.multiplyByQuantizedMultiplier(value, mantissa, shift) + outputZeroPoint
          : value + outputZeroPoint;
      return type == DataType.INT8 ? Math.min(Math.max(result, -128), 127)
          : Math.min(Math.max(result, Short.MIN_VALUE), Short.MAX_VALUE);
    }

    @Override
    public void eval(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      int n = in.numElements();
      if (quantized && type == DataType.INT8) {
        byte[] x = in.bytes();
        byte[] y = out.bytes();
        for (int i = 0; i < n; i++) {
          y[out.offset() + i] = (byte) quantizedAbs(x[in.offset() + i]);
        }
        return;
      }
      if (quantized) {
        short[] x = in.shorts();
        short[] y = out.shorts();
        for (int i = 0; i < n; i++) {
          int q = x[in.offset() + i];
          y[out.offset() + i] = lut != null ? Int16FloatLut.lookup(q, lut)
              : (short) quantizedAbs(q);
        }
        return;
      }
      switch (type) {
        case FLOAT32 -> floats(op, in.floats(), in.offset(), out.floats(), out.offset(), n);
        case INT32 -> ints(op, in.ints(), in.offset(), out.ints(), out.offset(), n);
        case INT64 -> {
          long[] x = in.longs();
          long[] y = out.longs();
          int xo = in.offset();
          int yo = out.offset();
          for (int i = 0; i < n; i++) {
            y[yo + i] = -x[xo + i];
          }
        }
        default -> {
          // Non-quantized int16 ABS: |x| of -32768 wraps back to -32768, as TFLite's cast does.
          short[] x = in.shorts();
          short[] y = out.shorts();
          int xo = in.offset();
          int yo = out.offset();
          for (int i = 0; i < n; i++) {
            y[yo + i] = (short) Math.abs(x[xo + i]);
          }
        }
      }
    }
  }

  private static void floats(Op op, float[] x, int xo, float[] y, int yo, int n) {
    switch (op) {
      case EXP -> {
        for (int i = 0; i < n; i++) {
          y[yo + i] = (float) Math.exp(x[xo + i]);
        }
      }
      case LOG -> {
        for (int i = 0; i < n; i++) {
          y[yo + i] = (float) Math.log(x[xo + i]);
        }
      }
      case SQRT -> {
        for (int i = 0; i < n; i++) {
          y[yo + i] = (float) Math.sqrt(x[xo + i]);
        }
      }
      case RSQRT -> {
        // TFLite divides in float after a float square root: 1.f / std::sqrt(x).
        for (int i = 0; i < n; i++) {
          y[yo + i] = 1f / (float) Math.sqrt(x[xo + i]);
        }
      }
      case ABS -> {
        for (int i = 0; i < n; i++) {
          y[yo + i] = Math.abs(x[xo + i]);
        }
      }
      case NEG -> {
        for (int i = 0; i < n; i++) {
          y[yo + i] = -x[xo + i];
        }
      }
      case SQUARE -> {
        for (int i = 0; i < n; i++) {
          float v = x[xo + i];
          y[yo + i] = v * v;
        }
      }
      case SIN -> {
        for (int i = 0; i < n; i++) {
          y[yo + i] = (float) Math.sin(x[xo + i]);
        }
      }
      case COS -> {
        for (int i = 0; i < n; i++) {
          y[yo + i] = (float) Math.cos(x[xo + i]);
        }
      }
      case FLOOR -> {
        for (int i = 0; i < n; i++) {
          y[yo + i] = (float) Math.floor(x[xo + i]);
        }
      }
      case CEIL -> {
        for (int i = 0; i < n; i++) {
          y[yo + i] = (float) Math.ceil(x[xo + i]);
        }
      }
      case ROUND -> {
        // Half to even (banker's rounding), as TFLite's RoundToNearest and tf.round.
        for (int i = 0; i < n; i++) {
          y[yo + i] = (float) Math.rint(x[xo + i]);
        }
      }
      case SIGN -> {
        // Comparisons, not Math.signum: NaN gives 0 as in TFLite.
        for (int i = 0; i < n; i++) {
          float v = x[xo + i];
          y[yo + i] = v > 0 ? 1f : v < 0 ? -1f : 0f;
        }
      }
    }
  }

  private static void ints(Op op, int[] x, int xo, int[] y, int yo, int n) {
    switch (op) {
      case ABS -> {
        for (int i = 0; i < n; i++) {
          y[yo + i] = Math.abs(x[xo + i]);
        }
      }
      case NEG -> {
        for (int i = 0; i < n; i++) {
          y[yo + i] = -x[xo + i];
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          y[yo + i] = Integer.signum(x[xo + i]);
        }
      }
    }
  }
}
