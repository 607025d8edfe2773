package dev.jlite.engine.kernels;

/**
 * The plain-Java {@link Sgemm}: one output row at a time against a panel of 8 columns, a loop
 * HotSpot can unroll. Used when the Vector API is absent or turned off.
 */
final class ScalarSgemm implements Sgemm {
  private static final int NR = 8;
  private static final int MR = 4;
  /** Rows of B per pass, so that a panel's slice stays in L1 while the rows stream past. */
  private static final int KC = 256;

  @Override
  public int rowTile() {
    return MR;
  }

  @Override
  public int panelWidth() {
    return NR;
  }

  @Override
  public void multiply(float[] a, int aOff, int lda, int ks, int rows, int k, float[] b, int bOff,
      int p0, int p1, int n, float[] bias, int biasOff, float min, float max, float[] c, int cOff,
      int ldc, float[] tile) {
    int k0 = 0;
    do {
      int kl = Math.min(KC, k - k0);
      boolean first = k0 == 0;
      boolean last = k0 + kl == k;
      for (int p = p0; p < p1; p++) {
        int cols = Math.min(NR, n - p * NR);
        int bo = bOff + p * k * NR + k0 * NR;
        for (int r = 0; r < rows; r++) {
          int ar = aOff + r * lda + k0 * ks;
          int cr = cOff + r * ldc + p * NR;
          float[] acc = tile;
          if (first) {
            System.arraycopy(bias, biasOff + p * NR, acc, 0, NR);
          } else {
            System.arraycopy(c, cr, acc, 0, cols);
          }
          for (int i = 0; i < kl; i++) {
            float x = a[ar + i * ks];
            int bi = bo + i * NR;
            for (int j = 0; j < NR; j++) {
              acc[j] += x * b[bi + j];
            }
          }
          if (last) {
            for (int j = 0; j < cols; j++) {
              c[cr + j] = Math.max(min, Math.min(max, acc[j]));
            }
          } else {
            System.arraycopy(acc, 0, c, cr, cols);
          }
        }
      }
      k0 += kl;
    } while (k0 < k);
  }
}
