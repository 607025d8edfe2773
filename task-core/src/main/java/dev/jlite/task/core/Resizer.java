package dev.jlite.task.core;

import dev.jlite.task.core.ScaleSlope.Filter;

/**
 * The resampling behind {@link TensorImage#resize}: libyuv's scaler, bit for bit, as TFLite's task
 * library calls it. RGB images go the way of {@code ARGBScale} (the library widens RGB to ARGB,
 * scales and narrows back; every kernel works byte by byte, so the alpha byte changes nothing) and
 * grayscale images the way of {@code ScalePlane}. Each follows libyuv's choice of code path for
 * the ratio at hand, since the special paths (2x2 boxes for even ratios, 3/4 and 3/8 kernels,
 * point sampling for odd ratios) give other pixels than the general bilinear one.
 */
final class Resizer {
  private Resizer() {}

  static byte[] bilinear(byte[] src, int w, int h, int c, int outW, int outH) {
    return c == 1
        ? plane(src, w, h, outW, outH, Filter.BILINEAR)
        : argb(src, w, h, c, outW, outH, Filter.BILINEAR);
  }

  static byte[] nearest(byte[] src, int w, int h, int c, int outW, int outH) {
    return c == 1
        ? plane(src, w, h, outW, outH, Filter.NONE)
        : argb(src, w, h, c, outW, outH, Filter.NONE);
  }

  /** libyuv's {@code ScaleARGB} dispatch. */
  private static byte[] argb(byte[] src, int w, int h, int c, int dw, int dh, Filter requested) {
    Filter filter = ScaleSlope.reduce(w, h, dw, dh, requested);
    ScaleSlope s = ScaleSlope.of(w, h, dw, dh, filter);
    int dx = s.dx();
    int dy = s.dy();
    if (((dx | dy) & 0xffff) == 0) {
      if (dx == 0 || dy == 0) {
        filter = Filter.NONE;
      } else if ((dx & 0x10000) == 0 && (dy & 0x10000) == 0) {
        // Even integer ratios (ScaleARGBDown2, ScaleARGBDownEven): a 2x2 box when filtering,
        // point sampling (the same pixels as ScaleARGBSimple) when not.
        return filter == Filter.NONE ? simple(src, w, c, dw, dh, s) : evenBox(src, w, c, dw, dh, s);
      } else if ((dx & 0x10000) != 0 && (dy & 0x10000) != 0) {
        // Odd integer ratios, copies included, sample the middle pixel unfiltered.
        filter = Filter.NONE;
      }
    }
    if (dx == 0x10000 && (s.x() & 0xffff) == 0) {
      return vertical(src, w, h, c, dw, dh, s.x(), s.y(), dy, filter);
    }
    if (filter == Filter.NONE) {
      return simple(src, w, c, dw, dh, s);
    }
    return dy < 0x10000
        ? bilinearUp(src, w, h, c, dw, dh, s, filter)
        : bilinearDown(src, w, h, c, dw, dh, s, filter);
  }

  /** libyuv's {@code ScalePlane} dispatch. */
  private static byte[] plane(byte[] src, int w, int h, int dw, int dh, Filter requested) {
    Filter filter = ScaleSlope.reduce(w, h, dw, dh, requested);
    if (dw == w && dh == h) {
      return src.clone();
    }
    if (dw == w) {
      // Unlike ScaleARGB's, this vertical pass starts at source row 0, not half a step in.
      return vertical(src, w, h, 1, dw, dh, 0, 0, ScaleSlope.fixedDiv(h, dh), filter);
    }
    if (dw <= w && dh <= h) {
      if (4 * dw == 3 * w && 4 * dh == 3 * h) {
        return down34(src, w, dw, dh, filter);
      }
      if (2 * dw == w && 2 * dh == h && filter != Filter.NONE) {
        // ScalePlaneDown2 unfiltered takes the same pixels as ScalePlaneSimple.
        ScaleSlope box = new ScaleSlope(0, 0, 0x20000, 0x20000);
        return evenBox(src, w, 1, dw, dh, box);
      }
      if (8 * dw == 3 * w && 8 * dh == 3 * h) {
        return down38(src, w, dw, dh, filter);
      }
    }
    if (filter == Filter.NONE) {
      // Also ScalePlaneDown4's unfiltered path, which takes the pixels ScalePlaneSimple takes.
      return simple(src, w, 1, dw, dh, ScaleSlope.of(w, h, dw, dh, Filter.NONE));
    }
    ScaleSlope s = ScaleSlope.of(w, h, dw, dh, filter);
    return dh > h
        ? bilinearUp(src, w, h, 1, dw, dh, s, filter)
        : bilinearDown(src, w, h, 1, dw, dh, s, filter);
  }

  /** {@code ScaleARGBSimple}/{@code ScalePlaneSimple}: the pixel at each sample position. */
  private static byte[] simple(byte[] src, int w, int c, int dw, int dh, ScaleSlope s) {
    byte[] out = new byte[dw * dh * c];
    long y = s.y();
    for (int j = 0; j < dh; j++) {
      ScaleRows.cols(src, (int) (y >> 16) * w * c, c, out, j * dw * c, dw, s.x(), s.dx());
      y += s.dy();
    }
    return out;
  }

  /**
   * A 2x2 box at every {@code dx >> 16}-th column of every {@code dy >> 16}-th row. (libyuv's
   * linear variant, a box of one row, never gets here: ScaleFilterReduce picks the linear filter
   * only for one-row sources, unchanged heights and thirds, none of them even ratios.)
   */
  private static byte[] evenBox(byte[] src, int w, int c, int dw, int dh, ScaleSlope s) {
    byte[] out = new byte[dw * dh * c];
    int rowBytes = w * c;
    int first = (s.y() >> 16) * rowBytes + (s.x() >> 16) * c;
    // ARGB rows go 4 pixels at a time through SSE2; the plane's SSSE3/AVX2 box rounds as the
    // reference kernel does ((sum / 2 + 1) / 2 == (sum + 2) / 4 for integer division).
    int simd = c == 1 ? 0 : dw - dw % 4;
    for (int j = 0; j < dh; j++) {
      int a = first + j * (s.dy() >> 16) * rowBytes;
      ScaleRows.box2(src, a, a + rowBytes, c, s.dx() >> 16, simd, out, j * dw * c, dw);
    }
    return out;
  }

  /** {@code ScalePlaneVertical}: columns kept, rows blended with an 8-bit fraction. */
  private static byte[] vertical(
      byte[] src, int w, int h, int c, int dw, int dh, int x, int y0, int dy, Filter filter) {
    byte[] out = new byte[dw * dh * c];
    int rowBytes = w * c;
    int n = dw * c;
    // Clamping one below the last row keeps the second row of the blend inside the image.
    int maxY = h > 1 ? ((h - 1) << 16) - 1 : 0;
    int left = (x >> 16) * c;
    long y = y0;
    for (int j = 0; j < dh; j++) {
      if (y > maxY) {
        y = maxY;
      }
      int yi = (int) (y >> 16);
      int f = filter == Filter.NONE ? 0 : (int) (y >> 8) & 255;
      int a = yi * rowBytes + left;
      ScaleRows.interpolate(src, a, a + rowBytes, n, f, out, j * n);
      y += dy;
    }
    return out;
  }

  /**
   * {@code ScaleARGBBilinearUp}/{@code ScalePlaneBilinearUp}: rows are filtered horizontally once
   * each and blended vertically, the source row advancing one at a time as libyuv's does.
   */
  private static byte[] bilinearUp(
      byte[] src, int w, int h, int c, int dw, int dh, ScaleSlope s, Filter filter) {
    byte[] out = new byte[dw * dh * c];
    int n = dw * c;
    long maxY = (long) (h - 1) << 16;
    long y = Math.min(s.y(), maxY);
    int yi = (int) (y >> 16);
    int next = yi;
    byte[] rows = new byte[2 * n];
    int first = 0;
    cols(src, next, w, c, rows, 0, dw, s);
    if (h > 1) {
      next++;
    }
    cols(src, next, w, c, rows, n, dw, s);
    next++;
    int lastY = yi;
    for (int j = 0; j < dh; j++) {
      yi = (int) (y >> 16);
      if (yi != lastY) {
        if (y > maxY) {
          y = maxY;
          yi = (int) (y >> 16);
          next = yi;
        }
        if (yi != lastY) {
          cols(src, Math.min(next, h - 1), w, c, rows, first, dw, s);
          first = n - first;
          lastY = yi;
          next++;
        }
      }
      int f = filter == Filter.LINEAR ? 0 : (int) (y >> 8) & 255;
      ScaleRows.interpolate(rows, first, n - first, n, f, out, j * n);
      y += s.dy();
    }
    return out;
  }

  /**
   * {@code ScaleARGBBilinearDown}/{@code ScalePlaneBilinearDown}: each output row blends two
   * source rows with an 8-bit fraction and then filters the blend horizontally.
   */
  private static byte[] bilinearDown(
      byte[] src, int w, int h, int c, int dw, int dh, ScaleSlope s, Filter filter) {
    byte[] out = new byte[dw * dh * c];
    int rowBytes = w * c;
    byte[] row = new byte[rowBytes];
    long maxY = (long) (h - 1) << 16;
    long y = Math.min(s.y(), maxY);
    for (int j = 0; j < dh; j++) {
      int yi = (int) (y >> 16);
      if (filter == Filter.LINEAR) {
        cols(src, yi, w, c, out, j * dw * c, dw, s);
      } else {
        int a = yi * rowBytes;
        int f = (int) (y >> 8) & 255;
        ScaleRows.interpolate(src, a, Math.min(yi + 1, h - 1) * rowBytes, rowBytes, f, row, 0);
        cols(row, 0, w, c, out, j * dw * c, dw, s);
      }
      y = Math.min(y + s.dy(), maxY);
    }
    return out;
  }

  /** The filtered horizontal pass over source row {@code r} of {@code src}. */
  private static void cols(
      byte[] src, int r, int w, int c, byte[] dst, int d, int dw, ScaleSlope s) {
    int row = r * w * c;
    if (c == 1) {
      ScaleRows.filterColsPlane(src, row, w, dst, d, dw, s.x(), s.dx());
    } else {
      ScaleRows.filterColsArgb(src, row, w, c, dst, d, dw, s.x(), s.dx());
    }
  }

  /**
   * {@code ScalePlaneDown34}: 4 rows become 3, with 3:1, 1:1 and 1:3 vertical weights. (Its and
   * {@code ScalePlaneDown38}'s linear variants are never reached, as with {@link #evenBox}.)
   */
  private static byte[] down34(byte[] src, int w, int dw, int dh, Filter filter) {
    byte[] out = new byte[dw * dh];
    int r = 0;
    int j = 0;
    for (; j < dh - 2; j += 3) {
      row34(src, r, r + w, 3, filter, out, j * dw, dw);
      row34(src, r + w, r + 2 * w, 1, filter, out, (j + 1) * dw, dw);
      row34(src, r + 3 * w, r + 2 * w, 3, filter, out, (j + 2) * dw, dw);
      r += 4 * w;
    }
    // The last one or two rows are not blended with rows below them.
    if (dh % 3 == 2) {
      row34(src, r, r + w, 3, filter, out, j * dw, dw);
      row34(src, r + w, r + w, 1, filter, out, (j + 1) * dw, dw);
    } else if (dh % 3 == 1) {
      row34(src, r, r, 3, filter, out, j * dw, dw);
    }
    return out;
  }

  private static void row34(
      byte[] src, int s, int t, int weight, Filter filter, byte[] out, int d, int dw) {
    if (filter == Filter.NONE) {
      ScaleRows.pick34(src, s, out, d, dw);
    } else {
      ScaleRows.box34(src, s, t, weight, out, d, dw);
    }
  }

  /** {@code ScalePlaneDown38}: 8 rows become 3, boxes of 3, 3 and 2 rows. */
  private static byte[] down38(byte[] src, int w, int dw, int dh, Filter filter) {
    byte[] out = new byte[dw * dh];
    int r = 0;
    int j = 0;
    for (; j < dh - 2; j += 3) {
      row38(src, r, w, 3, filter, out, j * dw, dw);
      row38(src, r + 3 * w, w, 3, filter, out, (j + 1) * dw, dw);
      row38(src, r + 6 * w, w, 2, filter, out, (j + 2) * dw, dw);
      r += 8 * w;
    }
    if (dh % 3 == 2) {
      row38(src, r, w, 3, filter, out, j * dw, dw);
      row38(src, r + 3 * w, 0, 3, filter, out, (j + 1) * dw, dw);
    } else if (dh % 3 == 1) {
      row38(src, r, 0, 3, filter, out, j * dw, dw);
    }
    return out;
  }

  private static void row38(
      byte[] src, int s, int step, int count, Filter filter, byte[] out, int d, int dw) {
    if (filter == Filter.NONE) {
      ScaleRows.pick38(src, s, out, d, dw);
      return;
    }
    int[] rows = new int[count];
    for (int i = 0; i < count; i++) {
      rows[i] = s + i * step;
    }
    ScaleRows.box38(src, rows, out, d, dw);
  }
}
