package dev.jlite.engine.kernels;

/**
 * Both ends of an 8-bit convolution-family node's exact float product: 8-bit values in, as floats
 * plus an offset; and out, exact int32 accumulators (given as floats holding integers, or as ints)
 * plus the int32 bias, scaled by each channel's fixed-point multiplier, offset and clamped as
 * {@link ConvQuantization#output(int, int)} does, and stored as bytes. {@link VectorRequantizer}
 * does a vector of values at a time, {@link ScalarRequantizer} one; {@link #create} picks as
 * {@link VectorSupport} says.
 */
interface Requantizer {
  /**
   * Converts {@code n} 8-bit values from {@code src[s]} to floats plus {@code offset} at
   * {@code dst[d]}.
   */
  void toFloats(byte[] src, int s, boolean unsigned, int offset, float[] dst, int d, int n);

  /**
   * {@code out[o + i] = output((int) sums[s + i] + bias[c0 + i], c0 + i)} for {@code i < n}:
   * channels {@code c0 .. c0 + n - 1}.
   */
  void fromFloats(float[] sums, int s, int[] bias, int c0, int n, byte[] out, int o);

  /** As {@link #fromFloats}, from int accumulators. */
  void fromInts(int[] acc, int s, int[] bias, int c0, int n, byte[] out, int o);

  static Requantizer create(ConvQuantization q) {
    return VectorSupport.ENABLED ? new VectorRequantizer(q) : new ScalarRequantizer(q);
  }
}
