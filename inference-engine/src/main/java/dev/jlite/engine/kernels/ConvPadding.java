package dev.jlite.engine.kernels;

import dev.jlite.engine.Node;
import dev.jlite.schema.model.Padding;

/**
 * Output sizes and padding of windowed operators, as TFLite computes them
 * ({@code ComputePaddingHeightWidth}): SAME gives {@code ceil(in / stride)} outputs, VALID
 * {@code (in - effective_filter + stride) / stride} (never below zero); the padding before the
 * first element is half the total padding, rounded down.
 */
final class ConvPadding {
  private ConvPadding() {}

  /** Checks the padding type is SAME or VALID. */
  static byte check(Node node, byte padding) {
    if (padding != Padding.SAME && padding != Padding.VALID) {
      throw node.invalid("padding " + padding + " is not SAME or VALID");
    }
    return padding;
  }

  /** Checks that strides and dilations are at least 1 (zero ones would divide by zero). */
  static void checkPositive(Node node, String what, int value) {
    if (value < 1) {
      throw node.invalid(what + " is " + value + ", must be at least 1");
    }
  }

  static int outputSize(byte padding, int in, int filter, int stride, int dilation) {
    long effective = (long) (filter - 1) * dilation + 1;
    long out = padding == Padding.SAME ? ((long) in + stride - 1) / stride
        : ((long) in + stride - effective) / stride;
    return (int) Math.max(0, Math.min(out, Integer.MAX_VALUE));
  }

  /** Padding before the first element, for the given output size. */
  static int before(int in, int filter, int stride, int dilation, int out) {
    long effective = (long) (filter - 1) * dilation + 1;
    long total = ((long) out - 1) * stride + effective - in;
    return (int) Math.min(Math.max(total, 0) / 2, Integer.MAX_VALUE);
  }
}
