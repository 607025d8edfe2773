package dev.jlite.engine.kernels;

/**
 * The integer arithmetic of TFLite's quantized kernels, to the bit: real multipliers as a 32-bit
 * fixed-point mantissa with a power-of-two shift, gemmlowp's saturating rounding doubling high
 * multiply and rounding right shift (round half away from zero), and the 64-bit variant used by
 * the 16x8 kernels. TFLite 2.19 is built without {@code TFLITE_SINGLE_ROUNDING}, so
 * {@link #multiplyByQuantizedMultiplier(int, int, int)} rounds twice, as it does.
 */
final class FixedPoint {
  private FixedPoint() {}

  /** A real multiplier as {@code mantissa * 2^(shift - 31)}, mantissa in [2^30, 2^31). */
  record Multiplier(int mantissa, int shift) {}

  /**
   * Encodes {@code real} as TFLite's QuantizeMultiplier does: frexp, round the mantissa to 31 bits
   * (half away from zero), renormalize 2^31, and flush multipliers below 2^-31 to zero.
   */
  static Multiplier quantizeMultiplier(double real) {
    if (real == 0.0) {
      return new Multiplier(0, 0);
    }
    int exponent = Math.getExponent(real) + 1;
    double fraction = Math.scalb(real, -exponent); // in [0.5, 1) for normal numbers
    long fixed = roundHalfAway(fraction * (1L << 31));
    if (fixed == (1L << 31)) {
      fixed /= 2;
      exponent++;
    }
    if (exponent < -31) {
      return new Multiplier(0, 0);
    }
    return new Multiplier((int) fixed, exponent);
  }

  /** gemmlowp's SaturatingRoundingDoublingHighMul: the high 32 bits of 2ab, rounded. */
  static int saturatingRoundingDoublingHighMul(int a, int b) {
    if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
      return Integer.MAX_VALUE;
    }
    long ab = (long) a * b;
    long nudge = ab >= 0 ? (1L << 30) : (1 - (1L << 30));
    return (int) ((ab + nudge) / (1L << 31)); // C division truncates toward zero, as Java's
  }

  /** gemmlowp's RoundingDivideByPOT: {@code x / 2^exponent} rounded half away from zero. */
  static int roundingDivideByPot(int x, int exponent) {
    int mask = (int) ((1L << exponent) - 1);
    int remainder = x & mask;
    int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
  }

  /** TFLite's MultiplyByQuantizedMultiplier for 32-bit values (double rounding). */
  static int multiplyByQuantizedMultiplier(int x, int mantissa, int shift) {
    int leftShift = shift > 0 ? shift : 0;
    int rightShift = shift > 0 ? 0 : -shift;
    return roundingDivideByPot(saturatingRoundingDoublingHighMul(x * (1 << leftShift), mantissa),
        rightShift);
  }

  /**
   * TFLite's MultiplyByQuantizedMultiplier for 64-bit accumulators (16x8 kernels): the mantissa
   * reduced to 16 bits, one rounding shift.
   */
  static int multiplyByQuantizedMultiplier(long x, int mantissa, int shift) {
    int reduced = mantissa < 0x7FFF0000 ? (mantissa + (1 << 15)) >> 16 : 0x7FFF;
    int totalShift = 15 - shift;
    long result = x * reduced + (1L << (totalShift - 1));
    return (int) (result >> totalShift);
  }

  /** C's {@code round} on a double, exactly: half away from zero; NaN and infinities stay. */
  static double round(double x) {
    double a = Math.abs(x);
    double floor = Math.floor(a);
    double magnitude = a - floor >= 0.5 ? floor + 1 : floor; // a - floor is exact
    return x < 0 ? -magnitude : magnitude;
  }

  /** {@link #round} as a long (NaN gives 0, out-of-range values saturate, as Java converts). */
  static long roundHalfAway(double x) {
    return (long) round(x);
  }

  /**
   * A conversion to int32 as the x86-64 oracle performs C's {@code static_cast<int32_t>} (cvttsd2si):
   * truncation, and the "integer indefinite" value {@code Integer.MIN_VALUE} for NaN and values
   * outside the int32 range, where Java would saturate. TFLite relies on it for values far outside
   * the quantized range, so matching it keeps results bit-exact there too.
   */
  static int toInt32AsX86(double value) {
    if (!(value >= -0x1p31 && value < 0x1p31)) {
      return Integer.MIN_VALUE;
    }
    return (int) value;
  }
}
