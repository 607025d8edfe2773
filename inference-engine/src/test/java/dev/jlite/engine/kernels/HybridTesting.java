package dev.jlite.engine.kernels;

import dev.jlite.schema.QuantizationSpec;
import java.util.Random;

/**
 * Inputs and int8 weights for the dynamic-range (hybrid) kernel tests: weight scales per tensor or
 * per channel, and float inputs that exercise the on-the-fly quantization (all-zero rows whose
 * scale is 1, one-signed rows that pin the asymmetric zero point at -128 or 127, values in the
 * thousands, exact ties).
 */
final class HybridTesting {
  private HybridTesting() {}

  /** How the float input values are drawn. */
  enum Values {
    /** Uniform in [-1, 1). */
    UNIT,
    /** Mostly small, a few in the thousands: the large ones set the row's scale. */
    LARGE,
    /** Every other row all zeros (scaling factor 1, no products). */
    ZERO_ROWS,
    /** Positive only: the asymmetric zero point sits at -128. */
    POSITIVE,
    /** Negative only: the asymmetric zero point sits at 127. */
    NEGATIVE,
    /** Multiples of 1/8 up to 127/8, so many values fall exactly on a rounding tie. */
    TIES,
    /** Every value zero. */
    ZERO
  }

  /** {@code rows} rows of {@code rowSize} floats, raw little-endian. */
  static byte[] input(Random random, int rows, int rowSize, Values values) {
    float[] v = new float[rows * rowSize];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < rowSize; i++) {
        float u = random.nextFloat() * 2 - 1;
        v[r * rowSize + i] = switch (values) {
          case UNIT -> u;
          case LARGE -> random.nextInt(10) == 0 ? u * 3000f : u * 2f;
          case ZERO_ROWS -> r % 2 == 1 ? 0f : u;
          case POSITIVE -> 0.25f + Math.abs(u);
          case NEGATIVE -> -0.1f - Math.abs(u) * 5;
          case TIES -> (random.nextInt(255) - 127) / 8f;
          case ZERO -> 0f;
        };
      }
    }
    return OpModel.floats(v);
  }

  /** {@code n} int8 weights in [-127, 127]. */
  static byte[] weights(Random random, int n) {
    byte[] w = new byte[n];
    for (int i = 0; i < n; i++) {
      w[i] = (byte) (random.nextInt(255) - 127);
    }
    return w;
  }

  /** A weight scale per tensor, or one per channel along {@code dim}. */
  static QuantizationSpec scales(Random random, boolean perChannel, int channels, int dim) {
    if (!perChannel) {
      return QuantizationSpec.perTensor(0.003f + random.nextFloat() * 0.02f, 0);
    }
    float[] s = new float[channels];
    for (int c = 0; c < channels; c++) {
      s[c] = 0.001f + random.nextFloat() * 0.05f;
    }
    return QuantizationSpec.perChannel(s, new long[channels], dim);
  }

  /** {@code n} floats in [-2, 2), raw little-endian: a bias. */
  static byte[] bias(Random random, int n) {
    return OpModel.randomFloats(random, n, -2f, 2f);
  }
}
