package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.QuantizationParams;
import dev.jlite.engine.Tensor;
import java.nio.ByteBuffer;

/**
 * The quantized path of BATCH_MATMUL, on the geometry {@link BatchMatMul} derives (rows, depth,
 * columns, the broadcast pairing of batches): int8 and int16 per-tensor operands, as TFLite's
 * builtin kernels compute them.
 *
 * <p>int8 goes through TFLite's optimized kernel, a ruy GEMM: exact int32 sums of {@code (lhs -
 * zero point) * (rhs - zero point)} (wrapping), scaled by ruy's fixed-point multiplier (whose
 * final shift rounds ties upward, {@link ConvQuantization#ruyMultiply}), offset and clamped to
 * int8. int16 (zero points 0) goes through TFLite's reference kernel: 64-bit sums and the 64-bit
 * MultiplyByQuantizedMultiplier. The multiplier is {@code lhs scale * rhs scale} (a float
 * product, as TFLite's GetQuantizedConvolutionMultipler) over the output scale; there is no fused
 * activation.
 */
final class QuantizedBatchMatMul {
  private final Tensor lhs;
  private final Tensor rhs;
  private final Tensor output;
  private final boolean wide;
  private final boolean adjX;
  private final boolean adjY;
  private final int rows;
  private final int cols;
  private final int depth;
  private final int[] lhsOffsets;
  private final int[] rhsIndex;
  private final int lhsZeroPoint;
  private final int rhsZeroPoint;
  private final int outputZeroPoint;
  private final int mantissa;
  private final int shift;
  private final int min;
  private final int max;
  /** lhs values minus their zero point, in the tensor's layout; refreshed every run. */
  private final int[] a;
  /** Each right matrix transposed to [cols][depth], minus its zero point. */
  private final int[] b;
  private final ParallelTask rowTask = this::row;

  private QuantizedBatchMatMul(Node node, Tensor lhs, Tensor rhs, Tensor output, boolean adjX,
      boolean adjY, int rows, int cols, int depth, int[] lhsOffsets, int[] rhsIndex,
      int rhsBatches) {
    this.lhs = lhs;
    this.rhs = rhs;
    this.output = output;
    this.wide = lhs.dataType() == DataType.INT16;
    this.adjX = adjX;
    this.adjY = adjY;
    this.rows = rows;
    this.cols = cols;
    this.depth = depth;
    this.lhsOffsets = lhsOffsets;
    this.rhsIndex = rhsIndex;
    lhsZeroPoint = lhs.quantizationParams().zeroPoint();
    rhsZeroPoint = rhs.quantizationParams().zeroPoint();
    outputZeroPoint = output.quantizationParams().zeroPoint();
    double real = (double) (lhs.quantizationParams().scale() * rhs.quantizationParams().scale())
        / output.quantizationParams().scale();
    FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(real);
    mantissa = m.mantissa();
    shift = m.shift();
    min = PerTensorQuantization.min(lhs.dataType());
    max = PerTensorQuantization.max(lhs.dataType());
    a = new int[lhs.numElements()];
    b = new int[ConvChecks.size(node, "rhs", (long) rhsBatches * depth * cols)];
    if (rhs.isConstant()) {
      readRhs();
    }
  }

  /**
   * Checks the operands' types and quantization (TFLite's BatchMatMul Prepare) and prepares the
   * integer path for the geometry the float kernel derived.
   */
  static QuantizedBatchMatMul prepare(Node node, Tensor lhs, Tensor rhs, Tensor output,
      boolean adjX, boolean adjY, int rows, int cols, int depth, int[] lhsOffsets,
      int[] rhsIndex, int rhsBatches) {
    DataType type = lhs.dataType();
    node.checkType(rhs, "rhs", type);
    node.checkType(output, "output", type);
    PerTensorQuantization.check(node, lhs, "lhs");
    PerTensorQuantization.check(node, rhs, "rhs");
    PerTensorQuantization.check(node, output, "output");
    if (type == DataType.INT16) {
      for (Tensor t : new Tensor[] {lhs, rhs, output}) {
        QuantizationParams q = t.quantizationParams();
        if (q.zeroPoint() != 0) {
          throw node.invalid("int16 operands and output need zero point 0, tensor " + t.index()
              + " has " + q.zeroPoint());
        }
      }
    }
    return new QuantizedBatchMatMul(node, lhs, rhs, output, adjX, adjY, rows, cols, depth,
        lhsOffsets, rhsIndex, rhsBatches);
  }

  /** Transposes every right matrix to [cols][depth] and subtracts the zero point. */
  private void readRhs() {
    int matrix = depth * cols;
    int batches = b.length / Math.max(1, matrix);
    ByteBuffer constant = rhs.isConstant() ? rhs.constantData() : null;
    short[] shorts = wide && constant == null ? rhs.shorts() : null;
    byte[] bytes = !wide && constant == null ? rhs.bytes() : null;
    int offset = rhs.offset();
    for (int i = 0; i < batches; i++) {
      for (int k = 0; k < depth; k++) {
        for (int c = 0; c < cols; c++) {
          // B[k][c] is rhs[k][c], or rhs[c][k] for adj_y.
          int src = i * matrix + (adjY ? c * depth + k : k * cols + c);
          int v;
          if (constant != null) {
            v = wide ? constant.getShort(2 * src) : constant.get(src);
          } else {
            v = wide ? shorts[offset + src] : bytes[offset + src];
          }
          b[i * matrix + c * depth + k] = v - rhsZeroPoint;
        }
      }
    }
  }

  void run(Node node) {
    if (!rhs.isConstant()) {
      readRhs();
    }
    int n = a.length;
    int offset = lhs.offset();
    if (wide) {
      short[] x = lhs.shorts();
      for (int i = 0; i < n; i++) {
        a[i] = x[offset + i] - lhsZeroPoint;
      }
    } else {
      byte[] x = lhs.bytes();
      for (int i = 0; i < n; i++) {
        a[i] = x[offset + i] - lhsZeroPoint;
      }
    }
    node.parallelFor(lhsOffsets.length * rows, rowTask);
  }

  /** Output row {@code index}: row {@code index % rows} of batch {@code index / rows}. */
  private void row(int index, int thread) {
    int batch = index / rows;
    int r = index % rows;
    // A[r][k] is lhs[r][k], or lhs[k][r] for adj_x.
    int a0 = lhsOffsets[batch] + (adjX ? r : r * depth);
    int ks = adjX ? rows : 1;
    int b0 = rhsIndex[batch] * depth * cols;
    int o = output.offset() + index * cols;
    if (wide) {
      short[] y = output.shorts();
      for (int c = 0, bc = b0; c < cols; c++, bc += depth) {
        long sum = 0;
        for (int k = 0, ak = a0; k < depth; k++, ak += ks) {
          sum += a[ak] * b[bc + k];
        }
        int scaled = FixedPoint.multiplyByQuantizedMultiplier(sum, mantissa, shift);
        y[o + c] = (short) Math.max(min, Math.min(max, scaled + outputZeroPoint));
      }
    } else {
      byte[] y = output.bytes();
      for (int c = 0, bc = b0; c < cols; c++, bc += depth) {
        int sum = 0;
        for (int k = 0, ak = a0; k < depth; k++, ak += ks) {
          sum += a[ak] * b[bc + k];
        }
        int scaled = ConvQuantization.ruyMultiply(sum, mantissa, shift);
        y[o + c] = (byte) Math.max(min, Math.min(max, scaled + outputZeroPoint));
      }
    }
  }
}
