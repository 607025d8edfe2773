package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.DepthToSpaceOptions;
import dev.jlite.schema.model.SpaceToDepthOptions;
import java.util.Arrays;

/**
 * Operators that move NHWC elements between the spatial, depth and batch dimensions:
 * SPACE_TO_DEPTH and DEPTH_TO_SPACE (4-D, a block size) and SPACE_TO_BATCH_ND and
 * BATCH_TO_SPACE_ND (3-D or 4-D, per-dimension block shape with paddings or crops), for float32,
 * int32, int64, uint8, int8, int16 and bool. Block sizes below 1 and shapes the blocks do not
 * divide are rejected.
 */
final class SpaceDepthKernels {
  private SpaceDepthKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.SPACE_TO_DEPTH, () -> new SpaceDepth(true));
    builder.addBuiltin(BuiltinOperator.DEPTH_TO_SPACE, () -> new SpaceDepth(false));
    builder.addBuiltin(BuiltinOperator.SPACE_TO_BATCH_ND, () -> new SpaceBatch(true));
    builder.addBuiltin(BuiltinOperator.BATCH_TO_SPACE_ND, () -> new SpaceBatch(false));
  }

  static void checkData(Node node, int minRank, int maxRank) {
    Tensor in = node.input(0);
    node.checkType(in, "input", ElementArrays.NUMERIC);
    node.checkType(node.output(0), "output", in.dataType());
    if (in.numDimensions() < minRank || in.numDimensions() > maxRank) {
      throw node.invalid("input must have rank " + (minRank == maxRank ? minRank
          : minRank + " or " + maxRank) + ", has shape " + Arrays.toString(in.shape()));
    }
  }

  /**
   * SPACE_TO_DEPTH: out[n, h, w, (bh*b + bw)*C + c] = in[n, h*b + bh, w*b + bw, c];
   * DEPTH_TO_SPACE is its inverse. Both are one strided copy over a 6-D view.
   */
  static final class SpaceDepth implements Kernel {
    private final boolean toDepth;
    private StridedCopy copy;

    SpaceDepth(boolean toDepth) {
      this.toDepth = toDepth;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      checkData(node, 4, 4);
      int block;
      if (toDepth) {
        SpaceToDepthOptions o = node.options(new SpaceToDepthOptions(),
            BuiltinOptions.SpaceToDepthOptions);
        block = o == null ? 0 : o.blockSize();
      } else {
        DepthToSpaceOptions o = node.options(new DepthToSpaceOptions(),
            BuiltinOptions.DepthToSpaceOptions);
        block = o == null ? 0 : o.blockSize();
      }
      if (block < 1) {
        throw node.invalid("block_size " + block + " must be at least 1");
      }
      int[] s = node.input(0).shape();
      int n = s[0];
      int h = s[1];
      int w = s[2];
      int c = s[3];
      long area = (long) block * block;
      if (toDepth) {
        if (h % block != 0 || w % block != 0) {
          throw node.invalid("block_size " + block + " does not divide height " + h
              + " and width " + w);
        }
        int oh = h / block;
        int ow = w / block;
        node.resizeOutput(0, n, oh, ow, (int) Math.min(Integer.MAX_VALUE, c * area));
        int[] view = {n, oh, ow, block, block, c};
        int[] src = {h * w * c, block * w * c, block * c, w * c, c, 1};
        copy = new StridedCopy(view, src, StridedCopy.strides(view));
      } else {
        if (c % area != 0) {
          throw node.invalid("depth " + c + " is not a multiple of block_size² " + area);
        }
        int oc = (int) (c / area);
        node.resizeOutput(0, n, (int) Math.min(Integer.MAX_VALUE, (long) h * block),
            (int) Math.min(Integer.MAX_VALUE, (long) w * block), oc);
        int[] view = {n, h, block, w, block, oc};
        int[] src = {h * w * c, w * c, block * oc, c, oc, 1};
        copy = new StridedCopy(view, src, StridedCopy.strides(view));
      }
    }

    @Override
    public void eval(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      copy.run(ElementArrays.of(in), in.offset(), ElementArrays.of(out), out.offset());
    }
  }

  /**
   * SPACE_TO_BATCH_ND (pad, then spread each block position into its own batch group) and
   * BATCH_TO_SPACE_ND (the inverse, then crop). A 3-D input is handled as 4-D with width 1.
   * Output batch b' = (ph * blockW + pw) * batch + b holds the spatial positions ph, pw of each
   * block, as in TFLite.
   */
  static final class SpaceBatch extends ValueShapedKernel {
    private final boolean toBatch;
    private Object zero;
    private int batch;
    private int inH;
    private int inW;
    private int outBatch;
    private int outH;
    private int outW;
    private int depth;
    private int blockH;
    private int blockW;
    private int before;
    private int left;

    SpaceBatch(boolean toBatch) {
      super(1, 2);
      this.toBatch = toBatch;
    }

    @Override
    void check(Node node) {
      node.checkArity(3, 3, 1);
      checkData(node, 3, 4);
      int spatial = node.input(0).numDimensions() - 2;
      Tensor block = node.input(1);
      node.checkType(block, "block_shape", DataType.INT32, DataType.INT64);
      if (block.numDimensions() != 1 || block.numElements() != spatial) {
        throw node.invalid("block_shape must be a vector of " + spatial + " values, has shape "
            + Arrays.toString(block.shape()));
      }
      Tensor pads = node.input(2);
      String role = toBatch ? "paddings" : "crops";
      node.checkType(pads, role, DataType.INT32, DataType.INT64);
      int[] p = pads.shape();
      if (p.length != 2 || p[0] != spatial || p[1] != 2) {
        throw node.invalid(role + " must have shape [" + spatial + ", 2], has "
            + Arrays.toString(p));
      }
      zero = ElementArrays.zero(node.output(0));
    }

    @Override
    void configure(Node node) {
      int[] s = node.input(0).shape();
      boolean flat = s.length == 3;
      int[] blocks = intValues(node, 1, "block_shape");
      int[] p = intValues(node, 2, toBatch ? "paddings" : "crops");
      batch = s[0];
      inH = s[1];
      inW = flat ? 1 : s[2];
      depth = s[s.length - 1];
      blockH = blocks[0];
      blockW = flat ? 1 : blocks[1];
      int top = p[0];
      int bottom = p[1];
      left = flat ? 0 : p[2];
      int right = flat ? 0 : p[3];
      if (blockH < 1 || blockW < 1) {
        throw fail(node, "block_shape " + Arrays.toString(blocks) + " must be at least 1");
      }
      if (top < 0 || bottom < 0 || left < 0 || right < 0) {
        throw fail(node, (toBatch ? "paddings " : "crops ") + Arrays.toString(p)
            + " hold a negative value");
      }
      long blockArea = (long) blockH * blockW;
      before = top;
      if (toBatch) {
        long ph = (long) inH + top + bottom;
        long pw = (long) inW + left + right;
        if (ph % blockH != 0 || pw % blockW != 0) {
          throw fail(node, "padded spatial shape [" + ph + ", " + pw
              + "] is not divisible by block_shape " + Arrays.toString(blocks));
        }
        if (batch * blockArea > Integer.MAX_VALUE) {
          throw fail(node, "batch " + batch + " times block_shape " + Arrays.toString(blocks)
              + " exceeds 2^31");
        }
        outBatch = (int) (batch * blockArea);
        outH = (int) (ph / blockH);
        outW = (int) (pw / blockW);
      } else {
        if (batch % blockArea != 0) {
          throw fail(node, "batch " + batch + " is not divisible by the block_shape "
              + Arrays.toString(blocks) + " product " + blockArea);
        }
        long fullH = (long) inH * blockH;
        long fullW = (long) inW * blockW;
        if (top + bottom > fullH || left + right > fullW) {
          throw fail(node, "crops " + Arrays.toString(p) + " exceed the spatial shape ["
              + fullH + ", " + fullW + "]");
        }
        outBatch = (int) (batch / blockArea);
        outH = (int) (fullH - top - bottom);
        outW = (int) (fullW - left - right);
      }
      resize(node, 0, flat ? new int[] {outBatch, outH, depth}
          : new int[] {outBatch, outH, outW, depth});
    }

    @Override
    void run(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      Object src = ElementArrays.of(in);
      Object dst = ElementArrays.of(out);
      if (toBatch) {
        for (int b = 0; b < outBatch; b++) {
          int sourceBatch = b % batch;
          int shiftW = (b / batch) % blockW;
          int shiftH = (b / batch) / blockW;
          for (int h = 0; h < outH; h++) {
            int ih = h * blockH + shiftH - before;
            for (int w = 0; w < outW; w++) {
              int iw = w * blockW + shiftW - left;
              int d = out.offset() + ((b * outH + h) * outW + w) * depth;
              if (ih < 0 || ih >= inH || iw < 0 || iw >= inW) {
                ElementArrays.fill(dst, d, depth, zero, 0);
              } else {
                System.arraycopy(src, in.offset() + ((sourceBatch * inH + ih) * inW + iw) * depth,
                    dst, d, depth);
              }
            }
          }
        }
      } else {
        for (int b = 0; b < batch; b++) {
          int targetBatch = b % outBatch;
          int spatial = b / outBatch;
          for (int h = 0; h < inH; h++) {
            int oh = h * blockH + spatial / blockW - before;
            if (oh < 0 || oh >= outH) {
              continue;
            }
            for (int w = 0; w < inW; w++) {
              int ow = w * blockW + spatial % blockW - left;
              if (ow < 0 || ow >= outW) {
                continue;
              }
              System.arraycopy(src, in.offset() + ((b * inH + h) * inW + w) * depth, dst,
                  out.offset() + ((targetBatch * outH + oh) * outW + ow) * depth, depth);
            }
          }
        }
      }
    }
  }
}
