package dev.jlite.engine.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Requantizer} with the Vector API, eight values at a time. Requantization: the doubling
 * high multiply in 64-bit lanes (one 512-bit vector, or two 256-bit halves where the machine has
 * no wider ones), the rounding shift, offset and clamp in 32-bit lanes, bit for bit as
 * {@link FixedPoint} and {@link ConvQuantization#ruyMultiply} do. Per-channel shifts and masks
 * are precomputed. The loop has no branch between vectors (both roundings are one formula, both
 * sources are read): the JIT keeps vectors that meet at a branch as objects.
 */
final class VectorRequantizer implements Requantizer {
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
  private static final VectorSpecies<Long> L =
      LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? LongVector.SPECIES_512
          : LongVector.SPECIES_256;
  private static final int N = I.length();
  private static final int PARTS = N / L.length();
  private static final float BIG = 0x1.8p25f;
  private static final float SMALL = 0x1.8p23f;
  private static final int SMALL_BITS = Float.floatToRawIntBits(SMALL);

  private final ConvQuantization q;
  private final int[] left;
  private final long[] mantissa;
  private final int[] right;
  /** The remainder mask of the right shift. */
  private final int[] mask;
  /** Half the mask: remainders above it round up. */
  private final int[] threshold;
  /** 1 where negative values need a larger remainder to round up (TFLite's rounding), else 0. */
  private final IntVector negativeExtra;
  private final IntVector offset;
  private final IntVector lo;
  private final IntVector hi;
  /** The source not given, one value per channel. */
  private final float[] zeroFloats;
  private final int[] zeroInts;

  VectorRequantizer(ConvQuantization q) {
    this.q = q;
    int channels = q.mantissas.length;
    left = new int[channels];
    mantissa = new long[channels];
    right = new int[channels];
    mask = new int[channels];
    threshold = new int[channels];
    for (int c = 0; c < channels; c++) {
      int shift = q.shifts[c];
      left[c] = Math.max(shift, 0);
      right[c] = Math.max(-shift, 0);
      mantissa[c] = q.mantissas[c];
      mask[c] = (int) ((1L << right[c]) - 1);
      threshold[c] = mask[c] >> 1;
    }
    negativeExtra = IntVector.broadcast(I, q.roundsLikeRuy() ? 0 : 1);
    zeroFloats = new float[channels];
    zeroInts = new int[channels];
    offset = IntVector.broadcast(I, q.outputOffset);
    lo = IntVector.broadcast(I, q.actMin);
    hi = IntVector.broadcast(I, q.actMax);
  }

  @Override
  public void toFloats(byte[] src, int s, boolean unsigned, int offset, float[] dst, int d,
      int n) {
    IntVector add = IntVector.broadcast(I, offset);
    int mask = unsigned ? 0xff : -1;
    int i = 0;
    for (; i + N <= n; i += N) {
      ((IntVector) ByteVector.fromArray(B, src, s + i).convertShape(VectorOperators.B2I, I, 0))
          .and(mask).add(add).convertShape(VectorOperators.I2F, F, 0).reinterpretAsFloats()
          .intoArray(dst, d + i);
    }
    for (; i < n; i++) {
      dst[d + i] = (src[s + i] & mask) + offset;
    }
  }

  @Override
  public void fromFloats(float[] sums, int s, int[] bias, int c0, int n, byte[] out, int o) {
    run(sums, s, zeroInts, 0, bias, c0, n, out, o);
  }

  @Override
  public void fromInts(int[] acc, int s, int[] bias, int c0, int n, byte[] out, int o) {
    run(zeroFloats, 0, acc, s, bias, c0, n, out, o);
  }

  /**
   * One loop with every step written out: the Vector API needs all of it compiled together (a
   * helper that is not inlined would box each vector). Both sources are read and added, the unused
   * one being zeros.
   */
  private void run(float[] sums, int fs, int[] ints, int is, int[] bias, int c0, int n,
      byte[] out, int o) {
    int i = 0;
    for (; i + N <= n; i += N) {
      int c = c0 + i;
      IntVector x = toInts(FloatVector.fromArray(F, sums, fs + i))
          .add(IntVector.fromArray(I, ints, is + i));
      x = x.add(IntVector.fromArray(I, bias, c))
          .lanewise(VectorOperators.LSHL, IntVector.fromArray(I, left, c));
      // gemmlowp's saturating rounding doubling high multiply (saturation needs a mantissa of
      // -2^31, which never occurs).
      IntVector high;
      if (PARTS == 1) {
        high = highMul((LongVector) x.convertShape(VectorOperators.I2L, L, 0), c, 0);
      } else {
        high = highMul((LongVector) x.convertShape(VectorOperators.I2L, L, 0), c, 0)
            .or(highMul((LongVector) x.convertShape(VectorOperators.I2L, L, 1), c, 1));
      }
      // The rounding right shift: up by one where the remainder is above half the divisor, for
      // TFLite's rounding (half away from zero) one more when the value is negative. ruy's (ties
      // upward, saturating where the nudge would overflow) is the same without that, as the
      // shifted value plus one is then exactly its saturated value.
      IntVector m = IntVector.fromArray(I, mask, c);
      IntVector limit = IntVector.fromArray(I, threshold, c)
          .add(high.lanewise(VectorOperators.LSHR, 31).and(negativeExtra));
      VectorMask<Integer> up = high.and(m).compare(VectorOperators.GT, limit);
      IntVector scaled = high.lanewise(VectorOperators.ASHR, IntVector.fromArray(I, right, c))
          .add(1, up);
      IntVector result = scaled.add(offset).max(lo).min(hi);
      ((ByteVector) result.convertShape(VectorOperators.I2B, B, 0)).intoArray(out, o + i);
    }
    for (; i < n; i++) {
      out[o + i] = (byte) q.output((int) sums[fs + i] + ints[is + i] + bias[c0 + i], c0 + i);
    }
  }

  /**
   * Floats holding integers of magnitude at most 2^24 as ints, without the float-to-int vector
   * conversion (JDK 17 does not compile it to vector instructions): adding 1.5 * 2^25 rounds to a
   * multiple of 4, whose quarter and the remainder (at most 2 in magnitude) each sit exactly in
   * the low bits of 1.5 * 2^23 plus themselves.
   */
  private static IntVector toInts(FloatVector v) {
    FloatVector high = v.add(BIG).sub(BIG);
    IntVector quarter = high.mul(0.25f).add(SMALL).reinterpretAsInts().sub(SMALL_BITS);
    IntVector rest = v.sub(high).add(SMALL).reinterpretAsInts().sub(SMALL_BITS);
    return quarter.lanewise(VectorOperators.LSHL, 2).add(rest);
  }

  /**
   * The high multiply of one part of 64-bit lanes, placed in that part of 32-bit lanes. gemmlowp
   * nudges the product by 2^30 (by 1 - 2^30 when negative) and divides by 2^31 truncating toward
   * zero; for either sign that equals adding 2^30 and shifting right arithmetically.
   */
  private IntVector highMul(LongVector x, int c, int part) {
    LongVector ab = x.mul(LongVector.fromArray(L, mantissa, c + part * L.length()));
    LongVector v = ab.add(1L << 30).lanewise(VectorOperators.ASHR, 31);
    return (IntVector) v.convertShape(VectorOperators.L2I, I, -part);
  }
}
