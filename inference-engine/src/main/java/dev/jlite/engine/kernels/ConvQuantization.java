package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.QuantizationParams;
import dev.jlite.engine.Tensor;
import java.util.Arrays;

/**
 * The quantization of one quantized convolution-family node (uint8 per tensor, int8 with per-tensor
 * or per-channel filter scales, int16 activations with int8 filters and int64 bias), checked in
 * prepare: the offsets added to input and filter values,
 * one fixed-point multiplier per output channel ({@code input_scale * filter_scale /
 * output_scale}), the output zero point and the fused activation's clamp in the quantized domain.
 *
 * <p>TFLite 2.19 on x86 runs uint8 products through gemmlowp and depthwise convolutions through its
 * own loops, both rounding like {@link FixedPoint#multiplyByQuantizedMultiplier(int, int,
 * int)}; int8 CONV_2D and FULLY_CONNECTED go through ruy, whose final rounding shift breaks ties
 * upward instead of away from zero. The caller says which its op uses. The int16 kernels are
 * TFLite's reference ones, with the 64-bit multiplier.
 */
final class ConvQuantization {
  final int inputOffset;
  final int filterOffset;
  final int outputOffset;
  final int actMin;
  final int actMax;
  final int[] mantissas;
  final int[] shifts;
  /** How the multiplier rounds: {@link #TFLITE} or {@link #RUY}. */
  private final int rounding;
  /** TFLite's MultiplyByQuantizedMultiplier: doubling high multiply, then a rounding shift. */
  static final int TFLITE = 0;
  /** ruy's: the same, but the final shift breaks ties upward. */
  static final int RUY = 1;

  /** Use {@link #prepare}; tests build one directly. */
  ConvQuantization(int inputOffset, int filterOffset, int outputOffset, int actMin,
      int actMax, int[] mantissas, int[] shifts, int rounding) {
    this.inputOffset = inputOffset;
    this.filterOffset = filterOffset;
    this.outputOffset = outputOffset;
    this.actMin = actMin;
    this.actMax = actMax;
    this.mantissas = mantissas;
    this.shifts = shifts;
    this.rounding = rounding;
  }

  /** Whether the node's input is one of the quantized types this family handles. */
  static boolean isQuantized(Tensor input) {
    return input.dataType() == DataType.UINT8 || input.dataType() == DataType.INT8
        || input.dataType() == DataType.INT16;
  }

  /**
   * Checks types and quantization of a quantized node and derives its parameters.
   *
   * @param channels output channels (the filter's dimension {@code channelDim})
   * @param int8Rounding how the op's int8 path rounds (uint8 always rounds as TFLite does)
   * @param int8Scalar whether the op's int8 path scales a per-tensor filter like uint8 does
   */
  static ConvQuantization prepare(Node node, Tensor input, Tensor filter, Tensor bias,
      Tensor output, int channels, int channelDim, FusedActivation activation,
      int int8Rounding, boolean int8Scalar) {
    DataType type = input.dataType();
    boolean wide = type == DataType.INT16;
    node.checkType(filter, "filter", wide ? DataType.INT8 : type);
    node.checkType(output, "output", type);
    int qmin = type == DataType.UINT8 ? 0 : wide ? Short.MIN_VALUE : -128;
    int qmax = type == DataType.UINT8 ? 255 : wide ? Short.MAX_VALUE : 127;
    QuantizationParams in = params(node, input, "input", qmin, qmax);
    QuantizationParams out = params(node, output, "output", qmin, qmax);
    QuantizationParams f = params(node, filter, "filter", type == DataType.UINT8 ? 0 : -128,
        type == DataType.UINT8 ? 255 : 127);
    if (wide && (in.zeroPoint() != 0 || out.zeroPoint() != 0)) {
      throw node.invalid("int16 input and output zero points must be 0, are " + in.zeroPoint()
          + " and " + out.zeroPoint());
    }
    if (in.isPerChannel() || out.isPerChannel()) {
      throw node.invalid("input and output must be quantized per tensor");
    }
    float[] filterScales = f.scales();
    int filterZeroPoint = f.zeroPoint();
    if (type == DataType.UINT8) {
      if (f.isPerChannel()) {
        throw node.invalid("uint8 filter must be quantized per tensor, has "
            + filterScales.length + " scales");
      }
    } else {
      for (int zp : f.zeroPoints()) {
        if (zp != 0) {
          throw node.invalid("int8 filter zero point " + zp + " must be 0 (symmetric)");
        }
      }
      if (f.isPerChannel()) {
        if (f.quantizedDimension() != channelDim || filterScales.length != channels) {
          throw node.invalid("filter has " + filterScales.length + " scales along dimension "
              + f.quantizedDimension() + ", expected " + channels + " along dimension "
              + channelDim);
        }
      }
    }
    if (bias != null) {
      node.checkType(bias, "bias", wide ? DataType.INT64 : DataType.INT32);
      if (bias.numElements() != channels) {
        throw node.invalid("bias " + Arrays.toString(bias.shape()) + " has "
            + bias.numElements() + " values for " + channels + " output channels");
      }
    }
    // TFLite's per-tensor kernels take GetQuantizedConvolutionMultipler's multiplier, whose
    // input * filter scale product is a float; per-channel ones multiply in double.
    boolean scalar = !f.isPerChannel() && (type == DataType.UINT8 || int8Scalar);
    int[] mantissas = new int[channels];
    int[] shifts = new int[channels];
    for (int c = 0; c < channels; c++) {
      double filterScale = filterScales[filterScales.length == 1 ? 0 : c];
      double real = scalar ? (double) (in.scale() * f.scale()) / out.scale()
          : (double) in.scale() * filterScale / out.scale();
      FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(real);
      mantissas[c] = m.mantissa();
      shifts[c] = m.shift();
    }
    int zp = out.zeroPoint();
    // TFLite's CalculateActivationRangeQuantized: zero point + round(limit / scale), in float.
    int actMin = activation.min == Float.NEGATIVE_INFINITY ? qmin
        : Math.max(qmin, zp + (int) FixedPoint.roundHalfAway(activation.min / out.scale()));
    int actMax = activation.max == Float.POSITIVE_INFINITY ? qmax
        : Math.min(qmax, zp + (int) FixedPoint.roundHalfAway(activation.max / out.scale()));
    return new ConvQuantization(-in.zeroPoint(), -filterZeroPoint, zp, actMin, actMax, mantissas,
        shifts, type == DataType.UINT8 ? TFLITE : int8Rounding);
  }

  private static QuantizationParams params(Node node, Tensor tensor, String role, int qmin,
      int qmax) {
    QuantizationParams q = tensor.quantizationParams();
    if (!q.isQuantized()) {
      throw node.invalid(role + " tensor " + tensor.index() + " has no quantization parameters");
    }
    for (float s : q.scales()) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw node.invalid(role + " scale " + s + " is not a positive finite number");
      }
    }
    for (int zp : q.zeroPoints()) {
      if (zp < qmin || zp > qmax) {
        throw node.invalid(role + " zero point " + zp + " is outside " + tensor.dataType()
            + " [" + qmin + ", " + qmax + "]");
      }
    }
    return q;
  }

  /** Reads the int64 bias of an int16 node into {@code values} (zeros when there is none). */
  static void readBias(Tensor bias, long[] values) {
    if (bias == null) {
      return;
    }
    if (bias.isConstant()) {
      bias.constantData().asLongBuffer().get(values);
    } else {
      System.arraycopy(bias.longs(), bias.offset(), values, 0, values.length);
    }
  }

  /** Reads the int32 bias into {@code values} (zeros when there is none). */
  static void readBias(Tensor bias, int[] values) {
    if (bias == null) {
      return;
    }
    if (bias.isConstant()) {
      bias.constantData().asIntBuffer().get(values);
    } else {
      System.arraycopy(bias.ints(), bias.offset(), values, 0, values.length);
    }
  }

  /** Whether the multiplier rounds as ruy's does ({@link #RUY}) rather than as TFLite's. */
  boolean roundsLikeRuy() {
    return rounding == RUY;
  }

  /** The accumulator of output channel {@code c} scaled, offset and clamped to the output type. */
  int output(int acc, int c) {
    int scaled = rounding == RUY ? ruyMultiply(acc, mantissas[c], shifts[c])
        : FixedPoint.multiplyByQuantizedMultiplier(acc, mantissas[c], shifts[c]);
    return Math.max(actMin, Math.min(actMax, scaled + outputOffset));
  }

  /** The 64-bit accumulator of an int16 node's channel {@code c}, scaled, offset and clamped. */
  int output(long acc, int c) {
    int scaled = FixedPoint.multiplyByQuantizedMultiplier(acc, mantissas[c], shifts[c]);
    return Math.max(actMin, Math.min(actMax, scaled + outputOffset));
  }

  /**
   * ruy's MultiplyByQuantizedMultiplier: the same doubling high multiply, then a right shift that
   * rounds ties upward, saturating where adding the nudge would overflow.
   */
  static int ruyMultiply(int x, int mantissa, int shift) {
    int left = shift > 0 ? shift : 0;
    int right = shift > 0 ? 0 : -shift;
    int high = FixedPoint.saturatingRoundingDoublingHighMul(x * (1 << left), mantissa);
    int nudge = right > 0 ? 1 << (right - 1) : 0;
    if (high > Integer.MAX_VALUE - nudge) {
      return 1 << (31 - right);
    }
    return (high + nudge) >> right;
  }
}
