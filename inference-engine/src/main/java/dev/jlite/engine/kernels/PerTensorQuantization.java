package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.QuantizationParams;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.ActivationFunctionType;

/**
 * Per-tensor quantization of activation tensors (pooling, softmax, reductions, data movement):
 * the prepare-time checks that reject hostile parameters, the integer range of each quantized
 * type, and TFLite's CalculateActivationRangeQuantized for fused activations.
 */
final class PerTensorQuantization {
  private PerTensorQuantization() {}

  static int min(DataType type) {
    return switch (type) {
      case UINT8 -> 0;
      case INT8 -> Byte.MIN_VALUE;
      case INT16 -> Short.MIN_VALUE;
      default -> throw new IllegalArgumentException(type + " is not a quantized type");
    };
  }

  static int max(DataType type) {
    return switch (type) {
      case UINT8 -> 255;
      case INT8 -> Byte.MAX_VALUE;
      case INT16 -> Short.MAX_VALUE;
      default -> throw new IllegalArgumentException(type + " is not a quantized type");
    };
  }

  /**
   * Checks that {@code tensor} carries one positive finite scale and a zero point inside its
   * type's range, and returns the scale: the kernels read exactly one scale and zero point, and a
   * zero, negative or non-finite scale makes every derived multiplier meaningless.
   */
  static float check(Node node, Tensor tensor, String role) {
    QuantizationParams q = tensor.quantizationParams();
    if (!q.isQuantized()) {
      throw node.invalid(role + " (tensor " + tensor.index() + ", " + tensor.dataType()
          + ") has no quantization parameters");
    }
    if (q.isPerChannel()) {
      throw node.invalid(role + " (tensor " + tensor.index()
          + ") must be quantized per tensor, has " + q.count() + " scales");
    }
    float scale = q.scale();
    if (!(scale > 0f) || Float.isInfinite(scale)) {
      throw node.invalid(role + " scale " + scale + " is not a positive finite number");
    }
    int zeroPoint = q.zeroPoint();
    DataType type = tensor.dataType();
    if (zeroPoint < min(type) || zeroPoint > max(type)) {
      throw node.invalid(role + " zero point " + zeroPoint + " is outside " + type + " ["
          + min(type) + ", " + max(type) + "]");
    }
    return scale;
  }

  /**
   * TFLite's CalculateActivationRangeQuantized: the fused activation's bounds quantized with the
   * output's parameters (float division, rounding half away from zero) and clipped to the type's
   * range. Returns {@code {min, max}}; a bound beyond int32 (an absurdly small scale) is invalid.
   */
  static int[] activationRange(Node node, byte activation, Tensor output) {
    FusedActivation range = FusedActivation.of(node, activation);
    DataType type = output.dataType();
    int lo = min(type);
    int hi = max(type);
    if (activation == ActivationFunctionType.NONE) {
      return new int[] {lo, hi};
    }
    float scale = output.quantizationParams().scale();
    int zeroPoint = output.quantizationParams().zeroPoint();
    lo = Math.max(lo, quantizeBound(node, range.min, scale, zeroPoint));
    if (range.max != Float.POSITIVE_INFINITY) {
      hi = Math.min(hi, quantizeBound(node, range.max, scale, zeroPoint));
    }
    return new int[] {lo, hi};
  }

  private static int quantizeBound(Node node, float bound, float scale, int zeroPoint) {
    float q = (float) FixedPoint.roundHalfAway(bound / scale);
    if (!(q >= -0x1p31f && q <= 0x1p31f)) {
      throw node.invalid("fused activation bound " + bound + " overflows int32 at output scale "
          + scale);
    }
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, (long) q + zeroPoint));
  }
}
