package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Values worked out by hand from the definitions in TFLite's and gemmlowp's sources. */
class FixedPointTest {
  @Test
  void quantizesMultipliersAsMantissaAndShift() {
    assertThat(FixedPoint.quantizeMultiplier(0.5)).isEqualTo(new FixedPoint.Multiplier(1 << 30, 0));
    assertThat(FixedPoint.quantizeMultiplier(1.0)).isEqualTo(new FixedPoint.Multiplier(1 << 30, 1));
    assertThat(FixedPoint.quantizeMultiplier(0.75))
        .isEqualTo(new FixedPoint.Multiplier(1610612736, 0));
    assertThat(FixedPoint.quantizeMultiplier(3.0))
        .isEqualTo(new FixedPoint.Multiplier(1610612736, 2));
    // 1 - 2^-40 rounds up to 2^31, which renormalizes to 2^30 with the next exponent.
    assertThat(FixedPoint.quantizeMultiplier(1 - Math.scalb(1.0, -40)))
        .isEqualTo(new FixedPoint.Multiplier(1 << 30, 1));
    assertThat(FixedPoint.quantizeMultiplier(0.0)).isEqualTo(new FixedPoint.Multiplier(0, 0));
    assertThat(FixedPoint.quantizeMultiplier(Math.scalb(1.0, -40)))
        .isEqualTo(new FixedPoint.Multiplier(0, 0));
  }

  @Test
  void saturatingRoundingDoublingHighMul() {
    // (2^30 * 2^30 * 2 + 2^31 / 2) / 2^32 = 2^29 + 0.5, truncated: 2^29.
    assertThat(FixedPoint.saturatingRoundingDoublingHighMul(1 << 30, 1 << 30)).isEqualTo(1 << 29);
    assertThat(FixedPoint.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MIN_VALUE))
        .isEqualTo(Integer.MAX_VALUE);
    assertThat(FixedPoint.saturatingRoundingDoublingHighMul(-3, 1 << 30)).isEqualTo(-1);
    assertThat(FixedPoint.saturatingRoundingDoublingHighMul(3, 1 << 30)).isEqualTo(2);
  }

  @Test
  void roundingDivideByPowerOfTwoRoundsHalfAwayFromZero() {
    assertThat(FixedPoint.roundingDivideByPot(5, 1)).isEqualTo(3);
    assertThat(FixedPoint.roundingDivideByPot(-5, 1)).isEqualTo(-3);
    assertThat(FixedPoint.roundingDivideByPot(4, 1)).isEqualTo(2);
    assertThat(FixedPoint.roundingDivideByPot(-6, 2)).isEqualTo(-2);
    assertThat(FixedPoint.roundingDivideByPot(-7, 2)).isEqualTo(-2);
    assertThat(FixedPoint.roundingDivideByPot(7, 0)).isEqualTo(7);
  }

  @Test
  void multipliesByAQuantizedMultiplier() {
    assertThat(FixedPoint.multiplyByQuantizedMultiplier(100, 1 << 30, 0)).isEqualTo(50);
    assertThat(FixedPoint.multiplyByQuantizedMultiplier(100, 1 << 30, 2)).isEqualTo(200);
    // Two roundings: 101 * 0.5 = 50.5 -> 51, then 51 / 2 = 25.5 -> 26. Negative: the high multiply
    // truncates (-101 * 2^30 - 2^30 + 1) / 2^31 = -50.99... to -50, then -50 / 2 = -25.
    assertThat(FixedPoint.multiplyByQuantizedMultiplier(101, 1 << 30, -1)).isEqualTo(26);
    assertThat(FixedPoint.multiplyByQuantizedMultiplier(-101, 1 << 30, -1)).isEqualTo(-25);
    assertThat(FixedPoint.multiplyByQuantizedMultiplier(1L << 20, 1 << 30, 0)).isEqualTo(1 << 19);
    assertThat(FixedPoint.multiplyByQuantizedMultiplier(-3L, 1 << 30, 0)).isEqualTo(-1);
  }
}
