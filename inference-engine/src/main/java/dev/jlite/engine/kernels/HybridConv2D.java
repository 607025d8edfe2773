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
 * activation. Output pixels are split across threads.
 */
final class HybridConv2D implements Kernel {
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
  /** Filter as ints, {@code [filterH * filterW * inC][outC]}. */
  private int[] packed;
  private float[] biasValues;
  /** The quantized batch images, each value minus its image's zero point. */
  private int[] quantized;
  private float[] imageScales;
  private int[][] fields;
  private int[][] accumulators;
  private int pixels;
  private int tasks;
  private final ParallelTask task = this::runTask;
  private float[] out;
  private int outOff;

  /** Prepares the hybrid kernel when the node is hybrid, else returns null (float path). */
  static Kernel prepareIfHybrid(Node node, Kernel previous) {
    if (!HybridQuantization.applies(node, 1)) {
      return null;
    }
    Kernel kernel = previous != null ? previous : new HybridConv2D();
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

    int size = ConvChecks.size(node, "filter", (long) outC * depth);
    raw = new byte[size];
    packed = new int[size];
    if (filter.isConstant()) {
      loadFilter();
    }
    biasValues = HybridQuantization.bias(bias, outC);
    quantized = new int[ConvChecks.size(node, "quantized input", (long) batches * imageSize)];
    imageScales = new float[batches];
    int threads = node.threadCount();
    tasks = Math.max(1, Math.min(pixels, 4 * threads));
    fields = new int[threads][direct ? 0 : depth];
    accumulators = new int[threads][outC];
  }

  private void loadFilter() {
    HybridQuantization.read(filter, raw);
    HybridQuantization.transpose(raw, outC, depth, packed);
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
    out = output.floats();
    outOff = output.offset();
    node.parallelFor(tasks, task);
  }

  private void runTask(int index, int thread) {
    int p0 = (int) ((long) pixels * index / tasks);
    int p1 = (int) ((long) pixels * (index + 1) / tasks);
    int[] field = fields[thread];
    int[] acc = accumulators[thread];
    int perImage = outH * outW;
    for (int p = p0; p < p1; p++) {
      int b = p / perImage;
      if (direct) {
        HybridQuantization.dot(quantized, p * inC, depth, packed, outC, 0, outC, acc);
      } else {
        gather(b, p % perImage / outW, p % outW, field);
        HybridQuantization.dot(field, 0, depth, packed, outC, 0, outC, acc);
      }
      float imageScale = imageScales[b];
      int o = outOff + p * outC;
      for (int c = 0; c < outC; c++) {
        float scale = perChannel ? scales[c] * imageScale : imageScale;
        out[o + c] = Math.max(min, Math.min(max, acc[c] * scale + biasValues[c]));
      }
    }
  }

  /** The receptive field of one output pixel, zeros where it falls in the padding. */
  private void gather(int b, int oy, int ox, int[] field) {
    int y0 = oy * strideH - padH;
    int x0 = ox * strideW - padW;
    int image = b * imageSize;
    int k = 0;
    for (int fy = 0; fy < filterH; fy++) {
      int y = y0 + fy * dilationH;
      for (int fx = 0; fx < filterW; fx++, k += inC) {
        int x = x0 + fx * dilationW;
        if (y < 0 || y >= inH || x < 0 || x >= inW) {
          Arrays.fill(field, k, k + inC, 0);
        } else {
          System.arraycopy(quantized, image + (y * inW + x) * inC, field, k, inC);
        }
      }
    }
  }
}
