package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.Padding;
import dev.jlite.schema.model.Pool2DOptions;

/**
 * Two-dimensional pooling over NHWC tensors: AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D, float32,
 * and the first two on uint8, int8 and int16. As in TFLite, windows are clipped to the input, so
 * the average and the L2 norm divide by the number of in-bounds elements, and padding never
 * contributes a value. The quantized kernels work on the stored integers (TFLite expects input
 * and output to share scale and zero point, and ignores them): the average rounds half away from
 * zero in integers, and the fused activation clamps to its bounds quantized with the output's
 * parameters.
 */
final class PoolKernels {
  private PoolKernels() {}

  enum Kind { AVERAGE, MAX, L2 }

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.AVERAGE_POOL_2D, () -> new Pool(Kind.AVERAGE));
    builder.addBuiltin(BuiltinOperator.MAX_POOL_2D, () -> new Pool(Kind.MAX));
    builder.addBuiltin(BuiltinOperator.L2_POOL_2D, () -> new Pool(Kind.L2));
  }

  /**
   * Output size and leading padding of one spatial dimension, as TFLite's padding helpers compute
   * them (SAME: ceil(in / stride), VALID: (in + stride - filter) / stride; the padding is the floor
   * of half the total, the extra element going to the end).
   */
  static int[] window(Node node, String dim, byte padding, int in, int filter, int stride) {
    long out = switch (padding) {
      case Padding.SAME -> ((long) in + stride - 1) / stride;
      case Padding.VALID -> ((long) in + stride - filter) / stride;
      default -> throw node.invalid("padding " + padding + " is neither SAME nor VALID");
    };
    if (out < 0) {
      throw node.invalid("filter " + dim + " " + filter + " exceeds the input " + dim + " " + in
          + " with VALID padding");
    }
    long total = Math.max(0, (out - 1) * stride + filter - in);
    return new int[] {(int) out, (int) (total / 2)};
  }

  /** One pooling node. */
  static final class Pool implements Kernel {
    private final Kind kind;
    private int batches;
    private int inHeight;
    private int inWidth;
    private int depth;
    private int outHeight;
    private int outWidth;
    private int strideH;
    private int strideW;
    private int filterH;
    private int filterW;
    private int padH;
    private int padW;
    private FusedActivation activation;
    private DataType type;
    private int activationMin;
    private int activationMax;
    private Tensor input;
    private Tensor output;
    private final ParallelTask rows = (row, thread) -> poolRow(row);
    private final ParallelTask quantizedRows = (row, thread) -> poolQuantizedRow(row);

    Pool(Kind kind) {
      this.kind = kind;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      input = node.input(0);
      output = node.output(0);
      if (kind == Kind.L2) {
        node.checkType(input, "input", DataType.FLOAT32);
      } else {
        node.checkType(input, "input", DataType.FLOAT32, DataType.UINT8, DataType.INT8,
            DataType.INT16);
      }
      node.checkType(output, "output", input.dataType());
      type = input.dataType();
      if (input.numDimensions() != 4) {
        throw node.invalid("input must have rank 4 (NHWC), has rank " + input.numDimensions());
      }
      Pool2DOptions o = node.options(new Pool2DOptions(), BuiltinOptions.Pool2DOptions);
      if (o == null) {
        throw node.invalid("Pool2DOptions are missing");
      }
      strideH = o.strideH();
      strideW = o.strideW();
      filterH = o.filterHeight();
      filterW = o.filterWidth();
      if (strideH <= 0 || strideW <= 0) {
        throw node.invalid("stride " + strideH + "x" + strideW + " must be positive");
      }
      if (filterH <= 0 || filterW <= 0) {
        throw node.invalid("filter size " + filterH + "x" + filterW + " must be positive");
      }
      activation = FusedActivation.of(node, o.fusedActivationFunction());
      if (type != DataType.FLOAT32) {
        PerTensorQuantization.check(node, input, "input");
        PerTensorQuantization.check(node, output, "output");
        int[] range = PerTensorQuantization.activationRange(node, o.fusedActivationFunction(),
            output);
        activationMin = range[0];
        activationMax = range[1];
      }
      batches = input.dim(0);
      inHeight = input.dim(1);
      inWidth = input.dim(2);
      depth = input.dim(3);
      int[] h = window(node, "height", o.padding(), inHeight, filterH, strideH);
      int[] w = window(node, "width", o.padding(), inWidth, filterW, strideW);
      outHeight = h[0];
      padH = h[1];
      outWidth = w[0];
      padW = w[1];
      node.resizeOutput(0, batches, outHeight, outWidth, depth);
    }

    @Override
    public void eval(Node node) {
      node.parallelFor(batches * outHeight, type == DataType.FLOAT32 ? rows : quantizedRows);
    }

    /** Computes output row {@code row} (batch-major) of every channel. */
    private void poolRow(int row) {
      float[] in = input.floats();
      float[] out = output.floats();
      int b = row / outHeight;
      int oy = row % outHeight;
      int originY = oy * strideH - padH;
      int yStart = Math.max(0, -originY);
      int yEnd = Math.min(filterH, inHeight - originY);
      int inBatch = input.offset() + b * inHeight * inWidth * depth;
      int o = output.offset() + row * outWidth * depth;
      for (int ox = 0; ox < outWidth; ox++) {
        int originX = ox * strideW - padW;
        int xStart = Math.max(0, -originX);
        int xEnd = Math.min(filterW, inWidth - originX);
        for (int c = 0; c < depth; c++, o++) {
          float acc = kind == Kind.MAX ? -Float.MAX_VALUE : 0f;
          int count = 0;
          for (int fy = yStart; fy < yEnd; fy++) {
            int base = inBatch + ((originY + fy) * inWidth + originX) * depth + c;
            for (int fx = xStart; fx < xEnd; fx++) {
              float v = in[base + fx * depth];
              switch (kind) {
                case AVERAGE -> acc += v;
                case MAX -> acc = Math.max(acc, v);
                case L2 -> acc += v * v;
              }
              count++;
            }
          }
          float r = switch (kind) {
            case AVERAGE -> acc / count;
            case MAX -> acc;
            case L2 -> (float) Math.sqrt(acc / count);
          };
          out[o] = activation.apply(r);
        }
      }
    }

    /**
     * Computes output row {@code row} of a uint8, int8 or int16 tensor. uint8 averages are
     * non-negative, {@code (sum + count / 2) / count}; the signed types round half away from
     * zero by subtracting instead for negative sums, as TFLite's integer kernels do.
     */
    private void poolQuantizedRow(int row) {
      boolean wide = type == DataType.INT16;
      byte[] inBytes = wide ? null : input.bytes();
      short[] inShorts = wide ? input.shorts() : null;
      byte[] outBytes = wide ? null : output.bytes();
      short[] outShorts = wide ? output.shorts() : null;
      boolean unsigned = type == DataType.UINT8;
      int lowest = PerTensorQuantization.min(type);
      int b = row / outHeight;
      int oy = row % outHeight;
      int originY = oy * strideH - padH;
      int yStart = Math.max(0, -originY);
      int yEnd = Math.min(filterH, inHeight - originY);
      int inBatch = input.offset() + b * inHeight * inWidth * depth;
      int o = row * outWidth * depth;
      for (int ox = 0; ox < outWidth; ox++) {
        int originX = ox * strideW - padW;
        int xStart = Math.max(0, -originX);
        int xEnd = Math.min(filterW, inWidth - originX);
        int count = (xEnd - xStart) * (yEnd - yStart);
        for (int c = 0; c < depth; c++, o++) {
          int acc = kind == Kind.MAX ? lowest : 0;
          for (int fy = yStart; fy < yEnd; fy++) {
            int base = inBatch + ((originY + fy) * inWidth + originX) * depth + c;
            for (int fx = xStart; fx < xEnd; fx++) {
              int i = base + fx * depth;
              int v = wide ? inShorts[i] : unsigned ? inBytes[i] & 0xff : inBytes[i];
              acc = kind == Kind.MAX ? Math.max(acc, v) : acc + v;
            }
          }
          if (kind == Kind.AVERAGE) {
            acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
          }
          int r = Math.min(Math.max(acc, activationMin), activationMax);
          if (wide) {
            outShorts[output.offset() + o] = (short) r;
          } else {
            outBytes[output.offset() + o] = (byte) r;
          }
        }
      }
    }
  }
}
