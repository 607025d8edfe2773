package dev.jlite.engine.kernels;

import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BatchMatMulOptions;
import dev.jlite.schema.model.BuiltinOptions;
import java.util.Arrays;

/**
 * BATCH_MATMUL with a float32 left side and an int8 right side (TFLite's {@code EvalHybrid}):
 * every row of every left matrix (a column for {@code adj_x}) is quantized on its own,
 * asymmetrically when the options say {@code asymmetric_quantize_inputs}; the products with the
 * right side are exact integers, scaled back as {@code dot * row_scale * weight_scale}. The right
 * side has one scale or one per output column. Batch dimensions broadcast as in the float op;
 * the products run on the float GEMM, exactly ({@link HybridGemm}).
 *
 * <p>Two details follow TFLite 2.19's reference hybrid kernel, because they change results:
 * without {@code adj_x}, a right side of shape {@code [..., 1, K, N]} makes the left side's last
 * three dimensions one matrix of {@code Q * R} rows; and the scale and zero point of a left row
 * (and the weight row sums of the zero-point correction) are found at TFLite's offsets, which
 * step by one matrix per batch index in every batch dimension, so with two or more batch
 * dimensions above 1 a row borrows another row's scale, as in TFLite. The correction itself is
 * done as TFLite does it, in float: {@code (int) ((float) dot - row_sum * zero_point)}.
 *
 * <p>With {@code adj_x} and such a right side, TFLite folds the batch into the rows of the
 * transposed matrix and reads mismatched elements; this kernel computes the product instead.
 */
final class HybridBatchMatMul implements Kernel {
  private static final int MAX_RANK = 5;
  private static final int A_BLOCK_FLOATS = 64 * 1024;
  private static final int MAX_ROWS = 512;

  private Tensor lhs;
  private Tensor rhs;
  private Tensor output;
  private boolean adjX;
  private boolean adjY;
  private boolean asymmetric;
  private int rows;
  private int cols;
  private int depth;
  private int lhsBatches;
  private int rhsBatches;
  /** Per output batch: index of its left and of its right matrix. */
  private int[] lhsIndex;
  private int[] rhsIndex;
  private float[] scales;
  private byte[] raw;
  private final Sgemm gemm;
  private HybridGemm rhsGemm;
  /** All left rows quantized, each value minus its row's zero point. */
  private int[] quantized;
  /** The same values as floats: the GEMM's left operand. */
  private float[] quantizedFloats;
  private float[] rowScales;
  /** The zero point of each quantized left row (0 when symmetric). */
  private int[] zeroPoints;
  /** Per right matrix and output column: the sum of its weights. */
  private int[] rowSums;
  /** Per output batch: where TFLite finds its rows' scales, and its columns' row sums. */
  private int[] scaleBase;
  private int[] sumBase;
  /** One left column (a row of the product with {@code adj_x}). */
  private float[] column;
  private GemmSplit split;
  private int[][] accumulators;
  private float[][] scratch;
  private float[][] tiles;
  private final ParallelTask task = this::runTask;
  private float[] out;
  private int outOff;

  private HybridBatchMatMul(Sgemm gemm) {
    this.gemm = gemm;
  }

  /** Prepares the hybrid kernel when the node is hybrid, else returns null (float path). */
  static Kernel prepareIfHybrid(Node node, Kernel previous, Sgemm gemm) {
    if (!HybridQuantization.applies(node, 1)) {
      return null;
    }
    Kernel kernel = previous != null ? previous : new HybridBatchMatMul(gemm);
    kernel.prepare(node);
    return kernel;
  }

  @Override
  public void prepare(Node node) {
    node.checkArity(2, 2, 1);
    lhs = node.input(0);
    rhs = node.input(1);
    output = node.output(0);
    HybridQuantization.checkFloat(node, lhs, output, null);
    BatchMatMulOptions options =
        node.options(new BatchMatMulOptions(), BuiltinOptions.BatchMatMulOptions);
    adjX = options != null && options.adjX();
    adjY = options != null && options.adjY();
    asymmetric = options != null && options.asymmetricQuantizeInputs();
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
    scales = HybridQuantization.weightScales(node, rhs, cols,
        adjY ? b.length - 2 : b.length - 1);
    int[] shape = Shapes.broadcast(node, Arrays.copyOf(a, a.length - 2),
        Arrays.copyOf(b, b.length - 2));
    shape = Arrays.copyOf(shape, shape.length + 2);
    shape[shape.length - 2] = rows;
    shape[shape.length - 1] = cols;
    node.resizeOutput(0, shape);

    // TFLite's compression: rhs [..., 1, K, N] turns lhs [..., Q, R, K] into [..., Q * R, K].
    boolean compress = !adjX && a.length > 2 && b.length > 2 && b[b.length - 3] == 1;
    int drop = compress ? 3 : 2;
    if (compress) {
      rows *= a[a.length - 3];
    }
    int[] aBatch = Arrays.copyOf(a, a.length - drop);
    int[] bBatch = Arrays.copyOf(b, b.length - drop);
    int[] batch = Shapes.broadcast(node, aBatch, bBatch);
    int batches = Shapes.flatSize(batch);
    int[] aStrides = Shapes.broadcastStrides(aBatch, batch);
    int[] bStrides = Shapes.broadcastStrides(bBatch, batch);
    lhsIndex = new int[batches];
    rhsIndex = new int[batches];
    scaleBase = new int[batches];
    sumBase = new int[batches];
    int[] index = new int[batch.length];
    for (int i = 0; i < batches; i++) {
      for (int d = 0; d < batch.length; d++) {
        lhsIndex[i] += index[d] * aStrides[d];
        rhsIndex[i] += index[d] * bStrides[d];
        // TFLite steps one matrix per index in each non-broadcast dimension.
        int da = d - (batch.length - aBatch.length);
        int db = d - (batch.length - bBatch.length);
        scaleBase[i] += da >= 0 && aBatch[da] != 1 ? index[d] * rows : 0;
        sumBase[i] += db >= 0 && bBatch[db] != 1 ? index[d] * cols : 0;
      }
      for (int d = batch.length - 1; d >= 0 && ++index[d] == batch[d]; d--) {
        index[d] = 0;
      }
    }
    lhsBatches = Shapes.flatSize(aBatch);
    rhsBatches = Shapes.flatSize(bBatch);
    raw = new byte[ConvChecks.size(node, "rhs", (long) rhsBatches * depth * cols)];
    rhsGemm = new HybridGemm(node, gemm, depth, cols, rhsBatches);
    rowSums = new int[rhsBatches * cols];
    if (rhs.isConstant()) {
      loadRhs();
    }
    quantized = new int[ConvChecks.size(node, "quantized lhs",
        (long) lhsBatches * rows * depth)];
    quantizedFloats = new float[quantized.length];
    rowScales = new float[lhsBatches * rows];
    zeroPoints = new int[lhsBatches * rows];
    column = new float[adjX ? depth : 0];
    int threads = node.threadCount();
    int tile = gemm.rowTile();
    int maxRows = Math.min(MAX_ROWS,
        Math.max(tile, A_BLOCK_FLOATS / Math.max(1, depth) / tile * tile));
    split = new GemmSplit(rows, gemm.panels(cols), tile, threads, maxRows);
    int block = ConvChecks.size(node, "accumulators", (long) split.rowBlock * cols);
    accumulators = new int[threads][block];
    scratch = new float[threads][block];
    tiles = new float[threads][gemm.tileSize()];
  }

  private void loadRhs() {
    HybridQuantization.read(rhs, raw);
    int matrix = depth * cols;
    // B[k][n] is rhs[k][n], or rhs[n][k] with adj_y.
    int sk = adjY ? 1 : cols;
    int sn = adjY ? depth : 1;
    for (int i = 0; i < rhsBatches; i++) {
      int base = i * matrix;
      rhsGemm.pack(raw, base, sk, sn, i);
      for (int n = 0; n < cols; n++) {
        int sum = 0;
        for (int k = 0; k < depth; k++) {
          sum += raw[base + k * sk + n * sn];
        }
        rowSums[i * cols + n] = sum;
      }
    }
  }

  @Override
  public void eval(Node node) {
    if (output.numElements() == 0) {
      return;
    }
    if (!rhs.isConstant()) {
      loadRhs();
    }
    float[] in = lhs.floats();
    int inOff = lhs.offset();
    for (int i = 0; i < lhsBatches; i++) {
      for (int r = 0; r < rows; r++) {
        int row = i * rows + r;
        float scale;
        if (adjX) {
          // The row is a column of the stored matrix: gather it first.
          int base = inOff + i * rows * depth + r;
          for (int k = 0; k < depth; k++) {
            column[k] = in[base + k * rows];
          }
          scale = quantizeRow(column, 0, row * depth);
        } else {
          scale = quantizeRow(in, inOff + row * depth, row * depth);
        }
        // TFLite folds a per-tensor weight scale into the row's scale first.
        rowScales[row] = scales.length == 1 ? scale * scales[0] : scale;
      }
    }
    HybridGemm.toFloats(quantized, 0, quantized.length, quantizedFloats, 0);
    out = output.floats();
    outOff = output.offset();
    node.parallelFor(lhsIndex.length * split.tasks(), task);
  }

  private float quantizeRow(float[] values, int offset, int q) {
    return asymmetric
        ? HybridQuantization.asymmetric(values, offset, depth, quantized, q, zeroPoints, q / depth)
        : HybridQuantization.symmetric(values, offset, depth, quantized, q);
  }

  private void runTask(int index, int thread) {
    int batch = index / split.tasks();
    int t = index % split.tasks();
    int r0 = t / split.panelBlocks * split.rowBlock;
    int count = Math.min(split.rowBlock, rows - r0);
    int p0 = t % split.panelBlocks * split.panelBlock;
    int p1 = Math.min(gemm.panels(cols), p0 + split.panelBlock);
    if (count <= 0 || p0 >= p1) {
      return;
    }
    int[] acc = accumulators[thread];
    int matrix = rhsIndex[batch];
    rhsGemm.multiply(quantizedFloats, (lhsIndex[batch] * rows + r0) * depth, depth, count,
        matrix, p0, p1, acc, cols, scratch[thread], tiles[thread]);
    int n0 = p0 * gemm.panelWidth();
    int n1 = Math.min(cols, p1 * gemm.panelWidth());
    boolean perChannel = scales.length > 1;
    for (int i = 0; i < count; i++) {
      int r = r0 + i;
      int row = lhsIndex[batch] * rows + r;
      int trueZeroPoint = zeroPoints[row];
      int used = scaleBase[batch] + r;
      float rowScale = rowScales[used];
      float zeroPoint = zeroPoints[used];
      int o = outOff + (batch * rows + r) * cols;
      for (int n = n0; n < n1; n++) {
        int dot = acc[i * cols + n] + trueZeroPoint * rowSums[matrix * cols + n];
        int total = (int) ((float) dot - rowSums[sumBase[batch] + n] * zeroPoint);
        out[o + n] = (perChannel ? rowScale * scales[n] : rowScale) * total;
      }
    }
  }
}
