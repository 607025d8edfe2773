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
   * Fails unless {@code tensor} carries one positive finite scale and a zero point inside its
   * type's range: the kernels read exactly one scale and zero point, and a zero, negative or
   * non-finite scale makes every derived multiplier meaningless.
   */
  static void check(Node node, Tensor tensor, String role) {
    QuantizationParams q = tensor.quantizationParams();
    if (!q.isQuantized()) {
      throw node.invalid(role + " (tensor " + tensor.index() + ") of type " + tensor.dataType()
          + " has no quantization parameters");
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
  }

  /**
   * TFLite's CalculateActivationRangeQuantized: the activation's bounds quantized with the
   * output's parameters ({@code zeroPoint + (int) round(bound / scale)}, in float as TFLite
   * computes it) and clipped to the type's range. Returns {@code {min, max}}.
   */
  static int[] activationRange(Node node, byte activation, Tensor output) {
    FusedActivation.of(node, activation);
    DataType type = output.dataType();
    int qmin = min(type);
    int qmax = max(type);
    float scale = output.quantizationParams().scale();
    int zeroPoint = output.quantizationParams().zeroPoint();
    return switch (activation) {
      case ActivationFunctionType.RELU -> new int[] {
          Math.max(qmin, quantize(0f, scale, zeroPoint)), qmax};
      case ActivationFunctionType.RELU6 -> new int[] {
          Math.max(qmin, quantize(0f, scale, zeroPoint)),
          Math.min(qmax, quantize(6f, scale, zeroPoint))};
      case ActivationFunctionType.RELU_N1_TO_1 -> new int[] {
          Math.max(qmin, quantize(-1f, scale, zeroPoint)),
          Math.min(qmax, quantize(1f, scale, zeroPoint))};
      default -> new int[] {qmin, qmax};
    };
  }

  private static int quantize(float value, float scale, int zeroPoint) {
    return zeroPoint + FixedPoint.toInt32AsX86((float) FixedPoint.roundHalfAway(value / scale));
  }
}
