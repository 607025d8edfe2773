package dev.jlite.engine.kernels;

/**
 * gemmlowp's fixed-point logistic and tanh on 16-bit raw values, to the bit: TFLite's optimized
 * int16 LOGISTIC and TANH evaluate them on inputs with 3 integer bits (Q3.12) and return Q0.15.
 *
 * <p>Values are int16 held in ints. gemmlowp's plain additions, subtractions and negations wrap
 * at 16 bits ({@link #wrap}); its multiplications are rounding doubling high multiplies and its
 * rescalings saturate; its 32-bit constants are rounded to 16 bits by a rounding shift of 16.
 */
final class FixedPointInt16 {
  private FixedPointInt16() {}

  private static final int ONE_F0 = Short.MAX_VALUE;
  private static final int EXP_MINUS_ONE_EIGHTH = constant(1895147668);
  private static final int ONE_THIRD = constant(715827883);
  private static final int FORTY_EIGHT_SEVENTEENTHS = constant(1515870810);
  private static final int MINUS_THIRTY_TWO_SEVENTEENTHS = constant(-1010580540);
  private static final int ONE_HALF = constant(1 << 30);
  /** exp(-2^e) for e = -2 to 4, gemmlowp's barrel-shifter multipliers. */
  private static final int[] EXP_OF_MINUS_POT = {constant(1672461947), constant(1302514674),
      constant(790015084), constant(290630308), constant(39332535), constant(720401),
      constant(242)};

  /** gemmlowp's RescaleConstantInitializer: a Q0.31 constant rounded to Q0.15. */
  private static int constant(int int32Value) {
    return wrap(FixedPoint.roundingDivideByPot(int32Value, 16));
  }

  /** C's conversion of an int to int16_t: the low 16 bits. */
  static int wrap(int x) {
    return (short) x;
  }

  /** SaturatingRoundingDoublingHighMul on int16. */
  static int mul(int a, int b) {
    if (a == Short.MIN_VALUE && b == Short.MIN_VALUE) {
      return Short.MAX_VALUE;
    }
    int ab = a * b;
    int nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
    return wrap((ab + nudge) / (1 << 15));
  }

  /** RoundingDivideByPOT on int16: a right shift rounding half away from zero. */
  static int roundingDivideByPot(int x, int exponent) {
    int mask = (1 << exponent) - 1;
    int remainder = x & mask;
    int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
  }

  /** SaturatingRoundingMultiplyByPOT on int16 for a positive exponent: a saturating shift. */
  static int saturatingShiftLeft(int x, int exponent) {
    int threshold = (1 << (15 - exponent)) - 1;
    if (x > threshold) {
      return Short.MAX_VALUE;
    }
    if (x < -threshold) {
      return Short.MIN_VALUE;
    }
    return wrap(x * (1 << exponent));
  }

  /** gemmlowp's logistic of a Q{integerBits} value, in Q0.15. */
  static int logistic(int a, int integerBits) {
    if (a == 0) {
      return ONE_HALF;
    }
    int abs = a > 0 ? a : wrap(-a);
    int positive = oneOverOnePlusX(expOnNegativeValues(wrap(-abs), integerBits));
    return a > 0 ? positive : wrap(ONE_F0 - positive);
  }

  /** gemmlowp's tanh of a Q{integerBits} value, in Q0.15. */
  static int tanh(int a, int integerBits) {
    if (a == 0) {
      return 0;
    }
    int n = a < 0 ? a : wrap(-a);
    // exp(2n): the same raw value read with one more integer bit.
    int t = oneMinusXOverOnePlusX(expOnNegativeValues(n, integerBits + 1));
    return a < 0 ? wrap(-t) : t;
  }

  /** exp(a) for a Q{integerBits} value a <= 0, in Q0.15. */
  private static int expOnNegativeValues(int a, int integerBits) {
    int fractionalBits = 15 - integerBits;
    int oneQuarter = 1 << (fractionalBits - 2);
    int mask = oneQuarter - 1;
    int aModQuarterMinusQuarter = wrap((a & mask) - oneQuarter);
    int result = expOnMinusQuarterToZero(integerBits == 0 ? aModQuarterMinusQuarter
        : saturatingShiftLeft(aModQuarterMinusQuarter, integerBits));
    int remainder = wrap(aModQuarterMinusQuarter - a);
    for (int exponent = -2; exponent <= 4 && integerBits > exponent; exponent++) {
      int bit = 1 << (fractionalBits + exponent);
      if ((remainder & bit) != 0) {
        result = mul(result, EXP_OF_MINUS_POT[exponent + 2]);
      }
    }
    // gemmlowp clamps inputs below -32 to 0 only with more than 5 integer bits: never here.
    return a == 0 ? ONE_F0 : result;
  }

  /** exp(a) for a Q0.15 value in [-1/4, 0): a Taylor expansion around -1/8. */
  private static int expOnMinusQuarterToZero(int a) {
    int x = wrap(a + (1 << 12));
    int x2 = mul(x, x);
    int x3 = mul(x2, x);
    int x4 = mul(x2, x2);
    int x4Over4 = roundingDivideByPot(x4, 2);
    int sum = roundingDivideByPot(wrap(mul(wrap(x4Over4 + x3), ONE_THIRD) + x2), 1);
    int product = mul(EXP_MINUS_ONE_EIGHTH, wrap(x + sum));
    return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, EXP_MINUS_ONE_EIGHTH + product));
  }

  /** 1 / (1 + a) for a Q0.15 value in (0, 1), by three Newton-Raphson steps in Q2.13. */
  private static int oneOverOnePlusX(int a) {
    return saturatingShiftLeft(newtonReciprocal(a), 1);
  }

  /** (1 - a) / (1 + a) for a Q0.15 value in (0, 1). */
  private static int oneMinusXOverOnePlusX(int a) {
    return saturatingShiftLeft(wrap(newtonReciprocal(a) - (1 << 13)), 2);
  }

  /** 2 / (1 + a) in Q2.13 (the reciprocal of the half denominator). */
  private static int newtonReciprocal(int a) {
    int sum = a + ONE_F0;
    int halfDenominator = wrap((sum + (sum >= 0 ? 1 : -1)) / 2);
    int x = wrap(FORTY_EIGHT_SEVENTEENTHS + mul(halfDenominator, MINUS_THIRTY_TWO_SEVENTEENTHS));
    for (int i = 0; i < 3; i++) {
      int oneMinusHalfDenominatorTimesX = wrap((1 << 13) - mul(halfDenominator, x));
      x = wrap(x + saturatingShiftLeft(mul(x, oneMinusHalfDenominatorTimesX), 2));
    }
    return x;
  }
}
