package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link VectorRequantizer} against {@link ScalarRequantizer} (which is {@link ConvQuantization}'s
 * own arithmetic): both roundings, multipliers far below and above 1, accumulators up to the
 * int32 extremes (where the left shift wraps and the high multiply saturates the ruy nudge), and
 * float sums up to the 2^24 exactness limit.
 */
class RequantizerTest {
  @ParameterizedTest(name = "rounding {0}")
  @ValueSource(ints = {ConvQuantization.TFLITE, ConvQuantization.RUY})
  void vectorMatchesScalarBitExactly(int rounding) {
    Random random = new Random(rounding + 7);
    for (int round = 0; round < 40; round++) {
      int channels = 1 + random.nextInt(40);
      int[] mantissas = new int[channels];
      int[] shifts = new int[channels];
      boolean near = round % 2 == 0;
      for (int c = 0; c < channels; c++) {
        // Multipliers from 2^-33 (flushed to zero) to 2^8, or in [2^-5, 2^3) for small shifts.
        double real = Math.scalb(0.5 + random.nextDouble() / 2,
            near ? -4 + random.nextInt(8) : -33 + random.nextInt(42));
        if (near && c % 3 == 0) {
          // A power of two: mantissa 2^30, so odd accumulators make exact ties in both the high
          // multiply and the rounding shift.
          real = Math.scalb(1.0, -random.nextInt(6));
        }
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(real);
        mantissas[c] = m.mantissa();
        shifts[c] = m.shift();
      }
      int zero = random.nextInt(256) - 128;
      int lo = round % 3 == 0 ? -128 : zero;
      int hi = round % 3 == 2 ? Math.min(127, zero + 6) : 127;
      ConvQuantization q = new ConvQuantization(0, 0, zero, lo, hi, mantissas, shifts, rounding);
      int pixels = 40;
      int[] bias = new int[channels];
      int[] ints = new int[pixels * channels];
      float[] floats = new float[pixels * channels];
      for (int c = 0; c < channels; c++) {
        bias[c] = random.nextInt(1 << 20) - (1 << 19);
      }
      for (int i = 0; i < ints.length; i++) {
        int c = i % channels;
        // Mostly values that land inside the output range (so the clamp hides no error), where
        // small right shifts make rounding ties frequent.
        double real = mantissas[c] * Math.scalb(1.0, shifts[c] - 31);
        long target = real == 0 ? 0 : Math.round((random.nextInt(301) - 150) / real)
            + random.nextInt(9) - 4 - bias[c];
        int kind = random.nextInt(8);
        ints[i] = kind == 0 ? Integer.MAX_VALUE - random.nextInt(3 << 20)
            : kind == 1 ? Integer.MIN_VALUE + random.nextInt(3 << 20)
            : kind == 2 ? random.nextInt()
            : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, target));
        floats[i] = kind == 0 ? 1 << 24 : kind == 1 ? -(1 << 24)
            : kind == 2 ? random.nextInt((1 << 25) + 1) - (1 << 24)
            : Math.max(-(1 << 24), Math.min(1 << 24, target));
      }
      Requantizer scalar = new ScalarRequantizer(q);
      Requantizer vector = new VectorRequantizer(q);
      for (int p = 0; p < pixels; p++) {
        // Odd starts and lengths exercise the scalar tail after the vectors.
        int c0 = p % 3 == 1 ? Math.min(channels - 1, 1) : 0;
        int n = channels - c0;
        byte[] expected = new byte[n];
        byte[] actual = new byte[n];
        scalar.fromInts(ints, p * channels, bias, c0, n, expected, 0);
        vector.fromInts(ints, p * channels, bias, c0, n, actual, 0);
        assertThat(actual).as("ints, round %d pixel %d", round, p).isEqualTo(expected);
        scalar.fromFloats(floats, p * channels, bias, c0, n, expected, 0);
        vector.fromFloats(floats, p * channels, bias, c0, n, actual, 0);
        assertThat(actual).as("floats, round %d pixel %d", round, p).isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest(name = "unsigned {0}")
  @ValueSource(booleans = {true, false})
  void vectorConvertsBytesAsScalarDoes(boolean unsigned) {
    Random random = new Random(unsigned ? 1 : 2);
    byte[] src = new byte[300];
    random.nextBytes(src);
    ConvQuantization q = new ConvQuantization(0, 0, 0, -128, 127, new int[1], new int[1],
        ConvQuantization.TFLITE);
    for (int offset : new int[] {0, 128, -128, 255, -255, 7}) {
      for (int n : new int[] {0, 1, 7, 8, 9, 64, 299}) {
        float[] expected = new float[n + 3];
        float[] actual = new float[n + 3];
        new ScalarRequantizer(q).toFloats(src, 1, unsigned, offset, expected, 2, n);
        new VectorRequantizer(q).toFloats(src, 1, unsigned, offset, actual, 2, n);
        assertThat(actual).as("offset %d, %d values", offset, n).isEqualTo(expected);
        if (n > 0) {
          assertThat(expected[2]).isEqualTo((unsigned ? src[1] & 0xff : src[1]) + offset);
        }
      }
    }
  }
}
