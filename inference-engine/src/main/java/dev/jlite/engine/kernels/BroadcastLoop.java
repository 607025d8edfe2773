package dev.jlite.engine.kernels;

import java.util.Arrays;

/**
 * Walks two broadcast operands and their output row by row: the innermost output dimension is one
 * row, read from each operand with stride 1 or 0. Equal shapes and scalar operands collapse into a
 * single row over all elements. Built in prepare; {@link #run} allocates nothing.
 */
final class BroadcastLoop {
  /** Processes {@code n} output elements from {@code io}, reading a from ia (stride sa), b likewise. */
  @FunctionalInterface
  interface Row {
    void run(int ia, int ib, int io, int n, int sa, int sb);
  }

  private final int rows;
  private final int rowLength;
  private final int innerStrideA;
  private final int innerStrideB;
  private final int[] outer;
  private final int[] stridesA;
  private final int[] stridesB;
  private final int[] counter;

  BroadcastLoop(int[] a, int[] b, int[] out) {
    int total = Shapes.flatSize(out);
    int sizeA = Shapes.flatSize(a);
    int sizeB = Shapes.flatSize(b);
    if (Arrays.equals(a, b) || sizeA == 1 || sizeB == 1 || out.length == 0) {
      rows = total == 0 ? 0 : 1;
      rowLength = total;
      innerStrideA = sizeA == 1 && total != 1 ? 0 : 1;
      innerStrideB = sizeB == 1 && total != 1 ? 0 : 1;
      outer = new int[0];
      stridesA = new int[0];
      stridesB = new int[0];
    } else {
      int rank = out.length;
      int[] sa = Shapes.broadcastStrides(a, out);
      int[] sb = Shapes.broadcastStrides(b, out);
      rowLength = out[rank - 1];
      innerStrideA = sa[rank - 1];
      innerStrideB = sb[rank - 1];
      outer = Arrays.copyOf(out, rank - 1);
      stridesA = Arrays.copyOf(sa, rank - 1);
      stridesB = Arrays.copyOf(sb, rank - 1);
      rows = rowLength == 0 ? 0 : Shapes.flatSize(outer);
    }
    counter = new int[outer.length];
  }

  void run(Row row) {
    if (rows == 0) {
      return;
    }
    if (outer.length == 0) {
      row.run(0, 0, 0, rowLength, innerStrideA, innerStrideB);
      return;
    }
    Arrays.fill(counter, 0);
    int ia = 0;
    int ib = 0;
    for (int r = 0, io = 0; r < rows; r++, io += rowLength) {
      row.run(ia, ib, io, rowLength, innerStrideA, innerStrideB);
      for (int d = outer.length - 1; d >= 0; d--) {
        ia += stridesA[d];
        ib += stridesB[d];
        if (++counter[d] < outer[d]) {
          break;
        }
        ia -= stridesA[d] * outer[d];
        ib -= stridesB[d] * outer[d];
        counter[d] = 0;
      }
    }
  }
}
