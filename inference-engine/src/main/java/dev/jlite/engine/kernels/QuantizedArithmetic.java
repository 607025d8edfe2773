package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.Tensor;
import java.util.Arrays;

/**
 * TFLite's integer ADD, SUB and MUL on uint8, int8 and int16 tensors, to the bit. ADD and SUB
 * shift both inputs left (20 bits for 8-bit types, 15 for int16), rescale each to twice the larger
 * input scale, add (SUB negates the second multiplier, as TFLite does), and rescale to the output;
 * int16 needs zero points 0, and with power-of-two scales takes TFLite's shift-only path when the
 * {@code pot_scale_int16} option asks for it. MUL multiplies the zero-point-corrected inputs and
 * rescales once by {@code scale1 * scale2 / scaleOut}, computed in float as TFLite does.
 */
final class QuantizedArithmetic implements BroadcastLoop.Row {
  private enum Mode { SUM, POT_SUM, PRODUCT }

  private final Tensor a;
  private final Tensor b;
  private final Tensor out;
  private final Mode mode;
  private final boolean unsigned;
  private final boolean subtract;
  private final int offset1;
  private final int offset2;
  private final int outputOffset;
  private final int leftShift;
  private final FixedPoint.Multiplier multiplier1;
  private final FixedPoint.Multiplier multiplier2;
  private final FixedPoint.Multiplier outputMultiplier;
  private final int potShift1;
  private final int potShift2;
  private final int min;
  private final int max;

  private QuantizedArithmetic(Node node, ElementwiseBinaryKernels.Op op, byte activation,
      boolean potScaleInt16) {
    a = node.input(0);
    b = node.input(1);
    out = node.output(0);
    DataType type = a.dataType();
    unsigned = type == DataType.UINT8;
    subtract = op == ElementwiseBinaryKernels.Op.SUB;
    float scale1 = PerTensorQuantization.check(node, a, "input 0");
    float scale2 = PerTensorQuantization.check(node, b, "input 1");
    float scaleOut = PerTensorQuantization.check(node, out, "output");
    int zero1 = a.quantizationParams().zeroPoint();
    int zero2 = b.quantizationParams().zeroPoint();
    int zeroOut = out.quantizationParams().zeroPoint();
    if (type == DataType.INT16 && (zero1 != 0 || zero2 != 0 || zeroOut != 0)) {
      throw node.invalid("int16 " + op + " needs zero points 0, got " + zero1 + ", " + zero2
          + " and " + zeroOut);
    }
    int[] range = PerTensorQuantization.activationRange(node, activation, out);
    min = range[0];
    max = range[1];
    offset1 = -zero1;
    offset2 = -zero2;
    outputOffset = zeroOut;
    int log1 = checkedLog2(scale1);
    int log2 = checkedLog2(scale2);
    int logOut = checkedLog2(scaleOut);
    boolean pot = op != ElementwiseBinaryKernels.Op.MUL && type == DataType.INT16 && potScaleInt16
        && log1 != Integer.MIN_VALUE && log2 != Integer.MIN_VALUE && logOut != Integer.MIN_VALUE;
    if (op == ElementwiseBinaryKernels.Op.MUL) {
      mode = Mode.PRODUCT;
      leftShift = 0;
      multiplier1 = null;
      multiplier2 = null;
      outputMultiplier = FixedPoint.quantizeMultiplier(scale1 * scale2 / scaleOut);
      potShift1 = 0;
      potShift2 = 0;
    } else if (pot) {
      mode = Mode.POT_SUM;
      leftShift = 0;
      multiplier1 = null;
      multiplier2 = null;
      outputMultiplier = null;
      potShift1 = logOut - log1;
      potShift2 = logOut - log2;
      if (potShift1 != 0 && potShift2 != 0) {
        throw node.invalid("power-of-two int16 " + op + " can rescale only one input, scales "
            + scale1 + " and " + scale2 + " both differ from the output scale " + scaleOut);
      }
      if (potShift1 < 0 || potShift2 < 0 || potShift1 > 31 || potShift2 > 31) {
        throw node.invalid("power-of-two int16 " + op + " needs input scales between the output"
            + " scale and 2^-31 of it, got " + scale1 + " and " + scale2 + " for " + scaleOut);
      }
      if (op == ElementwiseBinaryKernels.Op.ADD && !Arrays.equals(a.shape(), b.shape())) {
        throw node.invalid("power-of-two int16 ADD does not broadcast: input shapes "
            + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
      }
    } else {
      mode = Mode.SUM;
      leftShift = type == DataType.INT16 ? 15 : 20;
      double twiceMaxScale = 2.0 * Math.max(scale1, scale2);
      multiplier1 = FixedPoint.quantizeMultiplier(scale1 / twiceMaxScale);
      FixedPoint.Multiplier m2 = FixedPoint.quantizeMultiplier(scale2 / twiceMaxScale);
      multiplier2 = subtract ? new FixedPoint.Multiplier(-m2.mantissa(), m2.shift()) : m2;
      outputMultiplier = FixedPoint.quantizeMultiplier(
          twiceMaxScale / ((float) (1 << leftShift) * scaleOut));
      potShift1 = 0;
      potShift2 = 0;
    }
  }

  /** The row function computing {@code op} for the node, whose inputs share a quantized type. */
  static BroadcastLoop.Row row(Node node, ElementwiseBinaryKernels.Op op, byte activation,
      boolean potScaleInt16) {
    return new QuantizedArithmetic(node, op, activation, potScaleInt16);
  }

  /**
   * TFLite's CheckedLog2 in float arithmetic: the rounded base-2 logarithm of a scale, or
   * {@code Integer.MIN_VALUE} when the scale is not within 1e-3 of a power of two in log space.
   */
  static int checkedLog2(float x) {
    float log2 = (float) Math.log(x) * (1.0f / (float) Math.log(2.0f));
    float rounded = (float) FixedPoint.roundHalfAway(log2);
    return Math.abs(log2 - rounded) < 1e-3f ? (int) rounded : Integer.MIN_VALUE;
  }

  @Override
  public void run(int ia, int ib, int io, int n, int sa, int sb) {
    if (out.dataType() == DataType.INT16) {
      short[] x = a.shorts();
      short[] y = b.shorts();
      short[] o = out.shorts();
      int xa = a.offset() + ia;
      int yb = b.offset() + ib;
      int oo = out.offset() + io;
      for (int i = 0; i < n; i++) {
        o[oo + i] = (short) compute(x[xa + i * sa], y[yb + i * sb]);
      }
    } else {
      byte[] x = a.bytes();
      byte[] y = b.bytes();
      byte[] o = out.bytes();
      int xa = a.offset() + ia;
      int yb = b.offset() + ib;
      int oo = out.offset() + io;
      int mask = unsigned ? 0xff : -1;
      for (int i = 0; i < n; i++) {
        o[oo + i] = (byte) compute(x[xa + i * sa] & mask, y[yb + i * sb] & mask);
      }
    }
  }

  private int compute(int x, int y) {
    int r = switch (mode) {
      case SUM -> {
        int scaled1 = FixedPoint.multiplyByQuantizedMultiplier((offset1 + x) * (1 << leftShift),
            multiplier1.mantissa(), multiplier1.shift());
        int scaled2 = FixedPoint.multiplyByQuantizedMultiplier((offset2 + y) * (1 << leftShift),
            multiplier2.mantissa(), multiplier2.shift());
        yield FixedPoint.multiplyByQuantizedMultiplier(scaled1 + scaled2,
            outputMultiplier.mantissa(), outputMultiplier.shift()) + outputOffset;
      }
      case POT_SUM -> {
        int scaled1 = roundingDivideByPot16((short) x, potShift1);
        int scaled2 = roundingDivideByPot16((short) y, potShift2);
        yield subtract ? scaled1 - scaled2 : scaled1 + scaled2;
      }
      case PRODUCT -> FixedPoint.multiplyByQuantizedMultiplier((offset1 + x) * (offset2 + y),
          outputMultiplier.mantissa(), outputMultiplier.shift()) + outputOffset;
    };
    return Math.max(min, Math.min(max, r));
  }

  /**
   * gemmlowp's RoundingDivideByPOT on int16 lanes: the mask, threshold and sum wrap to 16 bits, as
   * they do in TFLite's shift-only int16 ADD and SUB.
   */
  static int roundingDivideByPot16(short x, int exponent) {
    short mask = (short) ((1L << exponent) - 1);
    short remainder = (short) (x & mask);
    short threshold = (short) ((mask >> 1) + (x < 0 ? 1 : 0));
    return (short) ((x >> exponent) + (remainder > threshold ? 1 : 0));
  }
}
