package dev.jlite.engine.kernels;

import dev.jlite.engine.Node;
import dev.jlite.engine.Tensor;
import java.util.Arrays;

/** Shape arithmetic shared by kernels. */
final class Shapes {
  private Shapes() {}

  /** Product of the dimensions, checked against int overflow. */
  static int flatSize(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new ArithmeticException("shape " + Arrays.toString(shape) + " has more than 2^31 elements");
      }
    }
    return (int) n;
  }

  /** Product of dimensions [from, to). */
  static int flatSize(int[] shape, int from, int to) {
    long n = 1;
    for (int i = from; i < to; i++) {
      n *= shape[i];
    }
    return (int) n;
  }

  /** NumPy-style broadcast of two shapes; fails naming both shapes. */
  static int[] broadcast(Node node, int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw node.invalid("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
            + " cannot be broadcast together");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * Element strides of {@code shape} when read as {@code outShape} under broadcasting: 0 for
   * broadcast (size-1 or missing) dimensions. Result has {@code outShape.length} entries.
   */
  static int[] broadcastStrides(int[] shape, int[] outShape) {
    int rank = outShape.length;
    int[] strides = new int[rank];
    int stride = 1;
    for (int i = rank - 1; i >= 0; i--) {
      int j = i - (rank - shape.length);
      int d = j >= 0 ? shape[j] : 1;
      strides[i] = d == 1 ? 0 : stride;
      stride *= d;
    }
    return strides;
  }

  /** Resolves a possibly negative axis against a rank, or fails naming the axis. */
  static int axis(Node node, int axis, int rank, String what) {
    int resolved = axis < 0 ? axis + rank : axis;
    if (resolved < 0 || resolved >= rank) {
      throw node.invalid(what + " " + axis + " is out of range for rank " + rank);
    }
    return resolved;
  }

  /** Fails unless the two tensors have identical shapes. */
  static void checkSameShape(Node node, Tensor a, Tensor b, String what) {
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw node.invalid(what + ": shapes " + Arrays.toString(a.shape()) + " and "
          + Arrays.toString(b.shape()) + " differ");
    }
  }
}
