package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.Tensor;
import java.util.function.IntUnaryOperator;

/**
 * The quantized paths of the single-input activations, to TFLite's bit. LOGISTIC and TANH on 8-bit
 * types use TFLite's 256-entry table built from the float function (float arithmetic, rounding half
 * away from zero); the RELU family requantizes by {@code scaleIn / scaleOut} and clamps to the
 * quantized activation bounds; LEAKY_RELU requantizes with one multiplier for non-negative
 * inputs and one including alpha for negative ones; int16 LOGISTIC and TANH are
 * {@link Int16LogisticTanh}'s fixed-point paths; HARD_SWISH follows TFLite's int16 fixed-point
 * formulation. Every 8-bit function is tabulated in prepare over the 256 input values, so eval is
 * one table lookup per element.
 */
final class QuantizedActivation {
  private final IntUnaryOperator function;
  private final byte[] table;

  private QuantizedActivation(IntUnaryOperator function, DataType type) {
    this.function = function;
    if (type == DataType.INT16) {
      table = null;
    } else {
      table = new byte[256];
      for (int v = PerTensorQuantization.min(type); v <= PerTensorQuantization.max(type); v++) {
        table[v & 0xff] = (byte) function.applyAsInt(v);
      }
    }
  }

  /** Prepares {@code op} for the node's quantized input; alpha is LEAKY_RELU's. */
  static QuantizedActivation prepare(Node node, ActivationKernels.Op op, float alpha) {
    Tensor in = node.input(0);
    Tensor out = node.output(0);
    DataType type = in.dataType();
    node.checkType(out, "output", type);
    float inScale = PerTensorQuantization.check(node, in, "input");
    float outScale = PerTensorQuantization.check(node, out, "output");
    int inZero = in.quantizationParams().zeroPoint();
    int outZero = out.quantizationParams().zeroPoint();
    int min = PerTensorQuantization.min(type);
    int max = PerTensorQuantization.max(type);
    if (type == DataType.INT16 && (inZero != 0 || outZero != 0)) {
      throw node.invalid("int16 " + op + " needs zero points 0, got " + inZero + " and "
          + outZero);
    }
    boolean int16Supported = op == ActivationKernels.Op.RELU || op == ActivationKernels.Op.RELU6
        || op == ActivationKernels.Op.LEAKY_RELU || op == ActivationKernels.Op.LOGISTIC
        || op == ActivationKernels.Op.TANH;
    if (type == DataType.INT16 && !int16Supported) {
      throw node.invalid(op + " on INT16 is not supported");
    }
    if (type == DataType.INT16
        && (op == ActivationKernels.Op.LOGISTIC || op == ActivationKernels.Op.TANH)) {
      return new QuantizedActivation(Int16LogisticTanh.prepare(node,
          op == ActivationKernels.Op.LOGISTIC, inScale, outScale), type);
    }
    IntUnaryOperator f = switch (op) {
      case RELU -> relu(node, inScale, inZero, outScale, outZero, 0f, Float.POSITIVE_INFINITY, min,
          max);
      case RELU6 -> relu(node, inScale, inZero, outScale, outZero, 0f, 6f, min, max);
      case RELU_N1_TO_1 -> relu(node, inScale, inZero, outScale, outZero, -1f, 1f, min, max);
      case RELU_0_TO_1 -> relu(node, inScale, inZero, outScale, outZero, 0f, 1f, min, max);
      case LEAKY_RELU -> leakyRelu(inScale, inZero, outScale, outZero, alpha, min, max);
      case LOGISTIC -> table(type, inScale, inZero, outScale, outZero,
          x -> 1f / (1f + (float) Math.exp(-x)));
      case TANH -> table(type, inScale, inZero, outScale, outZero,
          x -> (float) Math.tanh(x));
      case HARD_SWISH -> hardSwish(node, type, inScale, inZero, outScale, outZero);
      default -> throw node.invalid(op + " on " + type + " is not supported");
    };
    return new QuantizedActivation(f, type);
  }

  /**
   * TFLite's QuantizedReluX: requantize, then clamp to the quantized activation bounds. The scale
   * ratio is a float division, as in TFLite.
   */
  private static IntUnaryOperator relu(Node node, float inScale, int inZero, float outScale,
      int outZero, float actMin, float actMax, int min, int max) {
    FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(inScale / outScale);
    int lo = Math.max(min, quantizeBound(node, actMin, outScale, outZero));
    int hi = actMax == Float.POSITIVE_INFINITY ? max
        : Math.min(max, quantizeBound(node, actMax, outScale, outZero));
    return q -> {
      int r = outZero + FixedPoint.multiplyByQuantizedMultiplier(q - inZero, m.mantissa(),
          m.shift());
      return Math.min(hi, Math.max(lo, r));
    };
  }

  private static int quantizeBound(Node node, float bound, float scale, int zeroPoint) {
    float q = (float) FixedPoint.roundHalfAway(bound / scale);
    if (!(q >= -0x1p31f && q < 0x1p31f)) {
      throw node.invalid("activation bound " + bound + " overflows int32 at output scale "
          + scale);
    }
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, (long) q + zeroPoint));
  }

  /** TFLite's QuantizeLeakyRelu; both multipliers are computed in float, as TFLite does. */
  private static IntUnaryOperator leakyRelu(float inScale, int inZero, float outScale,
      int outZero, float alpha, int min, int max) {
    FixedPoint.Multiplier identity = FixedPoint.quantizeMultiplier(inScale / outScale);
    FixedPoint.Multiplier negative = FixedPoint.quantizeMultiplier(inScale * alpha / outScale);
    return q -> {
      int x = q - inZero;
      FixedPoint.Multiplier m = x >= 0 ? identity : negative;
      int r = outZero + FixedPoint.multiplyByQuantizedMultiplier(x, m.mantissa(), m.shift());
      return Math.min(max, Math.max(min, r));
    };
  }

  /** TFLite's LUTPopulate for 8-bit types: the float function on each dequantized value. */
  private static IntUnaryOperator table(DataType type,
      float inScale, int inZero, float outScale, int outZero, FloatFunction transform) {
    float inverseScale = 1 / outScale;
    int min = PerTensorQuantization.min(type);
    int max = PerTensorQuantization.max(type);
    return q -> {
      float transformed = transform.apply(inScale * (q - inZero));
      float rescaled = (float) FixedPoint.roundHalfAway(transformed * inverseScale);
      int quantized = FixedPoint.toInt32AsX86(rescaled + outZero);
      return Math.min(max, Math.max(min, quantized));
    };
  }

  /** A float function without boxing. */
  @FunctionalInterface
  private interface FloatFunction {
    float apply(float x);
  }

  /** TFLite's quantized HardSwish: int16 fixed point with a relu-ish and an output multiplier. */
  private static IntUnaryOperator hardSwish(Node node, DataType type, float inScale, int inZero,
      float outScale, int outZero) {
    float hiresInputScale = (1.0f / 128.0f) * inScale;
    float reluishScale = 3.0f / 32768.0f;
    FixedPoint.Multiplier output = FixedPoint.quantizeMultiplier(hiresInputScale / outScale);
    if (output.shift() > 0) {
      throw node.invalid("HARD_SWISH output scale " + outScale + " is below input scale / 128 ("
          + inScale + "), which TFLite's fixed-point HardSwish cannot represent");
    }
    short outputMultiplier = downScaleToInt16(output.mantissa());
    int outputExponent = output.shift();
    FixedPoint.Multiplier reluish = FixedPoint.quantizeMultiplier(hiresInputScale / reluishScale);
    short reluishMultiplier = downScaleToInt16(reluish.mantissa());
    int reluishExponent = reluish.shift();
    int min = PerTensorQuantization.min(type);
    int max = PerTensorQuantization.max(type);
    return q -> {
      short input = (short) (q - inZero);
      short hires = (short) (input * (1 << 7));
      short preshiftOutput = srdhm16(hires, outputMultiplier);
      short value = hires;
      if (reluishExponent > 0) {
        value = saturatingLeftShift16(value, reluishExponent - 1);
      }
      value = srdhm16(value, reluishMultiplier);
      if (reluishExponent > 0) {
        value = saturatingLeftShift16(value, 1);
      }
      if (reluishExponent < 0) {
        value = (short) QuantizedArithmetic.roundingDivideByPot16(value, -reluishExponent);
      }
      value = (short) ((value + (1 << 15)) >> 1);
      short preshift = saturatingDoublingHighMul16(value, preshiftOutput);
      short result = (short) QuantizedArithmetic.roundingDivideByPot16(preshift, -outputExponent);
      result = (short) (result + outZero);
      return Math.max(min, Math.min(max, result));
    };
  }

  /** TFLite's DownScaleInt32ToInt16Multiplier: the mantissa's top 16 bits, rounded. */
  private static short downScaleToInt16(int multiplier) {
    int roundingOffset = 1 << 15;
    if (multiplier >= Integer.MAX_VALUE - roundingOffset) {
      return Short.MAX_VALUE;
    }
    return (short) ((multiplier + roundingOffset) >> 16);
  }

  /** gemmlowp's SaturatingRoundingDoublingHighMul on int16. */
  private static short srdhm16(short a, short b) {
    if (a == Short.MIN_VALUE && b == Short.MIN_VALUE) {
      return Short.MAX_VALUE;
    }
    int ab = a * b;
    short nudge = (short) (ab >= 0 ? (1 << 14) : (1 - (1 << 14)));
    return (short) ((ab + nudge) / (1 << 15));
  }

  /** TFLite's SaturatingDoublingHighMul on int16: like srdhm16 but truncating. */
  private static short saturatingDoublingHighMul16(short a, short b) {
    if (a == Short.MIN_VALUE && b == Short.MIN_VALUE) {
      return Short.MAX_VALUE;
    }
    return (short) ((a * b) / (1 << 15));
  }

  private static short saturatingLeftShift16(short value, int amount) {
    long result = (long) value * (1L << amount);
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, result));
  }

  void run(Tensor in, Tensor out) {
    int n = in.numElements();
    int ix = in.offset();
    int iy = out.offset();
    if (table == null) {
      short[] x = in.shorts();
      short[] y = out.shorts();
      for (int i = 0; i < n; i++) {
        y[iy + i] = (short) function.applyAsInt(x[ix + i]);
      }
      return;
    }
    byte[] x = in.bytes();
    byte[] y = out.bytes();
    for (int i = 0; i < n; i++) {
      y[iy + i] = table[x[ix + i] & 0xff];
    }
  }
}
