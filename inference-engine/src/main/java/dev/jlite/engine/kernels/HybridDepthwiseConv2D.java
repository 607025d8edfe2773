package dev.jlite.engine.kernels;

import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.DepthwiseConv2DOptions;
import java.util.Arrays;

/**
 * DEPTHWISE_CONV_2D with float32 input and output and int8 filters with one scale per output
 * channel (TFLite's {@code EvalHybridPerChannel}). Each batch image is quantized asymmetrically
 * as one block; output channel {@code ic * multiplier + m} sums its window's
 * {@code filter * (q - zero_point)} over the pixels inside the image, exactly, and becomes
 * {@code sum * image_scale * channel_scale + bias} (multiplied in that order, as TFLite's
 * optimized kernel does), clamped by the fused activation. Output rows are split across threads.
 *
 * <p>TFLite's hybrid kernel takes the depth multiplier from the options rather than the shapes,
 * so a node whose option disagrees with its shapes is rejected here.
 */
final class HybridDepthwiseConv2D implements Kernel {
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
  private int multiplier;
  private int filterH;
  private int filterW;
  private int strideH;
  private int strideW;
  private int dilationH;
  private int dilationW;
  private int padH;
  private int padW;
  private int imageSize;
  private float min;
  private float max;
  private float[] scales;
  private byte[] raw;
  /** Filter as ints, {@code [filterH][filterW][outC]}. */
  private int[] weights;
  private float[] biasValues;
  /** The quantized batch images, each value minus its image's zero point. */
  private int[] quantized;
  private float[] imageScales;
  private int[][] accumulators;
  private int rows;
  private int tasks;
  private final ParallelTask task = this::runTask;
  private float[] out;
  private int outOff;

  /** Prepares the hybrid kernel when the node is hybrid, else returns null (float path). */
  static Kernel prepareIfHybrid(Node node, Kernel previous) {
    if (!HybridQuantization.applies(node, 1)) {
      return null;
    }
    Kernel kernel = previous != null ? previous : new HybridDepthwiseConv2D();
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
    DepthwiseConv2DOptions options =
        node.options(new DepthwiseConv2DOptions(), BuiltinOptions.DepthwiseConv2DOptions);
    if (options == null) {
      throw node.invalid("DepthwiseConv2DOptions are missing");
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
    filterH = filter.dim(1);
    filterW = filter.dim(2);
    outC = filter.dim(3);
    if (filter.dim(0) != 1) {
      throw node.invalid("filter " + Arrays.toString(filter.shape())
          + " must have the form [1, height, width, channels]");
    }
    if (filterH < 1 || filterW < 1) {
      throw node.invalid("filter " + Arrays.toString(filter.shape()) + " has an empty window");
    }
    if (inC < 1 || outC < 1 || outC % inC != 0) {
      throw node.invalid("filter channels " + outC + " are not a positive multiple of the "
          + inC + " input channels");
    }
    multiplier = outC / inC;
    if (options.depthMultiplier() != multiplier) {
      throw node.invalid("depth_multiplier " + options.depthMultiplier()
          + " disagrees with the filter's " + outC + " channels for " + inC
          + " input channels (TFLite's hybrid kernel uses the option)");
    }
    if (bias != null && bias.numElements() != outC) {
      throw node.invalid("bias " + Arrays.toString(bias.shape()) + " has "
          + bias.numElements() + " values for " + outC + " output channels");
    }
    scales = HybridQuantization.weightScales(node, filter, outC, 3);
    if (scales.length != outC) {
      throw node.invalid("int8 filter has " + scales.length + " scale(s); a hybrid depthwise"
          + " convolution needs one per output channel (" + outC + ")");
    }
    imageSize = ConvChecks.product(node, "input image", inH, inW, inC);
    outH = ConvPadding.outputSize(padding, inH, filterH, strideH, dilationH);
    outW = ConvPadding.outputSize(padding, inW, filterW, strideW, dilationW);
    padH = ConvPadding.before(inH, filterH, strideH, dilationH, outH);
    padW = ConvPadding.before(inW, filterW, strideW, dilationW, outW);
    node.resizeOutput(0, batches, outH, outW, outC);
    rows = batches * outH;

    raw = new byte[ConvChecks.size(node, "filter", (long) filterH * filterW * outC)];
    weights = new int[raw.length];
    if (filter.isConstant()) {
      loadFilter();
    }
    biasValues = HybridQuantization.bias(bias, outC);
    quantized = new int[ConvChecks.size(node, "quantized input", (long) batches * imageSize)];
    imageScales = new float[batches];
    int threads = node.threadCount();
    tasks = Math.max(1, Math.min(rows, 4 * threads));
    accumulators = new int[threads][outC];
  }

  private void loadFilter() {
    HybridQuantization.read(filter, raw);
    for (int i = 0; i < raw.length; i++) {
      weights[i] = raw[i];
    }
  }

  @Override
  public void eval(Node node) {
    if (output.numElements() == 0) {
      return;
    }
    if (!filter.isConstant()) {
      loadFilter();
    }
    HybridQuantization.refreshBias(bias, biasValues);
    float[] in = input.floats();
    int inOff = input.offset();
    for (int b = 0; b < batches; b++) {
      imageScales[b] = HybridQuantization.asymmetric(in, inOff + b * imageSize, imageSize,
          quantized, b * imageSize);
    }
    out = output.floats();
    outOff = output.offset();
    node.parallelFor(tasks, task);
  }

  private void runTask(int index, int thread) {
    int r0 = (int) ((long) rows * index / tasks);
    int r1 = (int) ((long) rows * (index + 1) / tasks);
    int[] acc = accumulators[thread];
    for (int r = r0; r < r1; r++) {
      int b = r / outH;
      int oy = r % outH;
      float imageScale = imageScales[b];
      for (int ox = 0; ox < outW; ox++) {
        accumulate(b, oy, ox, acc);
        int o = outOff + (r * outW + ox) * outC;
        for (int c = 0; c < outC; c++) {
          float v = acc[c] * imageScale * scales[c] + biasValues[c];
          out[o + c] = Math.max(min, Math.min(max, v));
        }
      }
    }
  }

  /** The integer window sums of one output pixel, over the pixels inside the image. */
  private void accumulate(int b, int oy, int ox, int[] acc) {
    Arrays.fill(acc, 0);
    int y0 = oy * strideH - padH;
    int x0 = ox * strideW - padW;
    int image = b * imageSize;
    for (int fy = 0; fy < filterH; fy++) {
      int y = y0 + fy * dilationH;
      if (y < 0 || y >= inH) {
        continue;
      }
      for (int fx = 0; fx < filterW; fx++) {
        int x = x0 + fx * dilationW;
        if (x < 0 || x >= inW) {
          continue;
        }
        int pixel = image + (y * inW + x) * inC;
        int w = (fy * filterW + fx) * outC;
        if (multiplier == 1) {
          for (int c = 0; c < outC; c++) {
            acc[c] += weights[w + c] * quantized[pixel + c];
          }
        } else {
          for (int ic = 0, c = 0; ic < inC; ic++) {
            int q = quantized[pixel + ic];
            for (int m = 0; m < multiplier; m++, c++) {
              acc[c] += weights[w + c] * q;
            }
          }
        }
      }
    }
  }
}
