package dev.jlite.engine.kernels;

/**
 * Copies an n-dimensional box of elements between two arrays where each dimension has its own
 * source and destination stride (negative or zero strides allowed). Transpose, slices with strides,
 * reversal, broadcasting, tiling, concatenation, splitting and the space/depth rearrangements are
 * all such copies.
 *
 * <p>Built once (in prepare): dimensions of size 1 are dropped and dimensions that are contiguous
 * in both arrays are merged, so the innermost two remaining dimensions run as a tight typed loop
 * (tiled for transpositions, or {@code System.arraycopy} rows) and only the rest walks an
 * odometer. {@link #run} allocates nothing.
 */
final class StridedCopy {
  private final int[] dims;
  private final int[] srcStrides;
  private final int[] dstStrides;
  private final int[] counter;
  private final boolean empty;
  private final int n0;
  private final int n1;
  private final int ss0;
  private final int ss1;
  private final int ds0;
  private final int ds1;

  /**
   * @param shape the box, outermost dimension first
   * @param src source stride of each dimension, in elements
   * @param dst destination stride of each dimension, in elements
   */
  StridedCopy(int[] shape, int[] src, int[] dst) {
    int rank = shape.length;
    int[] d = new int[rank];
    int[] s = new int[rank];
    int[] t = new int[rank];
    int n = 0;
    boolean anyEmpty = false;
    for (int i = 0; i < rank; i++) {
      if (shape[i] == 0) {
        anyEmpty = true;
      }
      if (shape[i] == 1) {
        continue;
      }
      if (n > 0 && s[n - 1] == (long) src[i] * shape[i] && t[n - 1] == (long) dst[i] * shape[i]) {
        d[n - 1] *= shape[i];
        s[n - 1] = src[i];
        t[n - 1] = dst[i];
        continue;
      }
      d[n] = shape[i];
      s[n] = src[i];
      t[n] = dst[i];
      n++;
    }
    empty = anyEmpty;
    n1 = n >= 1 ? d[n - 1] : 1;
    ss1 = n >= 1 ? s[n - 1] : 1;
    ds1 = n >= 1 ? t[n - 1] : 1;
    n0 = n >= 2 ? d[n - 2] : 1;
    ss0 = n >= 2 ? s[n - 2] : 0;
    ds0 = n >= 2 ? t[n - 2] : 0;
    int outer = Math.max(0, n - 2);
    dims = java.util.Arrays.copyOf(d, outer);
    srcStrides = java.util.Arrays.copyOf(s, outer);
    dstStrides = java.util.Arrays.copyOf(t, outer);
    counter = new int[outer];
  }

  /** Contiguous row-major strides of a shape. */
  static int[] strides(int[] shape) {
    int[] strides = new int[shape.length];
    int stride = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = stride;
      stride *= shape[i];
    }
    return strides;
  }

  /** Copies the box from {@code src} at {@code s} into {@code dst} at {@code d}. */
  void run(Object src, int s, Object dst, int d) {
    if (empty) {
      return;
    }
    int outer = dims.length;
    if (outer == 0) {
      ElementArrays.copy2d(src, s, ss0, ss1, dst, d, ds0, ds1, n0, n1);
      return;
    }
    java.util.Arrays.fill(counter, 0);
    while (true) {
      ElementArrays.copy2d(src, s, ss0, ss1, dst, d, ds0, ds1, n0, n1);
      int k = outer - 1;
      while (true) {
        s += srcStrides[k];
        d += dstStrides[k];
        if (++counter[k] < dims[k]) {
          break;
        }
        s -= srcStrides[k] * dims[k];
        d -= dstStrides[k] * dims[k];
        counter[k] = 0;
        if (--k < 0) {
          return;
        }
      }
    }
  }
}
