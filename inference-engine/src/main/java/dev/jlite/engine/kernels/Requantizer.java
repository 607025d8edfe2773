package dev.jlite.engine.kernels;

/**
 * The last step of an 8-bit convolution-family node: exact int32 accumulators (given as floats
 * holding integers, or as ints) plus the int32 bias, scaled by each channel's fixed-point
 * multiplier, offset and clamped as {@link ConvQuantization#output(int, int)} does, and stored as
 * bytes. {@link VectorRequantizer} does a vector of channels at a time, {@link ScalarRequantizer}
 * one; {@link #create} picks as {@link VectorSupport} says.
 */
interface Requantizer {
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
