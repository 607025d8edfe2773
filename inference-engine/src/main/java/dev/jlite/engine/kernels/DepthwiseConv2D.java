package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.DepthwiseConv2DOptions;
import java.util.Arrays;

/**
 * DEPTHWISE_CONV_2D on NHWC tensors: output channel {@code ic * multiplier + m} filters
 * input channel {@code ic}. With multiplier 1 (the usual case) each output row goes through
 * {@link DepthwiseRow}, vectorized across channels; other multipliers take a plain loop. Output
 * rows are split across threads.
 *
 * <p>uint8 and int8 with multiplier 1 use the same float row kernel where every sum is provably
 * an exact integer in float (the window is small, see {@link QuantizedGemm}); otherwise, and for
 * int16 activations (int8 weights, int64 bias), integer loops as TFLite's reference kernels.
 */
final class DepthwiseConv2D implements Kernel {
  private final DepthwiseRow rowKernel;
  private Tensor input;
  private Tensor filter;
  private Tensor bias;
  private Tensor output;
  private int inH;
  private int inW;
  private int inC;
  private int outH;
  private int outW;
  /** Multiply-adds a parallel task should at least do (about 20 microseconds here). */
  private static final long MIN_TASK_MACS = 200_000;

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
  private float min;
  private float max;
  private float[] weights;
  private float[] biasValues;
  private int rows;
  private int rowsPerTask;
  private final ParallelTask task = this::runTask;
  private float[] in;
  private int inOff;
  private float[] out;
  private int outOff;
  private boolean quantized;
  private ConvQuantization quantization;
  private boolean unsigned;
  /** Quantized weights plus the filter offset, {@code [filterH][filterW][outC]}. */
  private int[] qWeights;
  private int[] qBias;
  /** Per thread: the accumulators of one output pixel. */
  private int[][] qAccumulators;
  private final ParallelTask qTask = this::runQuantizedTask;
  /**
   * 8-bit, multiplier 1, sums provably exact in float: the float row kernel runs on the input
   * converted once per run (to the scratch start; each thread's output row follows).
   */
  private boolean exact;
  private Requantizer requantizer;
  private int inputSize;
  private int rowSize;
  private int convertTasks;
  private float[] scratch;
  private final ParallelTask convertTask = this::runConvertTask;
  private final ParallelTask exactTask = this::runExactTask;
  /** int16 activations: 64-bit bias and accumulators. */
  private boolean wide;
  private long[] wideBias;
  private final ParallelTask wideTask = this::runWideTask;
  private short[] inShorts;
  private short[] outShorts;
  private byte[] inBytes;
  private byte[] outBytes;
  /** Float input with int8 weights: the dynamic-range kernel ({@link HybridDepthwiseConv2D}). */
  private Kernel hybrid;

  DepthwiseConv2D(DepthwiseRow rowKernel) {
    this.rowKernel = rowKernel;
  }

  @Override
  public void prepare(Node node) {
    hybrid = HybridDepthwiseConv2D.prepareIfHybrid(node, hybrid);
    if (hybrid != null) {
      return;
    }
    node.checkArity(2, 3, 1);
    input = node.input(0);
    filter = node.input(1);
    bias = node.input(2);
    output = node.output(0);
    node.checkType(input, "input", DataType.FLOAT32, DataType.UINT8, DataType.INT8,
        DataType.INT16);
    quantized = ConvQuantization.isQuantized(input);
    if (!quantized) {
      node.checkType(filter, "filter", DataType.FLOAT32);
      node.checkType(output, "output", DataType.FLOAT32);
    }
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
    int batches = input.dim(0);
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
    if (inC < 1) {
      throw node.invalid("input " + Arrays.toString(input.shape()) + " has no channels");
    }
    if (outC < 1 || outC % inC != 0) {
      throw node.invalid("filter channels " + outC + " are not a positive multiple of the "
          + inC + " input channels");
    }
    // Like TFLite, the multiplier comes from the shapes; the redundant option is not trusted.
    multiplier = outC / inC;
    if (quantized) {
      quantization = ConvQuantization.prepare(node, input, filter, bias, output, outC, 3,
          activation, ConvQuantization.TFLITE, false);
    } else {
      ConvChecks.bias(node, bias, outC);
    }

    outH = ConvPadding.outputSize(padding, inH, filterH, strideH, dilationH);
    outW = ConvPadding.outputSize(padding, inW, filterW, strideW, dilationW);
    padH = ConvPadding.before(inH, filterH, strideH, dilationH, outH);
    padW = ConvPadding.before(inW, filterW, strideW, dilationW, outW);
    node.resizeOutput(0, batches, outH, outW, outC);
    rows = batches * outH;

    if (quantized) {
      prepareQuantized(node);
    } else {
      weights = new float[filter.numElements()];
      if (filter.isConstant()) {
        filter.constantData().asFloatBuffer().get(weights);
      }
      biasValues = new float[outC];
      if (bias != null && bias.isConstant()) {
        bias.constantData().asFloatBuffer().get(biasValues);
      }
    }
    // Split into at most 4 tasks per thread, each worth at least MIN_TASK_MACS: smaller tasks cost
    // more in hand-over than the second core gives back.
    int threads = node.threadCount();
    long macs = (long) rows * outW * outC * filterH * filterW;
    long byWork = Math.max(1, macs / MIN_TASK_MACS);
    int tasks = threads == 1 ? 1 : (int) Math.min(Math.min(rows, 4L * threads), byWork);
    rowsPerTask = Math.max(1, GemmSplit.ceilDiv(rows, Math.max(1, tasks)));
  }

  @Override
  public void eval(Node node) {
    if (hybrid != null) {
      hybrid.eval(node);
      return;
    }
    if (rows == 0 || outW == 0) {
      return;
    }
    if (quantized) {
      evalQuantized(node);
      return;
    }
    if (!filter.isConstant()) {
      System.arraycopy(filter.floats(), filter.offset(), weights, 0, weights.length);
    }
    if (bias != null && !bias.isConstant()) {
      System.arraycopy(bias.floats(), bias.offset(), biasValues, 0, outC);
    }
    in = input.floats();
    inOff = input.offset();
    out = output.floats();
    outOff = output.offset();
    node.parallelFor(GemmSplit.ceilDiv(rows, rowsPerTask), task);
  }

  private void runTask(int index, int thread) {
    int end = Math.min(rows, (index + 1) * rowsPerTask);
    for (int r = index * rowsPerTask; r < end; r++) {
      int b = r / outH;
      int oy = r % outH;
      int iy0 = oy * strideH - padH;
      int fy0 = DepthwiseRow.firstColumn(iy0, dilationH);
      int fy1 = DepthwiseRow.endColumn(iy0, dilationH, inH, filterH);
      int rowStride = dilationH * inW * inC;
      int inRow0 = inOff + (b * inH + iy0) * inW * inC;
      int o = outOff + r * outW * outC;
      if (multiplier == 1) {
        rowKernel.row(in, inRow0, inW, inC, fy0, fy1, rowStride, weights, filterW, biasValues,
            outW, strideW, dilationW, padW, min, max, out, o);
      } else {
        multiplierRow(inRow0, fy0, fy1, rowStride, o);
      }
    }
  }

  /** One output row for a depth multiplier above 1, in the reference kernel's order. */
  private void multiplierRow(int inRow0, int fy0, int fy1, int rowStride, int o) {
    for (int ox = 0; ox < outW; ox++, o += outC) {
      int ix0 = ox * strideW - padW;
      int fx0 = DepthwiseRow.firstColumn(ix0, dilationW);
      int fx1 = DepthwiseRow.endColumn(ix0, dilationW, inW, filterW);
      for (int ic = 0; ic < inC; ic++) {
        for (int m = 0; m < multiplier; m++) {
          int oc = ic * multiplier + m;
          float total = 0f;
          for (int fy = fy0; fy < fy1; fy++) {
            for (int fx = fx0; fx < fx1; fx++) {
              total += in[inRow0 + fy * rowStride + (ix0 + fx * dilationW) * inC + ic]
                  * weights[(fy * filterW + fx) * outC + oc];
            }
          }
          out[o + oc] = Math.max(min, Math.min(max, total + biasValues[oc]));
        }
      }
    }
  }

  private void prepareQuantized(Node node) {
    int threads = node.threadCount();
    unsigned = input.dataType() == DataType.UINT8;
    wide = input.dataType() == DataType.INT16;
    qBias = new int[outC];
    wideBias = new long[wide ? outC : 0];
    if (bias != null && bias.isConstant()) {
      readQuantizedBias();
    }
    int taps = filterH * filterW;
    byte[] raw = null;
    if (filter.isConstant()) {
      raw = new byte[filter.numElements()];
      filter.constantData().get(raw);
    }
    exact = !wide && multiplier == 1 && exactInFloat(raw, taps);
    if (exact) {
      requantizer = Requantizer.create(quantization);
      weights = new float[filter.numElements()];
      if (raw != null) {
        requantizer.toFloats(raw, 0, unsigned, quantization.filterOffset, weights, 0,
            weights.length);
      }
      biasValues = new float[outC];
      rowSize = ConvChecks.size(node, "output row", (long) outW * outC);
      inputSize = input.numElements();
      node.requestScratch(ConvChecks.size(node, "depthwise scratch",
          (long) inputSize + (long) rowSize * threads));
      // A conversion is about a quarter of a multiply-add's work per value.
      convertTasks = threads == 1 ? 1 : (int) Math.min(4L * threads,
          Math.max(1, inputSize / (MIN_TASK_MACS / 4)));
      return;
    }
    qAccumulators = new int[threads][wide ? 0 : outC];
    qWeights = new int[filter.numElements()];
    if (raw != null) {
      loadWeights(raw, 0);
    }
  }

  /**
   * Whether every channel's sum stays exact in float (see {@link QuantizedGemm}): at most
   * {@code maxInput * sum |w|} over the window, within 2^24; for weights that change from run to
   * run, with the largest weights the type allows.
   */
  private boolean exactInFloat(byte[] raw, int taps) {
    long maxInput = QuantizedGemm.maxInput(unsigned, quantization.inputOffset);
    long limit = 1L << 24;
    if (raw == null) {
      return maxInput * (unsigned ? 255 : 128) * taps <= limit;
    }
    int filterOffset = quantization.filterOffset;
    for (int c = 0; c < outC; c++) {
      long sum = 0;
      for (int t = 0; t < taps; t++) {
        int v = raw[t * outC + c];
        sum += Math.abs((unsigned ? v & 0xff : v) + filterOffset);
      }
      if (sum * maxInput > limit) {
        return false;
      }
    }
    return true;
  }

  private void loadWeights(byte[] raw, int off) {
    int filterOffset = quantization.filterOffset;
    for (int i = 0; i < qWeights.length; i++) {
      qWeights[i] = (unsigned ? raw[off + i] & 0xff : raw[off + i]) + filterOffset;
    }
  }

  private void readQuantizedBias() {
    if (wide) {
      ConvQuantization.readBias(bias, wideBias);
    } else {
      ConvQuantization.readBias(bias, qBias);
    }
  }

  private void evalQuantized(Node node) {
    if (bias != null && !bias.isConstant()) {
      readQuantizedBias();
    }
    inOff = input.offset();
    outOff = output.offset();
    int tasks = GemmSplit.ceilDiv(rows, rowsPerTask);
    if (wide) {
      if (!filter.isConstant()) {
        loadWeights(filter.bytes(), filter.offset());
      }
      inShorts = input.shorts();
      outShorts = output.shorts();
      node.parallelFor(tasks, wideTask);
      return;
    }
    inBytes = input.bytes();
    outBytes = output.bytes();
    if (exact) {
      if (!filter.isConstant()) {
        requantizer.toFloats(filter.bytes(), filter.offset(), unsigned,
            quantization.filterOffset, weights, 0, weights.length);
      }
      scratch = node.scratch();
      node.parallelFor(convertTasks, convertTask);
      node.parallelFor(tasks, exactTask);
      return;
    }
    if (!filter.isConstant()) {
      loadWeights(filter.bytes(), filter.offset());
    }
    node.parallelFor(tasks, qTask);
  }

  /** Part {@code index} of the input, as floats plus the input offset, to the scratch start. */
  private void runConvertTask(int index, int thread) {
    int from = (int) ((long) inputSize * index / convertTasks);
    int to = (int) ((long) inputSize * (index + 1) / convertTasks);
    requantizer.toFloats(inBytes, inOff + from, unsigned, quantization.inputOffset, scratch,
        from, to - from);
  }

  /**
   * 8-bit rows on the float row kernel: the sums are exact integers (checked in prepare), then
   * the int32 bias is added and the result requantized.
   */
  private void runExactTask(int index, int thread) {
    int buffer = inputSize + thread * rowSize;
    int end = Math.min(rows, (index + 1) * rowsPerTask);
    for (int r = index * rowsPerTask; r < end; r++) {
      int b = r / outH;
      int iy0 = r % outH * strideH - padH;
      int fy0 = DepthwiseRow.firstColumn(iy0, dilationH);
      int fy1 = DepthwiseRow.endColumn(iy0, dilationH, inH, filterH);
      int rowStride = dilationH * inW * inC;
      rowKernel.row(scratch, (b * inH + iy0) * inW * inC, inW, inC, fy0, fy1, rowStride, weights,
          filterW, biasValues, outW, strideW, dilationW, padW, Float.NEGATIVE_INFINITY,
          Float.POSITIVE_INFINITY, scratch, buffer);
      int o = outOff + r * rowSize;
      for (int ox = 0; ox < outW; ox++, o += outC) {
        requantizer.fromFloats(scratch, buffer + ox * outC, qBias, 0, outC, outBytes, o);
      }
    }
  }

  /**
   * int16 activations with int8 weights: TFLite's reference kernel, int32 products summed in 64
   * bits, positions outside the input skipped, bias added last.
   */
  private void runWideTask(int index, int thread) {
    int end = Math.min(rows, (index + 1) * rowsPerTask);
    for (int r = index * rowsPerTask; r < end; r++) {
      int b = r / outH;
      int iy0 = r % outH * strideH - padH;
      int fy0 = DepthwiseRow.firstColumn(iy0, dilationH);
      int fy1 = DepthwiseRow.endColumn(iy0, dilationH, inH, filterH);
      int rowStride = dilationH * inW * inC;
      int inRow0 = inOff + (b * inH + iy0) * inW * inC;
      int o = outOff + r * outW * outC;
      for (int ox = 0; ox < outW; ox++, o += outC) {
        int ix0 = ox * strideW - padW;
        int fx0 = DepthwiseRow.firstColumn(ix0, dilationW);
        int fx1 = DepthwiseRow.endColumn(ix0, dilationW, inW, filterW);
        for (int oc = 0; oc < outC; oc++) {
          int ic = oc / multiplier;
          long acc = 0;
          for (int fy = fy0; fy < fy1; fy++) {
            int s = inRow0 + fy * rowStride + ix0 * inC + ic;
            int w = fy * filterW * outC + oc;
            for (int fx = fx0; fx < fx1; fx++) {
              acc += inShorts[s + fx * dilationW * inC] * qWeights[w + fx * outC];
            }
          }
          outShorts[o + oc] = (short) quantization.output(acc + wideBias[oc], oc);
        }
      }
    }
  }

  /** Output rows of the quantized kernel: positions outside the input are skipped, as in TFLite. */
  private void runQuantizedTask(int index, int thread) {
    int inputOffset = quantization.inputOffset;
    int end = Math.min(rows, (index + 1) * rowsPerTask);
    for (int r = index * rowsPerTask; r < end; r++) {
      int b = r / outH;
      int iy0 = r % outH * strideH - padH;
      int fy0 = DepthwiseRow.firstColumn(iy0, dilationH);
      int fy1 = DepthwiseRow.endColumn(iy0, dilationH, inH, filterH);
      int rowStride = dilationH * inW * inC;
      int inRow0 = inOff + (b * inH + iy0) * inW * inC;
      int o = outOff + r * outW * outC;
      for (int ox = 0; ox < outW; ox++, o += outC) {
        int ix0 = ox * strideW - padW;
        int fx0 = DepthwiseRow.firstColumn(ix0, dilationW);
        int fx1 = DepthwiseRow.endColumn(ix0, dilationW, inW, filterW);
        if (multiplier == 1) {
          quantizedPixel(inRow0 + ix0 * inC, fy0, fy1, rowStride, fx0, fx1, qAccumulators[thread],
              o);
          continue;
        }
        for (int oc = 0; oc < outC; oc++) {
          int ic = oc / multiplier;
          int acc = qBias[oc];
          for (int fy = fy0; fy < fy1; fy++) {
            int s = inRow0 + fy * rowStride + ix0 * inC + ic;
            int w = fy * filterW * outC + oc;
            for (int fx = fx0; fx < fx1; fx++) {
              int v = inBytes[s + fx * dilationW * inC];
              acc += ((unsigned ? v & 0xff : v) + inputOffset) * qWeights[w + fx * outC];
            }
          }
          outBytes[o + oc] = (byte) quantization.output(acc, oc);
        }
      }
    }
  }

  /**
   * One output pixel with depth multiplier 1, channels innermost so that HotSpot vectorizes the
   * multiply-adds; {@code s} is the input offset of the window's top-left corner.
   */
  private void quantizedPixel(int s, int fy0, int fy1, int rowStride, int fx0, int fx1,
      int[] acc, int o) {
    int inputOffset = quantization.inputOffset;
    System.arraycopy(qBias, 0, acc, 0, outC);
    for (int fy = fy0; fy < fy1; fy++) {
      for (int fx = fx0; fx < fx1; fx++) {
        int in0 = s + fy * rowStride + fx * dilationW * inC;
        int w = (fy * filterW + fx) * outC;
        if (unsigned) {
          for (int c = 0; c < outC; c++) {
            acc[c] += ((inBytes[in0 + c] & 0xff) + inputOffset) * qWeights[w + c];
          }
        } else {
          for (int c = 0; c < outC; c++) {
            acc[c] += (inBytes[in0 + c] + inputOffset) * qWeights[w + c];
          }
        }
      }
    }
    for (int c = 0; c < outC; c++) {
      outBytes[o + c] = (byte) quantization.output(acc[c], c);
    }
  }
}
