package dev.jlite.engine.kernels;

import dev.jlite.engine.Node;

/**
 * Exact integer products of quantized activations and int8 weights on the float GEMM
 * ({@link Sgemm}): every product is at most {@code 255 * 128} in magnitude, so a sum of up to
 * {@link #BLOCK} of them stays below 2^24 and every partial sum is an integer a float holds
 * exactly, in whatever order the micro-kernel adds. Longer sums are cut into blocks of that depth,
 * each multiplied in float and added up in ints. The result is the integer dot product TFLite
 * computes, at the speed of the float kernels.
 */
final class HybridGemm {
  /** Terms per exact float sum: {@code 512 * 255 * 128 < 2^24}. */
  static final int BLOCK = 512;

  private final Sgemm gemm;
  private final int depth;
  private final int cols;
  private final int blocks;
  private final int packedPerMatrix;
  private final float[] packed;
  private final float[] zeroBias;
  /** One weight matrix as floats, {@code [depth][cols]}, for packing. */
  private final float[] staging;

  HybridGemm(Node node, Sgemm gemm, int depth, int cols, int matrices) {
    this.gemm = gemm;
    this.depth = depth;
    this.cols = cols;
    this.blocks = Math.max(1, GemmSplit.ceilDiv(depth, BLOCK));
    this.packedPerMatrix = ConvChecks.size(node, "packed weights", gemm.packedSize(depth, cols));
    this.packed = new float[ConvChecks.size(node, "packed weights",
        (long) packedPerMatrix * matrices)];
    this.zeroBias = new float[gemm.panels(cols) * gemm.panelWidth()];
    this.staging = new float[ConvChecks.size(node, "weights", (long) depth * cols)];
  }

  /** Packs matrix {@code matrix} with {@code B[k][n] = raw[off + k * sk + n * sn]}. */
  void pack(byte[] raw, int off, int sk, int sn, int matrix) {
    for (int k = 0; k < depth; k++) {
      for (int n = 0; n < cols; n++) {
        staging[k * cols + n] = raw[off + k * sk + n * sn];
      }
    }
    // Blocks of BLOCK rows are packed one after the other, each a complete packed B.
    int base = matrix * packedPerMatrix;
    for (int b = 0; b < blocks; b++) {
      int k0 = b * BLOCK;
      int k = Math.min(BLOCK, depth - k0);
      gemm.pack(staging, k0 * cols, cols, 1, k, cols, packed, base + packedOffset(b));
    }
  }

  private int packedOffset(int block) {
    return block * BLOCK * gemm.panels(cols) * gemm.panelWidth();
  }

  /**
   * {@code acc[r * ldAcc + j] = sum_k A[r][k] * B[k][j]} exactly, for {@code rows} rows of A
   * ({@code A[r][k] = a[aOff + r * lda + k]}, integer values) and the columns of panels
   * {@code [p0, p1)} ({@code j} counted from column 0).
   *
   * @param scratch per-thread floats, at least {@code (rows - 1) * ldAcc + cols}
   * @param tile per-thread tile of {@link Sgemm#tileSize()} floats
   */
  void multiply(float[] a, int aOff, int lda, int rows, int matrix, int p0, int p1, int[] acc,
      int ldAcc, float[] scratch, float[] tile) {
    int j0 = p0 * gemm.panelWidth();
    int j1 = Math.min(cols, p1 * gemm.panelWidth());
    int base = matrix * packedPerMatrix;
    for (int b = 0; b < blocks; b++) {
      int k0 = b * BLOCK;
      int k = Math.min(BLOCK, depth - k0);
      gemm.multiply(a, aOff + k0, lda, 1, rows, k, packed, base + packedOffset(b), p0, p1, cols,
          zeroBias, 0, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, scratch, 0, ldAcc,
          tile);
      for (int r = 0; r < rows; r++) {
        int o = r * ldAcc;
        if (b == 0) {
          for (int j = j0; j < j1; j++) {
            acc[o + j] = (int) scratch[o + j];
          }
        } else {
          for (int j = j0; j < j1; j++) {
            acc[o + j] += (int) scratch[o + j];
          }
        }
      }
    }
  }

  /** Whole-number floats of quantized values, the A operand of {@link #multiply}. */
  static void toFloats(int[] values, int off, int n, float[] dst, int dstOff) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = values[off + i];
    }
  }
}
