package dev.jlite.engine.kernels;

import dev.jlite.engine.Node;
import java.util.function.IntUnaryOperator;

/**
 * LOGISTIC and TANH on int16 (zero points 0, output scale 2^-15), as TFLite's builtin kernels
 * compute them. An input scale of 2^-12 (for TANH also 2^-11), within TFLite's 1e-3 tolerance on
 * log2, takes the optimized path: gemmlowp's fixed-point function on the raw value read as Q3.12
 * ({@link FixedPointInt16}). Any other scale takes the reference path: the input is rescaled to
 * {@code 1 / (3 * 4096)} by an integer multiplier and shift, and the result interpolated between
 * the entries of {@link SigmoidTableUint16} ({@code tanh(x) = 2 sigmoid(2x) - 1}).
 */
final class Int16LogisticTanh {
  private static final int INPUT_INTEGER_BITS = 3;
  private static final int OUTPUT_FRACTIONAL_BITS = 15;
  /** {@link #checkedLog2}'s answer for a scale that is not a power of two. */
  private static final int NOT_A_POWER_OF_TWO = Integer.MIN_VALUE;

  private Int16LogisticTanh() {}

  /** The element function for a node; scales are checked positive and finite already. */
  static IntUnaryOperator prepare(Node node, boolean logistic, float inScale, float outScale) {
    String op = logistic ? "LOGISTIC" : "TANH";
    if (logistic ? outScale != 1f / 32768 : checkedLog2(outScale) != -OUTPUT_FRACTIONAL_BITS) {
      throw node.invalid("int16 " + op + " needs output scale 2^-15 (1/32768), got " + outScale);
    }
    int log2 = checkedLog2(inScale);
    int leftShift = (15 - INPUT_INTEGER_BITS) + log2;
    boolean pot = log2 != NOT_A_POWER_OF_TWO && (leftShift == 0 || (!logistic && leftShift == 1));
    int multiplier = 0;
    if (!pot) {
      // TFLite's TanhPrepare/SigmoidPrepare: scale * 3 * 4096, doubled while at most
      // 32767 / 2 (at most 31 times), converted to int32 as x86 does (out of range: INT_MIN).
      double m = inScale * 4096.0 * 3.0;
      leftShift = 0;
      while (m <= 32767.0 / 2.0 && leftShift <= 30) {
        leftShift++;
        m *= 2.0;
      }
      multiplier = FixedPoint.toInt32AsX86(m);
    }
    if (multiplier <= 0) {
      // Also a scale so small that its multiplier truncates to 0, or so large that it leaves
      // int32: TFLite then takes the optimized path too, where TANH doubles its input for any
      // nonzero shift (2^-11).
      boolean doubled = leftShift != 0;
      return logistic ? q -> FixedPointInt16.logistic(q, INPUT_INTEGER_BITS)
          : q -> FixedPointInt16.tanh(doubled ? FixedPointInt16.saturatingShiftLeft(q, 1) : q,
              INPUT_INTEGER_BITS);
    }
    int m = multiplier;
    int shift = leftShift;
    int round = shift > 0 ? 1 << (shift - 1) : 0;
    return logistic ? q -> referenceLogistic((q * m + round) >> shift)
        : q -> referenceTanh((q * m + round) >> shift);
  }

  /**
   * TFLite's CheckedLog2: log2 of {@code x} in float, rounded half away from zero, or
   * {@link #NOT_A_POWER_OF_TWO} when it is more than 1e-3 away from an integer.
   */
  private static int checkedLog2(float x) {
    float log2 = (float) Math.log(x) * (1.0f / (float) Math.log(2.0f));
    float rounded = (float) FixedPoint.round(log2);
    return Math.abs(log2 - rounded) < 1e-3f ? (int) rounded : NOT_A_POWER_OF_TWO;
  }

  /** reference_integer_ops::Logistic on the input rescaled to 1 / (3 * 4096). */
  private static int referenceLogistic(int x) {
    long abs = Math.abs((long) x);
    long high = abs >> 9;
    long result;
    if (high >= 255) {
      result = 0x7FFFL << 10;
    } else {
      long a = SigmoidTableUint16.get((int) high);
      long b = SigmoidTableUint16.get((int) high + 1);
      result = (a << 9) + (abs & 0x1ff) * (b - a);
    }
    // uint32 arithmetic in TFLite; every intermediate here stays within [0, 2^32).
    result = x >= 0 ? result + (1 << 9) : (1L << 25) - result + (1 << 9) - 1;
    return (short) (result >> 10);
  }

  /** reference_integer_ops::Tanh on the input rescaled to 1 / (3 * 4096). */
  private static int referenceTanh(int x) {
    long abs = Math.abs((long) x);
    long high = abs >> 8;
    int result;
    if (high >= 255) {
      result = 0xFFFF << 8;
    } else {
      long a = SigmoidTableUint16.get((int) high);
      long b = SigmoidTableUint16.get((int) high + 1);
      result = (int) ((a << 8) + (abs & 0xff) * (b - a));
    }
    result = x >= 0 ? result - (1 << (14 + 9)) + (1 << (9 - 2))
        : -result + (1 << (14 + 9)) + (1 << (9 - 2)) - 1;
    return (short) (result >> (9 - 1));
  }
}
