package dev.jlite.engine.kernels;

/** The plain-Java {@link Requantizer}: one channel at a time through {@link ConvQuantization}. */
final class ScalarRequantizer implements Requantizer {
  private final ConvQuantization q;

  ScalarRequantizer(ConvQuantization q) {
    this.q = q;
  }

  @Override
  public void toFloats(byte[] src, int s, boolean unsigned, int offset, float[] dst, int d,
      int n) {
    if (unsigned) {
      for (int i = 0; i < n; i++) {
        dst[d + i] = (src[s + i] & 0xff) + offset;
      }
    } else {
      for (int i = 0; i < n; i++) {
        dst[d + i] = src[s + i] + offset;
      }
    }
  }

  @Override
  public void fromFloats(float[] sums, int s, int[] bias, int c0, int n, byte[] out, int o) {
    for (int i = 0; i < n; i++) {
      out[o + i] = (byte) q.output((int) sums[s + i] + bias[c0 + i], c0 + i);
    }
  }

  @Override
  public void fromInts(int[] acc, int s, int[] bias, int c0, int n, byte[] out, int o) {
    for (int i = 0; i < n; i++) {
      out[o + i] = (byte) q.output(acc[s + i] + bias[c0 + i], c0 + i);
    }
  }
}
