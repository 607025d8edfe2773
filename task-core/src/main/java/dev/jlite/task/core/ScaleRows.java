package dev.jlite.task.core;

/**
 * libyuv's row kernels on rows of {@code c} interleaved bytes per pixel, in the integer arithmetic
 * libyuv computes on x86-64 (the platform of the official goldens): that of its reference
 * ({@code _C}) kernels, except where its SSE2/SSSE3 kernels round differently, the box filters
 * of exact 1/2n, 3/4 and 3/8 ratios. Every kernel treats each byte on its own, which is why
 * libyuv's 4-byte ARGB kernels serve RGB rows unchanged.
 */
final class ScaleRows {
  private ScaleRows() {}

  /**
   * {@code InterpolateRow}: {@code n} bytes blending row {@code a} with weight {@code 256 - f} and
   * row {@code b} with weight {@code f} (an 8-bit fraction), rounded; fraction 0 copies {@code a}
   * and 128 averages with rounding, as libyuv special-cases them.
   */
  static void interpolate(byte[] src, int a, int b, int n, int f, byte[] dst, int d) {
    if (f == 0) {
      System.arraycopy(src, a, dst, d, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      int p = src[a + i] & 0xFF;
      int q = src[b + i] & 0xFF;
      dst[d + i] = (byte) (f == 128 ? (p + q + 1) >> 1 : (p * (256 - f) + q * f + 128) >> 8);
    }
  }

  /**
   * {@code ScaleARGBFilterCols}: output pixel j blends source pixels {@code x >> 16} and the next
   * with the 7-bit fraction {@code (x >> 9) & 0x7f}, weights {@code 0x7f ^ f} and {@code f},
   * truncated; the weights sum to 127, so even an exact source position loses a little.
   */
  static void filterColsArgb(
      byte[] src, int row, int w, int c, byte[] dst, int d, int dw, long x, long dx) {
    long pos = x;
    for (int j = 0; j < dw; j++) {
      int xi = (int) (pos >> 16);
      int f = (int) (pos >> 9) & 0x7f;
      int a = row + xi * c;
      // Past the last pixel the fraction is 0, so the pixel read there has no weight.
      int b = row + Math.min(xi + 1, w - 1) * c;
      for (int k = 0; k < c; k++) {
        int p = src[a + k] & 0xFF;
        int q = src[b + k] & 0xFF;
        dst[d + j * c + k] = (byte) ((p * (0x7f ^ f) + q * f) >> 7);
      }
      pos += dx;
    }
  }

  /**
   * {@code ScaleFilterCols} (x86 {@code BLENDER}): {@code a + ((f * (b - a) + 64) >> 7)} with the
   * 7-bit fraction {@code f = (x & 0xffff) >> 9}, one byte per pixel.
   */
  static void filterColsPlane(byte[] src, int row, int w, byte[] dst, int d, int dw, long x,
      long dx) {
    long pos = x;
    for (int j = 0; j < dw; j++) {
      int xi = (int) (pos >> 16);
      int f = ((int) pos & 0xffff) >> 9;
      int p = src[row + xi] & 0xFF;
      int q = src[row + Math.min(xi + 1, w - 1)] & 0xFF;
      dst[d + j] = (byte) (p + ((f * (q - p) + 0x40) >> 7));
      pos += dx;
    }
  }

  /** {@code ScaleCols}: output pixel j copies source pixel {@code x >> 16} (all c bytes). */
  static void cols(byte[] src, int row, int c, byte[] dst, int d, int dw, long x, long dx) {
    long pos = x;
    for (int j = 0; j < dw; j++) {
      System.arraycopy(src, row + (int) (pos >> 16) * c, dst, d + j * c, c);
      pos += dx;
    }
  }

  /**
   * The 2x2 box of {@code ScaleARGBRowDown2Box} and {@code ScaleARGBRowDownEvenBox}: output pixel
   * j averages pixels {@code j * step} and the next of rows {@code a} and {@code b}. The first
   * {@code simd} pixels take x86's SSE2 arithmetic, an average (rounded up) of the two column
   * averages; libyuv leaves the rest of the row to the reference kernel, which rounds the sum of
   * four once. The two differ by 1 now and then.
   */
  static void box2(
      byte[] src, int a, int b, int c, int step, int simd, byte[] dst, int d, int dw) {
    for (int j = 0; j < dw; j++) {
      int s = j * step * c;
      for (int k = 0; k < c; k++) {
        int tl = src[a + s + k] & 0xFF;
        int tr = src[a + s + c + k] & 0xFF;
        int bl = src[b + s + k] & 0xFF;
        int br = src[b + s + c + k] & 0xFF;
        dst[d + j * c + k] = (byte) (j < simd
            ? (avg(tl, bl) + avg(tr, br) + 1) >> 1
            : (tl + tr + bl + br + 2) >> 2);
      }
    }
  }

  /** x86's {@code pavgb}: the mean of two bytes, rounded up. */
  private static int avg(int p, int q) {
    return (p + q + 1) >> 1;
  }

  /**
   * {@code ScaleRowDown34_0_Box} ({@code nearWeight} 3) and {@code ScaleRowDown34_1_Box} (1): each
   * 4 pixels of rows {@code s} and {@code t} become 3 with horizontal weights 3:1, 1:1, 1:3 and
   * vertical weights {@code nearWeight}:1. The reference kernel, which libyuv runs on the last
   * {@code dw % 24} pixels, filters horizontally first and rounds each step; the SSSE3 kernel,
   * which it runs on the others, blends the rows first with rounded-up byte averages.
   */
  static void box34(byte[] src, int s, int t, int nearWeight, byte[] dst, int d, int dw) {
    int simd = dw - dw % 24;
    byte[] blend = new byte[4];
    for (int j = 0; j < dw; j += 3) {
      int o = j / 3 * 4;
      if (j < simd) {
        for (int i = 0; i < 4; i++) {
          int p = src[s + o + i] & 0xFF;
          int q = src[t + o + i] & 0xFF;
          blend[i] = (byte) (nearWeight == 3 ? avg(p, avg(p, q)) : avg(p, q));
        }
        for (int k = 0; k < 3; k++) {
          dst[d + j + k] = (byte) horizontal34(blend, 0, k);
        }
        continue;
      }
      for (int k = 0; k < 3; k++) {
        int a = horizontal34(src, s + o, k);
        int b = horizontal34(src, t + o, k);
        dst[d + j + k] = (byte) (nearWeight == 3 ? (a * 3 + b + 2) >> 2 : (a + b + 1) >> 1);
      }
    }
  }

  /** Output k (0, 1 or 2) of the 4 pixels from {@code p}: weights 3:1, 1:1 or 1:3, rounded. */
  private static int horizontal34(byte[] src, int p, int k) {
    int p0 = src[p + k] & 0xFF;
    int p1 = src[p + k + 1] & 0xFF;
    return k == 0 ? (p0 * 3 + p1 + 2) >> 2 : k == 1 ? (p0 + p1 + 1) >> 1 : (p0 + p1 * 3 + 2) >> 2;
  }

  /** {@code ScaleRowDown34}: of each 4 pixels of row {@code s}, pixels 0, 1 and 3. */
  static void pick34(byte[] src, int s, byte[] dst, int d, int dw) {
    for (int j = 0; j < dw; j += 3) {
      int o = s + j / 3 * 4;
      dst[d + j] = src[o];
      dst[d + j + 1] = src[o + 1];
      dst[d + j + 2] = src[o + 3];
    }
  }

  /**
   * {@code ScaleRowDown38_3_Box} and {@code _2_Box}: each 8 pixels of the given rows become 3,
   * averaging blocks of 3, 3 and 2 columns by multiplying the sum with {@code 65536 / count} and
   * shifting, which truncates. For two rows the SSSE3 kernel, which libyuv runs on all but the
   * last {@code dw % 6} pixels, first averages the rows (rounding up) and divides by the number
   * of columns only; for three rows it computes what the reference kernel does.
   */
  static void box38(byte[] src, int[] rows, byte[] dst, int d, int dw) {
    int n = rows.length;
    int simd = n == 2 ? dw - dw % 6 : 0;
    for (int j = 0; j < dw; j += 3) {
      int o = j / 3 * 8;
      for (int k = 0; k < 3; k++) {
        int first = o + k * 3;
        int width = k == 2 ? 2 : 3;
        int sum = 0;
        for (int i = 0; i < width; i++) {
          if (j < simd) {
            sum += avg(src[rows[0] + first + i] & 0xFF, src[rows[1] + first + i] & 0xFF);
          } else {
            for (int r : rows) {
              sum += src[r + first + i] & 0xFF;
            }
          }
        }
        int count = j < simd ? width : n * width;
        dst[d + j + k] = (byte) ((sum * (65536 / count)) >> 16);
      }
    }
  }

  /** {@code ScaleRowDown38}: of each 8 pixels of row {@code s}, pixels 0, 3 and 6. */
  static void pick38(byte[] src, int s, byte[] dst, int d, int dw) {
    for (int j = 0; j < dw; j += 3) {
      int o = s + j / 3 * 8;
      dst[d + j] = src[o];
      dst[d + j + 1] = src[o + 3];
      dst[d + j + 2] = src[o + 6];
    }
  }
}
