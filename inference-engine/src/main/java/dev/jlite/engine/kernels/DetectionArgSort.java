package dev.jlite.engine.kernels;

/**
 * The index sorts of TFLite_Detection_PostProcess, by decreasing value, with TFLite's exact order
 * of equal values: a stable sort (for the scores entering non-max suppression, and for regular
 * mode's merge of the detections of all classes, where TFLite 2.19 keeps equal scores in the order
 * they were gathered), and for fast mode's top classes of each anchor the result of
 * {@code std::partial_sort} as the GNU C++ library computes it (a heap select followed by a heap
 * sort, which does not keep equal values in index order), or the first maximum when only one is
 * wanted. TFLite 2.19 for Linux is built with that library, so the same sequence of moves gives
 * the same order of ties.
 *
 * <p>Values are compared with {@code >} only, as TFLite's comparator does.
 */
final class DetectionArgSort {
  private DetectionArgSort() {}

  /**
   * Stable sort of {@code indices[0..n)} = 0..n-1 by decreasing {@code values}, using {@code tmp}
   * (at least n long) as merge space.
   */
  static void decreasingStable(float[] values, int n, int[] indices, int[] tmp) {
    for (int i = 0; i < n; i++) {
      indices[i] = i;
    }
    int[] from = indices;
    int[] to = tmp;
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int a = lo;
        int b = mid;
        int k = lo;
        while (a < mid && b < hi) {
          // Take from the right run only when strictly greater: equal values keep index order.
          if (values[from[b]] > values[from[a]]) {
            to[k++] = from[b++];
          } else {
            to[k++] = from[a++];
          }
        }
        while (a < mid) {
          to[k++] = from[a++];
        }
        while (b < hi) {
          to[k++] = from[b++];
        }
      }
      int[] swap = from;
      from = to;
      to = swap;
    }
    if (from != indices) {
      System.arraycopy(from, 0, indices, 0, n);
    }
  }

  /**
   * TFLite's {@code DecreasingPartialArgSort}: puts the indices (into {@code values}, starting at
   * {@code valuesOffset}) of the {@code k} largest of {@code n} values, largest first, into
   * {@code indices[at..at+k)}, which must have room for n. For k = 1 only {@code indices[at]} is
   * set.
   */
  static void decreasingPartial(float[] values, int valuesOffset, int n, int k, int[] indices,
      int at) {
    if (k == 1) {
      int best = 0;
      float max = values[valuesOffset];
      for (int i = 1; i < n; i++) {
        if (values[valuesOffset + i] > max) {
          max = values[valuesOffset + i];
          best = i;
        }
      }
      indices[at] = best;
      return;
    }
    for (int i = 0; i < n; i++) {
      indices[at + i] = i;
    }
    if (k <= 0) {
      return;
    }
    // std::__heap_select: a heap of the first k by "comes first" order, each later element
    // that comes before the heap's top replaces it.
    makeHeap(values, valuesOffset, indices, at, k);
    for (int i = k; i < n; i++) {
      if (before(values, valuesOffset, indices[at + i], indices[at])) {
        int value = indices[at + i];
        indices[at + i] = indices[at];
        adjustHeap(values, valuesOffset, indices, at, 0, k, value);
      }
    }
    // std::__sort_heap.
    for (int last = k - 1; last > 0; last--) {
      int value = indices[at + last];
      indices[at + last] = indices[at];
      adjustHeap(values, valuesOffset, indices, at, 0, last, value);
    }
  }

  /** TFLite's comparator: element i comes before element j when its value is greater. */
  private static boolean before(float[] values, int offset, int i, int j) {
    return values[offset + i] > values[offset + j];
  }

  private static void makeHeap(float[] values, int offset, int[] heap, int at, int len) {
    if (len < 2) {
      return;
    }
    for (int parent = (len - 2) / 2; parent >= 0; parent--) {
      adjustHeap(values, offset, heap, at, parent, len, heap[at + parent]);
    }
  }

  /** std::__adjust_heap: sifts the hole down to a leaf, then pushes {@code value} back up. */
  private static void adjustHeap(float[] values, int offset, int[] heap, int at, int hole,
      int len, int value) {
    int top = hole;
    int child = hole;
    while (child < (len - 1) / 2) {
      child = 2 * (child + 1);
      if (before(values, offset, heap[at + child], heap[at + child - 1])) {
        child--;
      }
      heap[at + hole] = heap[at + child];
      hole = child;
    }
    if ((len & 1) == 0 && child == (len - 2) / 2) {
      child = 2 * (child + 1);
      heap[at + hole] = heap[at + child - 1];
      hole = child - 1;
    }
    // std::__push_heap.
    int parent = (hole - 1) / 2;
    while (hole > top && before(values, offset, heap[at + parent], value)) {
      heap[at + hole] = heap[at + parent];
      hole = parent;
      parent = (hole - 1) / 2;
    }
    heap[at + hole] = value;
  }
}
