package dev.jlite.engine.kernels;

/**
 * How a matrix product of {@code m} rows and {@code panels} column panels is cut into tasks for
 * the interpreter's threads: row blocks (multiples of the micro-kernel's row tile, no larger than
 * what fits the cache budget) times panel blocks. With one thread rows are cut only for the cache;
 * with more, into about four tasks per thread so that dynamic task pulling evens out the load,
 * splitting the panels too when there are too few rows (a fully connected layer on one vector).
 */
final class GemmSplit {
  /** Rows per task (the last may have fewer). */
  final int rowBlock;
  final int rowBlocks;
  /** Panels per task (the last may have fewer). */
  final int panelBlock;
  final int panelBlocks;

  /**
   * @param maxRows the most rows a task may take (cache budget, e.g. the im2col buffer)
   */
  GemmSplit(int m, int panels, int rowTile, int threads, int maxRows) {
    int block = roundUp(Math.max(1, Math.min(maxRows, m)), rowTile);
    int target = threads <= 1 ? 1 : 4 * threads;
    if (threads > 1 && ceilDiv(m, block) < target) {
      block = Math.min(block, Math.max(4 * rowTile, roundUp(ceilDiv(m, target), rowTile)));
    }
    rowBlock = block;
    rowBlocks = Math.max(1, ceilDiv(m, block));
    int split = Math.max(1, Math.min(Math.max(panels, 1), ceilDiv(target, rowBlocks)));
    panelBlock = Math.max(1, ceilDiv(panels, split));
    panelBlocks = Math.max(1, ceilDiv(panels, panelBlock));
  }

  int tasks() {
    return rowBlocks * panelBlocks;
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  static int roundUp(int a, int b) {
    return ceilDiv(a, b) * b;
  }
}
