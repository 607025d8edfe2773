package dev.jlite.engine.kernels;

/**
 * The inner loop of DEPTHWISE_CONV_2D with depth multiplier 1: one output row, vectorized across
 * channels (innermost in NHWC). Window positions cut by padding are skipped, not read as zeros.
 * Implementations: {@link VectorDepthwiseRow} and {@link ScalarDepthwiseRow}.
 */
interface DepthwiseRow {
  /**
   * Computes {@code out[ox][c] = clamp(bias[c] + sum in[iy][ix][c] * w[fy][fx][c])} for one output
   * row, over the filter rows {@code [fy0, fy1)} (those inside the image).
   *
   * @param in input data; {@code inRow0} is the offset of input row {@code iy0} (the row filter
   *     row 0 lands on; it may lie outside the image, only rows {@code fy0..fy1-1} are read)
   * @param w weights {@code [filterH][filterW][channels]} starting at 0
   */
  void row(float[] in, int inRow0, int inW, int channels, int fy0, int fy1, int rowStride,
      float[] w, int filterW, float[] bias, int outW, int strideW, int dilationW, int padW,
      float min, float max, float[] out, int outOff);

  static DepthwiseRow create(boolean vector) {
    return vector ? new VectorDepthwiseRow() : new ScalarDepthwiseRow();
  }

  /** First filter column whose input column {@code ix0 + fx * dilation} is at least 0. */
  static int firstColumn(int ix0, int dilation) {
    return ix0 >= 0 ? 0 : (-ix0 + dilation - 1) / dilation;
  }

  /** One past the last filter column whose input column is below {@code inW}. */
  static int endColumn(int ix0, int dilation, int inW, int filterW) {
    if (ix0 >= inW) {
      return 0;
    }
    return Math.min(filterW, (inW - ix0 + dilation - 1) / dilation);
  }
}
