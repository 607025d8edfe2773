package dev.jlite.engine.kernels;

import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.Conv2DOptions;
import java.util.Arrays;

/**
 * CONV_2D with float32 input and output and int8 filters (TFLite's {@code EvalHybrid} and
 * {@code EvalHybridPerChannel}). Each batch image is quantized as one block: symmetrically when
 * the filter has one scale (or per-channel scales that are all equal, which TFLite treats the
 * same), asymmetrically when the per-channel scales differ. Every output pixel is then an exact
 * integer dot product of its receptive field (padding contributes nothing) with the filter,
 * scaled back as {@code dot * image_scale * filter_scale + bias} and clamped by the fused
 * activation. The products run on the float GEMM, exactly ({@link HybridGemm}); blocks of output
 * pixels and of channels are split across threads.
 */
final class HybridConv2D implements Kernel {
  private static final int A_BLOCK_FLOATS = 64 * 1024;
  private static final int MAX_ROWS = 512;

  private Tensor input;
  private Tensor filter;
  private Tensor bias;
  private Tensor output;
  private int batches;
  private int inH;
  private int inW;
  private int inC;
  private int outH;
  private int outW;
  private int outC;
  private int filterH;
  private int filterW;
  private int strideH;
  private int strideW;
  private int dilationH;
  private int dilationW;
  private int padH;
  private int padW;
  private int depth;
  private int imageSize;
  private float min;
  private float max;
  /** Per-channel scales that differ: asymmetric input quantization and a scale per channel. */
  private boolean perChannel;
  private float[] scales;
  private boolean direct;
  private byte[] raw;
  private final Sgemm gemm;
  private HybridGemm filterGemm;
  private float[] biasValues;
  /** The quantized batch images, each value minus its image's zero point. */
  private int[] quantized;
  /** The same values as floats: the GEMM's left operand (rows of pixels). */
  private float[] quantizedFloats;
  private float[] imageScales;
  private GemmSplit split;
  /** Per thread: the receptive fields of a block of output pixels. */
  private float[][] fields;
  private int[][] accumulators;
  private float[][] scratch;
  private float[][] tiles;
  private int pixels;
  private final ParallelTask task = this::runTask;
  private float[] out;
  private int outOff;

  private HybridConv2D(Sgemm gemm) {
    this.gemm = gemm;
  }

  /** Prepares the hybrid kernel when the node is hybrid, else returns null (float path). */
  static Kernel prepareIfHybrid(Node node, Kernel previous, Sgemm gemm) {
    if (!HybridQuantization.applies(node, 1)) {
      return null;
    }
    Kernel kernel = previous != null ? previous : new HybridConv2D(gemm);
    kernel.prepare(node);
    return kernel;
  }

  @Override
  public void prepare(Node node) {
    node.checkArity(2, 3, 1);
    input = node.input(0);
    filter = node.input(1);
    bias = node.input(2);
    output = node.output(0);
    HybridQuantization.checkFloat(node, input, output, bias);
    ConvChecks.rank(node, input, "input", 4);
    ConvChecks.rank(node, filter, "filter", 4);
    Conv2DOptions options = node.options(new Conv2DOptions(), BuiltinOptions.Conv2DOptions);
    if (options == null) {
      throw node.invalid("Conv2DOptions are missing");
    }
    byte padding = ConvPadding.check(node, options.padding());
    strideH = options.strideH();
    strideW = options.strideW();
    dilationH = options.dilationHFactor();
    dilationW = options.dilationWFactor();
    ConvPadding.checkPositive(node, "stride_h", strideH);
    ConvPadding.checkPositive(node, "stride_w", strideW);
    ConvPadding.checkPositive(node, "dilation_h_factor", dilationH);
    ConvPadding.checkPositive(node, "dilation_w_factor", dilationW);
    FusedActivation activation = FusedActivation.of(node, options.fusedActivationFunction());
    min = activation.min;
    max = activation.max;
    batches = input.dim(0);
    inH = input.dim(1);
    inW = input.dim(2);
    inC = input.dim(3);
    outC = filter.dim(0);
    filterH = filter.dim(1);
    filterW = filter.dim(2);
    if (filterH < 1 || filterW < 1 || outC < 1) {
      throw node.invalid("filter " + Arrays.toString(filter.shape()) + " is empty");
    }
    if (inC < 1 || filter.dim(3) != inC) {
      throw node.invalid("filter " + Arrays.toString(filter.shape()) + " must have the "
          + inC + " input channels of " + Arrays.toString(input.shape())
          + " (grouped hybrid convolution is not supported)");
    }
    if (bias != null && bias.numElements() != outC) {
      throw node.invalid("bias " + Arrays.toString(bias.shape()) + " has "
          + bias.numElements() + " values for " + outC + " output channels");
    }
    scales = HybridQuantization.weightScales(node, filter, outC, 0);
    perChannel = false;
    for (float s : scales) {
      perChannel |= s != scales[0];
    }
    depth = ConvChecks.product(node, "filter window", filterH, filterW, inC);
    imageSize = ConvChecks.product(node, "input image", inH, inW, inC);
    outH = ConvPadding.outputSize(padding, inH, filterH, strideH, dilationH);
    outW = ConvPadding.outputSize(padding, inW, filterW, strideW, dilationW);
    padH = ConvPadding.before(inH, filterH, strideH, dilationH, outH);
    padW = ConvPadding.before(inW, filterW, strideW, dilationW, outW);
    node.resizeOutput(0, batches, outH, outW, outC);
    pixels = output.numElements() / outC;
    direct = filterH == 1 && filterW == 1 && strideH == 1 && strideW == 1;

    raw = new byte[ConvChecks.size(node, "filter", (long) outC * depth)];
    filterGemm = new HybridGemm(node, gemm, depth, outC, 1);
    if (filter.isConstant()) {
      loadFilter();
    }
    biasValues = HybridQuantization.bias(bias, outC);
    quantized = new int[ConvChecks.size(node, "quantized input", (long) batches * imageSize)];
    quantizedFloats = new float[quantized.length];
    imageScales = new float[batches];
    int threads = node.threadCount();
    int tile = gemm.rowTile();
    int maxRows = Math.min(MAX_ROWS, Math.max(tile, A_BLOCK_FLOATS / depth / tile * tile));
    split = new GemmSplit(pixels, gemm.panels(outC), tile, threads, maxRows);
    fields = new float[threads][direct ? 0
        : ConvChecks.size(node, "im2col buffer", (long) split.rowBlock * depth)];
    int block = ConvChecks.size(node, "accumulators", (long) split.rowBlock * outC);
    accumulators = new int[threads][block];
    scratch = new float[threads][block];
    tiles = new float[threads][gemm.tileSize()];
  }

  private void loadFilter() {
    HybridQuantization.read(filter, raw);
    // B[k][c] = filter[c][k].
    filterGemm.pack(raw, 0, 1, depth, 0);
  }

  @Override
  public void eval(Node node) {
    if (pixels == 0) {
      return;
    }
    if (!filter.isConstant()) {
      loadFilter();
    }
    HybridQuantization.refreshBias(bias, biasValues);
    float[] in = input.floats();
    int inOff = input.offset();
    for (int b = 0; b < batches; b++) {
      int off = inOff + b * imageSize;
      if (perChannel) {
        imageScales[b] = HybridQuantization.asymmetric(in, off, imageSize, quantized,
            b * imageSize);
      } else {
        imageScales[b] = HybridQuantization.symmetric(in, off, imageSize, quantized,
            b * imageSize) * scales[0];
      }
    }
    HybridGemm.toFloats(quantized, 0, quantized.length, quantizedFloats, 0);
    out = output.floats();
    outOff = output.offset();
    node.parallelFor(split.tasks(), task);
  }

  private void runTask(int index, int thread) {
    int p0 = index / split.panelBlocks * split.rowBlock;
    int count = Math.min(split.rowBlock, pixels - p0);
    int q0 = index % split.panelBlocks * split.panelBlock;
    int q1 = Math.min(gemm.panels(outC), q0 + split.panelBlock);
    if (count <= 0 || q0 >= q1) {
      return;
    }
    int[] acc = accumulators[thread];
    if (direct) {
      filterGemm.multiply(quantizedFloats, p0 * inC, inC, count, 0, q0, q1, acc, outC,
          scratch[thread], tiles[thread]);
    } else {
      float[] block = fields[thread];
      for (int r = 0; r < count; r++) {
        gather(p0 + r, block, r * depth);
      }
      filterGemm.multiply(block, 0, depth, count, 0, q0, q1, acc, outC, scratch[thread],
          tiles[thread]);
    }
    int c0 = q0 * gemm.panelWidth();
    int c1 = Math.min(outC, q1 * gemm.panelWidth());
    int perImage = outH * outW;
    for (int r = 0; r < count; r++) {
      int p = p0 + r;
      float imageScale = imageScales[p / perImage];
      int o = outOff + p * outC;
      int a = r * outC;
      for (int c = c0; c < c1; c++) {
        float scale = perChannel ? scales[c] * imageScale : imageScale;
        out[o + c] = Math.max(min, Math.min(max, acc[a + c] * scale + biasValues[c]));
      }
    }
  }

  /** The receptive field of output pixel {@code p}, zeros where it falls in the padding. */
  private void gather(int p, float[] field, int k0) {
    int perImage = outH * outW;
    int b = p / perImage;
    int y0 = p % perImage / outW * strideH - padH;
    int x0 = p % outW * strideW - padW;
    int image = b * imageSize;
    int k = k0;
    for (int fy = 0; fy < filterH; fy++) {
      int y = y0 + fy * dilationH;
      for (int fx = 0; fx < filterW; fx++, k += inC) {
        int x = x0 + fx * dilationW;
        if (y < 0 || y >= inH || x < 0 || x >= inW) {
          Arrays.fill(field, k, k + inC, 0f);
        } else {
          System.arraycopy(quantizedFloats, image + (y * inW + x) * inC, field, k, inC);
        }
      }
    }
  }
}
