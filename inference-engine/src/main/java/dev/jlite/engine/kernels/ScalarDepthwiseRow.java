package dev.jlite.engine.kernels;

/**
 * {@link DepthwiseRow} in plain Java: per output pixel, bias then one multiply-add pass over the
 * channels per window position, loops HotSpot vectorizes on its own.
 */
final class ScalarDepthwiseRow implements DepthwiseRow {
  @Override
  public void row(float[] in, int inRow0, int inW, int channels, int fy0, int fy1,
      int rowStride, float[] w, int filterW, float[] bias, int outW, int strideW, int dilationW,
      int padW, float min, float max, float[] out, int outOff) {
    for (int ox = 0; ox < outW; ox++) {
      int ix0 = ox * strideW - padW;
      int fx0 = DepthwiseRow.firstColumn(ix0, dilationW);
      int fx1 = DepthwiseRow.endColumn(ix0, dilationW, inW, filterW);
      int o = outOff + ox * channels;
      System.arraycopy(bias, 0, out, o, channels);
      for (int fy = fy0; fy < fy1; fy++) {
        for (int fx = fx0; fx < fx1; fx++) {
          int s = inRow0 + fy * rowStride + (ix0 + fx * dilationW) * channels;
          int f = (fy * filterW + fx) * channels;
          for (int c = 0; c < channels; c++) {
            out[o + c] += in[s + c] * w[f + c];
          }
        }
      }
      for (int c = 0; c < channels; c++) {
        out[o + c] = Math.max(min, Math.min(max, out[o + c]));
      }
    }
  }
}
