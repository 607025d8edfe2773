package dev.jlite.task.core;

/** The resampling arithmetic behind {@link TensorImage#resize}; see there for the conventions. */
final class Resizer {
  private Resizer() {}

  static byte[] bilinear(byte[] src, int w, int h, int c, int outW, int outH) {
    int[] x0 = new int[outW];
    float[] fx = new float[outW];
    positions(w, outW, x0, fx);
    int[] y0 = new int[outH];
    float[] fy = new float[outH];
    positions(h, outH, y0, fy);
    byte[] out = new byte[outW * outH * c];
    for (int y = 0; y < outH; y++) {
      int rowA = y0[y] * w;
      int rowB = Math.min(y0[y] + 1, h - 1) * w;
      float wy = fy[y];
      for (int x = 0; x < outW; x++) {
        int colA = x0[x];
        int colB = Math.min(colA + 1, w - 1);
        float wx = fx[x];
        for (int k = 0; k < c; k++) {
          float top = lerp(src[(rowA + colA) * c + k], src[(rowA + colB) * c + k], wx);
          float bottom = lerp(src[(rowB + colA) * c + k], src[(rowB + colB) * c + k], wx);
          float v = top + (bottom - top) * wy;
          out[(y * outW + x) * c + k] = (byte) Math.min(255, (int) (v + 0.5f));
        }
      }
    }
    return out;
  }

  private static float lerp(byte a, byte b, float t) {
    int ia = a & 0xFF;
    return ia + ((b & 0xFF) - ia) * t;
  }

  /** Integer part and fraction of the source coordinate of each output pixel along one axis. */
  private static void positions(int src, int dst, int[] index, float[] fraction) {
    for (int i = 0; i < dst; i++) {
      double s;
      if (dst <= src) {
        s = (i + 0.5) * src / dst - 0.5;
      } else {
        s = dst > 1 && src > 1 ? (double) i * (src - 1) / (dst - 1) : 0;
      }
      s = Math.max(0, Math.min(src - 1, s));
      int base = (int) Math.floor(s);
      index[i] = base;
      fraction[i] = (float) (s - base);
    }
  }

  static byte[] nearest(byte[] src, int w, int h, int c, int outW, int outH) {
    byte[] out = new byte[outW * outH * c];
    for (int y = 0; y < outH; y++) {
      int sy = Math.min(h - 1, (int) ((y + 0.5) * h / outH));
      for (int x = 0; x < outW; x++) {
        int sx = Math.min(w - 1, (int) ((x + 0.5) * w / outW));
        System.arraycopy(src, (sy * w + sx) * c, out, (y * outW + x) * c, c);
      }
    }
    return out;
  }
}
