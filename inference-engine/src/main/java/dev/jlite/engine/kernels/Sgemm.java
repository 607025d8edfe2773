package dev.jlite.engine.kernels;

import java.nio.FloatBuffer;

/**
 * Single-precision matrix product {@code C = clamp(bias + A·B)} for the convolution family, with B
 * packed once into column panels that match the micro-kernel.
 *
 * <p>Packed B: for panel {@code p} (columns {@code p*nr .. p*nr+nr-1}), the {@code k} rows follow
 * each other, {@code nr} floats per row, columns past {@code n} zero. A is read in place:
 * {@code A[r][i] = a[aOff + r*lda + i*ks]}, which covers NHWC activations (rows of pixels), im2col
 * buffers and transposed operands alike. Bias is given in packed form too (one padded row).
 *
 * <p>Two implementations: {@link VectorSgemm} (register-blocked Vector API micro-kernel) and
 * {@link ScalarSgemm}; {@link #create} picks one.
 */
interface Sgemm {
  /** Rows of the micro-kernel's tile; row blocks given to {@link #multiply} should be multiples. */
  int rowTile();

  /** Columns per packed panel. */
  int panelWidth();

  /** Floats of the per-thread tile buffer {@link #multiply} needs. */
  default int tileSize() {
    return rowTile() * panelWidth();
  }

  /** The number of panels holding {@code n} columns. */
  default int panels(int n) {
    return (n + panelWidth() - 1) / panelWidth();
  }

  /** Floats of a packed B with {@code k} rows and {@code n} columns (long: callers check size). */
  default long packedSize(int k, int n) {
    return (long) panels(n) * k * panelWidth();
  }

  /**
   * Computes {@code rows} rows of C for the panels {@code [p0, p1)}: {@code C[r][j] =
   * clamp(bias[j] + sum_i A[r][i]·B[i][j])} where C starts at {@code c[cOff]} with row stride
   * {@code ldc}, and column {@code j} counts from the start of panel 0.
   *
   * @param b packed B starting at {@code bOff}, {@code k} rows, {@code n} columns
   * @param bias packed bias (length at least {@code panels(n)*panelWidth()} from {@code biasOff})
   * @param tile per-thread buffer of {@link #tileSize()} floats
   */
  void multiply(float[] a, int aOff, int lda, int ks, int rows, int k, float[] b, int bOff,
      int p0, int p1, int n, float[] bias, int biasOff, float min, float max, float[] c, int cOff,
      int ldc, float[] tile);

  /** The implementation for this JVM or, for tests, the one asked for. */
  static Sgemm create(boolean vector) {
    return vector ? new VectorSgemm() : new ScalarSgemm();
  }

  /**
   * Packs B with {@code B[i][j] = src[off + i*sk + j*sn]} into {@code dst} at {@code dstOff}: the
   * form used in eval for weights that are not constants.
   */
  default void pack(float[] src, int off, int sk, int sn, int k, int n, float[] dst, int dstOff) {
    int nr = panelWidth();
    int d = dstOff;
    for (int p = 0; p * nr < n; p++) {
      int cols = Math.min(nr, n - p * nr);
      for (int i = 0; i < k; i++) {
        int s = off + i * sk + p * nr * sn;
        for (int j = 0; j < cols; j++) {
          dst[d + j] = src[s + j * sn];
        }
        for (int j = cols; j < nr; j++) {
          dst[d + j] = 0f;
        }
        d += nr;
      }
    }
  }

  /** {@link #pack(float[], int, int, int, int, int, float[], int)} from a model constant. */
  default void pack(FloatBuffer src, int off, int sk, int sn, int k, int n, float[] dst,
      int dstOff) {
    int nr = panelWidth();
    int d = dstOff;
    for (int p = 0; p * nr < n; p++) {
      int cols = Math.min(nr, n - p * nr);
      for (int i = 0; i < k; i++) {
        int s = off + i * sk + p * nr * sn;
        for (int j = 0; j < cols; j++) {
          dst[d + j] = src.get(s + j * sn);
        }
        for (int j = cols; j < nr; j++) {
          dst[d + j] = 0f;
        }
        d += nr;
      }
    }
  }

  /** A packed bias row for {@code n} columns: the values from {@code src} (null: zeros). */
  default float[] packBias(FloatBuffer src, int off, int n) {
    float[] packed = new float[panels(n) * panelWidth()];
    if (src != null) {
      for (int j = 0; j < n; j++) {
        packed[j] = src.get(off + j);
      }
    }
    return packed;
  }
}
