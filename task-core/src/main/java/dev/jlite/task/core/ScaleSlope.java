package dev.jlite.task.core;

/**
 * libyuv's 16.16 fixed-point start and step of the source position along both axes, and its
 * reduction of the filter for ratios where a cheaper one gives the same picture. The conventions
 * ({@code ScaleFilterReduce}, {@code ScaleSlope}, {@code FixedDiv}, {@code FixedDiv1},
 * {@code CENTERSTART}) decide which source pixels every output pixel blends, so they are copied
 * exactly, truncating divisions included.
 */
record ScaleSlope(int x, int y, int dx, int dy) {

  /** libyuv's {@code FilterMode}, without the box filter the task library never asks for. */
  enum Filter {
    NONE,
    LINEAR,
    BILINEAR
  }

  /** {@code ScaleFilterReduce}: the filter libyuv actually applies for this ratio. */
  static Filter reduce(int w, int h, int dw, int dh, Filter filter) {
    Filter f = filter;
    if (f == Filter.BILINEAR) {
      if (h == 1 || dh == h || dh * 3 == h) {
        f = Filter.LINEAR;
      }
      if (w == 1) {
        f = Filter.NONE;
      }
    }
    if (f == Filter.LINEAR && (w == 1 || dw == w || dw * 3 == w)) {
      f = Filter.NONE;
    }
    return f;
  }

  /** {@code ScaleSlope} for a source of {@code w x h} and a destination of {@code dw x dh}. */
  static ScaleSlope of(int w, int h, int dw, int dh, Filter filter) {
    // libyuv steps over every source pixel once for a 1-pixel output of a very wide source.
    int outW = dw == 1 && w >= 32768 ? w : dw;
    int outH = dh == 1 && h >= 32768 ? h : dh;
    int x = 0;
    int y = 0;
    int dx = 0;
    int dy = 0;
    if (filter == Filter.NONE) {
      dx = fixedDiv(w, outW);
      dy = fixedDiv(h, outH);
      x = centreStart(dx, 0);
      y = centreStart(dy, 0);
      return new ScaleSlope(x, y, dx, dy);
    }
    if (outW <= w) {
      dx = fixedDiv(w, outW);
      x = centreStart(dx, -32768);
    } else if (outW > 1) {
      dx = fixedDiv1(w, outW);
    }
    if (filter == Filter.LINEAR) {
      dy = fixedDiv(h, outH);
      y = dy >> 1;
    } else if (outH <= h) {
      dy = fixedDiv(h, outH);
      y = centreStart(dy, -32768);
    } else if (outH > 1) {
      dy = fixedDiv1(h, outH);
    }
    return new ScaleSlope(x, y, dx, dy);
  }

  /** {@code num / div} in 16.16 fixed point, truncated. */
  static int fixedDiv(int num, int div) {
    return (int) (((long) num << 16) / div);
  }

  /** The step that puts the last of {@code div} samples just before source pixel num - 1. */
  static int fixedDiv1(int num, int div) {
    return (int) ((((long) num << 16) - 0x00010001) / (div - 1));
  }

  /** Half a step in, plus {@code offset} (libyuv's {@code CENTERSTART} for a positive step). */
  private static int centreStart(int step, int offset) {
    return (step >> 1) + offset;
  }
}
