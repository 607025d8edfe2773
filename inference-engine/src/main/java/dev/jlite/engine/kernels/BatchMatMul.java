package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BatchMatMulOptions;
import dev.jlite.schema.model.BuiltinOptions;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * BATCH_MATMUL on float32 tensors of rank 2 to 5: a matrix product per batch, batch dimensions
 * broadcast NumPy-style, {@code adj_x}/{@code adj_y} transposing the last two dimensions of either
 * side. The left side is read in place (transposed through strides); each batch of the right side
 * is packed for the GEMM, once in prepare when it is a constant, else in eval. int8 and int16
 * operands take {@link QuantizedBatchMatMul}'s integer path on the same geometry.
 */
final class BatchMatMul implements Kernel {
  private static final int A_BLOCK_FLOATS = 64 * 1024;
  private static final int MAX_ROWS = 512;
  private static final int MAX_RANK = 5;

  private final Sgemm gemm;
  private Tensor lhs;
  private Tensor rhs;
  private Tensor output;
  private boolean adjX;
  private boolean adjY;
  private int rows;
  private int cols;
  private int depth;
  private int rhsBatches;
  private int packedPerBatch;
  /** Per output batch: element offset of its left matrix, and index of its right matrix. */
  private int[] lhsOffsets;
  private int[] rhsIndex;
  private float[] packed;
  private float[] zeroBias;
  private GemmSplit split;
  private float[][] tiles;
  private final ParallelTask task = this::runTask;
  private float[] in;
  private int inOff;
  private float[] out;
  private int outOff;
  /** The integer path, for int8 and int16 operands; null on float32. */
  private QuantizedBatchMatMul quantized;
  /** Float input with int8 weights: the dynamic-range kernel ({@link HybridBatchMatMul}). */
  private Kernel hybrid;

  BatchMatMul(Sgemm gemm) {
    this.gemm = gemm;
  }

  @Override
  public void prepare(Node node) {
    hybrid = HybridBatchMatMul.prepareIfHybrid(node, hybrid, gemm);
    if (hybrid != null) {
      return;
    }
    node.checkArity(2, 2, 1);
    lhs = node.input(0);
    rhs = node.input(1);
    output = node.output(0);
    node.checkType(lhs, "lhs", DataType.FLOAT32, DataType.INT8, DataType.INT16);
    boolean integer = lhs.dataType() != DataType.FLOAT32;
    if (!integer) {
      node.checkType(rhs, "rhs", DataType.FLOAT32);
      node.checkType(output, "output", DataType.FLOAT32);
    }
    BatchMatMulOptions options =
        node.options(new BatchMatMulOptions(), BuiltinOptions.BatchMatMulOptions);
    adjX = options != null && options.adjX();
    adjY = options != null && options.adjY();
    int[] a = lhs.shape();
    int[] b = rhs.shape();
    for (int[] shape : new int[][] {a, b}) {
      if (shape.length < 2 || shape.length > MAX_RANK) {
        throw node.invalid("operand " + Arrays.toString(shape) + " must have rank 2 to "
            + MAX_RANK);
      }
    }
    rows = adjX ? a[a.length - 1] : a[a.length - 2];
    depth = adjX ? a[a.length - 2] : a[a.length - 1];
    int rhsDepth = adjY ? b[b.length - 1] : b[b.length - 2];
    cols = adjY ? b[b.length - 2] : b[b.length - 1];
    if (depth != rhsDepth) {
      throw node.invalid("lhs " + Arrays.toString(a) + (adjX ? " (adjoint)" : "") + " and rhs "
          + Arrays.toString(b) + (adjY ? " (adjoint)" : "") + " disagree on the inner dimension");
    }
    int[] aBatch = Arrays.copyOf(a, a.length - 2);
    int[] bBatch = Arrays.copyOf(b, b.length - 2);
    int[] batch = Shapes.broadcast(node, aBatch, bBatch);
    int[] shape = Arrays.copyOf(batch, batch.length + 2);
    shape[batch.length] = rows;
    shape[batch.length + 1] = cols;
    node.resizeOutput(0, shape);

    int batches = Shapes.flatSize(batch);
    int lhsMatrix = rows * depth;
    int[] aStrides = Shapes.broadcastStrides(aBatch, batch);
    int[] bStrides = Shapes.broadcastStrides(bBatch, batch);
    lhsOffsets = new int[batches];
    rhsIndex = new int[batches];
    int[] index = new int[batch.length];
    for (int i = 0; i < batches; i++) {
      int ai = 0;
      int bi = 0;
      for (int d = 0; d < batch.length; d++) {
        ai += index[d] * aStrides[d];
        bi += index[d] * bStrides[d];
      }
      lhsOffsets[i] = ai * lhsMatrix;
      rhsIndex[i] = bi;
      for (int d = batch.length - 1; d >= 0 && ++index[d] == batch[d]; d--) {
        index[d] = 0;
      }
    }
    rhsBatches = Shapes.flatSize(bBatch);
    quantized = null;
    if (integer) {
      quantized = QuantizedBatchMatMul.prepare(node, lhs, rhs, output, adjX, adjY, rows, cols,
          depth, lhsOffsets, rhsIndex, rhsBatches);
      return;
    }
    packedPerBatch = ConvChecks.size(node, "packed rhs", gemm.packedSize(depth, cols));
    packed = new float[ConvChecks.size(node, "packed rhs", (long) packedPerBatch * rhsBatches)];
    if (rhs.isConstant()) {
      packRhs(rhs.constantData().asFloatBuffer(), null, 0);
    }
    zeroBias = new float[gemm.panels(cols) * gemm.panelWidth()];
    int tile = gemm.rowTile();
    int maxRows = Math.min(MAX_ROWS,
        Math.max(tile, A_BLOCK_FLOATS / Math.max(1, depth) / tile * tile));
    int threads = node.threadCount();
    split = new GemmSplit(rows, gemm.panels(cols), tile, threads, maxRows);
    tiles = new float[threads][gemm.tileSize()];
  }

  private void packRhs(FloatBuffer constant, float[] values, int offset) {
    int matrix = depth * cols;
    int sk = adjY ? 1 : cols;
    int sn = adjY ? depth : 1;
    for (int i = 0; i < rhsBatches; i++) {
      if (constant != null) {
        gemm.pack(constant, i * matrix, sk, sn, depth, cols, packed, i * packedPerBatch);
      } else {
        gemm.pack(values, offset + i * matrix, sk, sn, depth, cols, packed,
            i * packedPerBatch);
      }
    }
  }

  @Override
  public void eval(Node node) {
    if (hybrid != null) {
      hybrid.eval(node);
      return;
    }
    if (output.numElements() == 0) {
      return;
    }
    if (quantized != null) {
      quantized.run(node);
      return;
    }
    if (!rhs.isConstant()) {
      packRhs(null, rhs.floats(), rhs.offset());
    }
    in = lhs.floats();
    inOff = lhs.offset();
    out = output.floats();
    outOff = output.offset();
    node.parallelFor(lhsOffsets.length * split.tasks(), task);
  }

  private void runTask(int index, int thread) {
    int perBatch = split.tasks();
    int batch = index / perBatch;
    int t = index % perBatch;
    int r0 = t / split.panelBlocks * split.rowBlock;
    int count = Math.min(split.rowBlock, rows - r0);
    int p0 = t % split.panelBlocks * split.panelBlock;
    int p1 = Math.min(gemm.panels(cols), p0 + split.panelBlock);
    if (count <= 0 || p0 >= p1) {
      return;
    }
    // A[r][i] is lhs[r][i], or lhs[i][r] for adj_x.
    int lda = adjX ? 1 : depth;
    int ks = adjX ? rows : 1;
    gemm.multiply(in, inOff + lhsOffsets[batch] + r0 * lda, lda, ks, count, depth, packed,
        rhsIndex[batch] * packedPerBatch, p0, p1, cols, zeroBias, 0, Float.NEGATIVE_INFINITY,
        Float.POSITIVE_INFINITY, out, outOff + (batch * rows + r0) * cols, cols, tiles[thread]);
  }
}
