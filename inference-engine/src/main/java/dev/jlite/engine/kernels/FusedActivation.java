package dev.jlite.engine.kernels;

import dev.jlite.engine.Node;
import dev.jlite.schema.model.ActivationFunctionType;

/** The clamp range of a fused activation function (NONE, RELU, RELU_N1_TO_1, RELU6). */
final class FusedActivation {
  final float min;
  final float max;

  private FusedActivation(float min, float max) {
    this.min = min;
    this.max = max;
  }

  static FusedActivation of(Node node, byte activation) {
    return switch (activation) {
      case ActivationFunctionType.NONE -> new FusedActivation(Float.NEGATIVE_INFINITY,
          Float.POSITIVE_INFINITY);
      case ActivationFunctionType.RELU -> new FusedActivation(0f, Float.POSITIVE_INFINITY);
      case ActivationFunctionType.RELU_N1_TO_1 -> new FusedActivation(-1f, 1f);
      case ActivationFunctionType.RELU6 -> new FusedActivation(0f, 6f);
      default -> throw node.invalid("fused activation "
          + (activation >= 0 && activation < ActivationFunctionType.names.length
              ? ActivationFunctionType.name(activation) : String.valueOf(activation))
          + " is not supported");
    };
  }

  boolean isNone() {
    return min == Float.NEGATIVE_INFINITY && max == Float.POSITIVE_INFINITY;
  }

  /** Clamps like TFLite's ActivationFunctionWithMinMax: max(min, min(max, x)). */
  float apply(float x) {
    return Math.max(min, Math.min(max, x));
  }
}
