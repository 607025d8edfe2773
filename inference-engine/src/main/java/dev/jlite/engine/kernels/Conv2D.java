package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.Conv2DOptions;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * CONV_2D on NHWC tensors as a matrix product: output pixels are the rows, output channels
 * the columns, {@code filter_h * filter_w * in_channels} the depth. A 1x1 stride-1 convolution
 * reads the input in place (its pixels already are the rows); any other gathers blocks of rows
 * into a per-thread im2col buffer. Grouped convolution (filter in-channels a divisor of the input
 * channels) is one product per group. Weights are packed once in prepare (in eval when they are
 * not constants).
 *
 * <p>uint8 and int8 run on the same float product, exactly ({@link QuantizedGemm}): the im2col
 * block holds the 8-bit values plus the input offset as floats. int16 activations take a 64-bit
 * integer loop, as TFLite's reference kernel.
 */
final class Conv2D implements Kernel {
  /** Floats of A (im2col block or input rows) a task should keep in L2. */
  private static final int A_BLOCK_FLOATS = 64 * 1024;
  private static final int MAX_ROWS = 512;

  private final Sgemm gemm;
  private Tensor input;
  private Tensor filter;
  private Tensor bias;
  private Tensor output;
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
  private int groups;
  private int groupIn;
  private int groupOut;
  private int depth;
  private int rows;
  private boolean direct;
  private float min;
  private float max;
  private int panels;
  private int packedPerGroup;
  private float[] packed;
  private float[] packedBias;
  private GemmSplit split;
  private int scratchPerThread;
  private float[][] tiles;
  private final ParallelTask task = this::runTask;
  private float[] in;
  private int inOff;
  private float[] out;
  private int outOff;
  private float[] scratch;
  private boolean quantized;
  private ConvQuantization quantization;
  private boolean unsigned;
  /** 8-bit activations: the exact product on the float GEMM. */
  private QuantizedGemm qGemm;
  private Requantizer requantizer;
  /** Floats of a thread's im2col block; its product buffer follows. */
  private int im2colSize;
  /** Per thread: int32 sums of a block when the depth is cut into chunks. */
  private int[][] qAccumulators;
  private int[] qBias;
  /**
   * int16 weights, {@code [group][depth][groupOut]}: a receptive-field value multiplies a
   * contiguous run of weights, a loop HotSpot vectorizes.
   */
  private int[] qWeights;
  /** Per thread: one int16 receptive field. */
  private int[][] qFields;
  private int qRowsPerTask;
  private final ParallelTask qTask = this::runQuantizedTask;
  /** int16 activations: 64-bit bias and accumulators, TFLite's reference kernel. */
  private boolean wide;
  private long[] wideBias;
  private final ParallelTask wideTask = this::runWideTask;
  private short[] inShorts;
  private short[] outShorts;
  private byte[] inBytes;
  private byte[] outBytes;
  /** Float input with int8 weights: the dynamic-range kernel ({@link HybridConv2D}). */
  private Kernel hybrid;

  Conv2D(Sgemm gemm) {
    this.gemm = gemm;
  }

  @Override
  public void prepare(Node node) {
    hybrid = HybridConv2D.prepareIfHybrid(node, hybrid, gemm);
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
    int batches = input.dim(0);
    inH = input.dim(1);
    inW = input.dim(2);
    inC = input.dim(3);
    outC = filter.dim(0);
    filterH = filter.dim(1);
    filterW = filter.dim(2);
    groupIn = filter.dim(3);
    if (filterH < 1 || filterW < 1) {
      throw node.invalid("filter " + Arrays.toString(filter.shape()) + " has an empty window");
    }
    if (groupIn < 1) {
      throw node.invalid("filter input channels are " + groupIn + ", must be at least 1");
    }
    if (inC < 1) {
      throw node.invalid("input " + Arrays.toString(input.shape()) + " has no channels");
    }
    if (inC % groupIn != 0) {
      throw node.invalid("filter input channels " + groupIn + " do not divide the input's "
          + inC + " channels");
    }
    groups = inC / groupIn;
    if (outC < 1 || outC % groups != 0) {
      throw node.invalid("output channels " + outC + " are not a positive multiple of the "
          + groups + " groups");
    }
    groupOut = outC / groups;
    FusedActivation activation = FusedActivation.of(node, options.fusedActivationFunction());
    if (quantized) {
      quantization = ConvQuantization.prepare(node, input, filter, bias, output, outC, 0,
          activation, ConvQuantization.RUY, false);
    } else {
      ConvChecks.bias(node, bias, outC);
    }
    min = activation.min;
    max = activation.max;
    depth = ConvChecks.product(node, "filter window", filterH, filterW, groupIn);

    outH = ConvPadding.outputSize(padding, inH, filterH, strideH, dilationH);
    outW = ConvPadding.outputSize(padding, inW, filterW, strideW, dilationW);
    padH = ConvPadding.before(inH, filterH, strideH, dilationH, outH);
    padW = ConvPadding.before(inW, filterW, strideW, dilationW, outW);
    node.resizeOutput(0, batches, outH, outW, outC);
    rows = output.numElements() / outC;
    if (quantized) {
      prepareQuantized(node);
      return;
    }

    direct = filterH == 1 && filterW == 1 && strideH == 1 && strideW == 1;
    panels = gemm.panels(groupOut);
    packedPerGroup = ConvChecks.size(node, "packed filter", gemm.packedSize(depth, groupOut));
    ConvChecks.size(node, "packed filter", (long) packedPerGroup * groups);
    packed = new float[packedPerGroup * groups];
    packedBias = new float[groups * panels * gemm.panelWidth()];
    if (filter.isConstant()) {
      packFilter(filter.constantData().asFloatBuffer(), null);
    }
    if (bias != null && bias.isConstant()) {
      FloatBuffer values = bias.constantData().asFloatBuffer();
      for (int g = 0; g < groups; g++) {
        float[] row = gemm.packBias(values, g * groupOut, groupOut);
        System.arraycopy(row, 0, packedBias, g * row.length, row.length);
      }
    }

    int tile = gemm.rowTile();
    int maxRows = Math.min(MAX_ROWS, Math.max(tile, A_BLOCK_FLOATS / depth / tile * tile));
    int threads = node.threadCount();
    split = new GemmSplit(rows, panels, tile, threads, maxRows);
    scratchPerThread = 0;
    if (!direct) {
      scratchPerThread = ConvChecks.size(node, "im2col buffer", (long) split.rowBlock * depth);
      node.requestScratch(ConvChecks.size(node, "im2col buffer",
          (long) scratchPerThread * threads));
    }
    tiles = new float[threads][gemm.tileSize()];
  }

  private void packFilter(FloatBuffer constant, float[] values) {
    for (int g = 0; g < groups; g++) {
      int off = g * groupOut * depth;
      if (constant != null) {
        gemm.pack(constant, off, 1, depth, depth, groupOut, packed, g * packedPerGroup);
      } else {
        gemm.pack(values, filter.offset() + off, 1, depth, depth, groupOut, packed,
            g * packedPerGroup);
      }
    }
  }

  @Override
  public void eval(Node node) {
    if (hybrid != null) {
      hybrid.eval(node);
      return;
    }
    if (rows == 0) {
      return;
    }
    if (quantized) {
      evalQuantized(node);
      return;
    }
    if (!filter.isConstant()) {
      packFilter(null, filter.floats());
    }
    if (bias != null && !bias.isConstant()) {
      float[] values = bias.floats();
      int width = panels * gemm.panelWidth();
      for (int g = 0; g < groups; g++) {
        System.arraycopy(values, bias.offset() + g * groupOut, packedBias, g * width, groupOut);
      }
    }
    in = input.floats();
    inOff = input.offset();
    out = output.floats();
    outOff = output.offset();
    scratch = node.scratch();
    node.parallelFor(split.tasks() * groups, task);
  }

  private void runTask(int index, int thread) {
    int perGroup = split.tasks();
    int g = index / perGroup;
    int t = index % perGroup;
    int r0 = t / split.panelBlocks * split.rowBlock;
    int count = Math.min(split.rowBlock, rows - r0);
    int p0 = t % split.panelBlocks * split.panelBlock;
    int p1 = Math.min(panels, p0 + split.panelBlock);
    if (count <= 0 || p0 >= p1) {
      return;
    }
    float[] a;
    int aOff;
    int lda;
    if (direct) {
      a = in;
      aOff = inOff + r0 * inC + g * groupIn;
      lda = inC;
    } else {
      a = scratch;
      aOff = thread * scratchPerThread;
      lda = depth;
      im2col(r0, count, g, aOff);
    }
    gemm.multiply(a, aOff, lda, 1, count, depth, packed, g * packedPerGroup, p0, p1, groupOut,
        packedBias, g * panels * gemm.panelWidth(), min, max, out, outOff + r0 * outC
            + g * groupOut, outC, tiles[thread]);
  }

  private void prepareQuantized(Node node) {
    unsigned = input.dataType() == DataType.UINT8;
    wide = input.dataType() == DataType.INT16;
    qBias = new int[outC];
    wideBias = new long[wide ? outC : 0];
    if (bias != null && bias.isConstant()) {
      readQuantizedBias();
    }
    int threads = node.threadCount();
    if (wide) {
      qWeights = new int[ConvChecks.size(node, "filter", (long) outC * depth)];
      if (filter.isConstant()) {
        byte[] raw = new byte[qWeights.length];
        filter.constantData().get(raw);
        loadWeights(raw, 0);
      }
      qFields = new int[threads][depth];
      int tasks = threads == 1 ? 1 : Math.min(rows, 4 * threads);
      qRowsPerTask = Math.max(1, GemmSplit.ceilDiv(rows, Math.max(1, tasks)));
      return;
    }
    long packedSize = (long) groups * gemm.packedSize(depth, groupOut);
    ConvChecks.size(node, "packed filter", packedSize);
    requantizer = Requantizer.create(quantization);
    qGemm = new QuantizedGemm(gemm, groups, groupOut, depth, packedSize,
        QuantizedGemm.maxInput(unsigned, quantization.inputOffset));
    if (filter.isConstant()) {
      byte[] raw = new byte[ConvChecks.size(node, "filter", (long) outC * depth)];
      filter.constantData().get(raw);
      qGemm.packConstant(raw, 0, unsigned, quantization.filterOffset);
    } else {
      qGemm.prepareVariable(unsigned);
    }
    // Rows that are whole input pixels are converted in one run instead of gathered.
    direct = groups == 1 && filterH == 1 && filterW == 1 && strideH == 1 && strideW == 1;
    int tile = gemm.rowTile();
    int maxRows = Math.min(MAX_ROWS, Math.max(tile, A_BLOCK_FLOATS / depth / tile * tile));
    split = new GemmSplit(rows, gemm.panels(groupOut), tile, threads, maxRows);
    im2colSize = ConvChecks.size(node, "im2col buffer", (long) split.rowBlock * depth);
    int sums = ConvChecks.size(node, "product buffer",
        qGemm.bufferSize(split.rowBlock, split.panelBlock));
    scratchPerThread = ConvChecks.size(node, "im2col buffer", (long) im2colSize + sums);
    node.requestScratch(ConvChecks.size(node, "im2col buffer",
        (long) scratchPerThread * threads));
    tiles = new float[threads][gemm.tileSize()];
    qAccumulators = new int[threads][qGemm.chunks() > 1 ? sums : 0];
  }

  /** int16 weights for the 64-bit path, {@code [group][depth][groupOut]}. */
  private void loadWeights(byte[] raw, int off) {
    for (int oc = 0; oc < outC; oc++) {
      int g = oc / groupOut;
      int dst = g * depth * groupOut + oc % groupOut;
      int src = off + oc * depth;
      for (int k = 0; k < depth; k++, dst += groupOut) {
        qWeights[dst] = raw[src + k];
      }
    }
  }

  private void evalQuantized(Node node) {
    if (bias != null && !bias.isConstant()) {
      readQuantizedBias();
    }
    inOff = input.offset();
    outOff = output.offset();
    if (wide) {
      if (!filter.isConstant()) {
        loadWeights(filter.bytes(), filter.offset());
      }
      inShorts = input.shorts();
      outShorts = output.shorts();
      node.parallelFor(GemmSplit.ceilDiv(rows, qRowsPerTask), wideTask);
      return;
    }
    if (!filter.isConstant()) {
      qGemm.pack(filter.bytes(), filter.offset(), unsigned, quantization.filterOffset);
    }
    inBytes = input.bytes();
    outBytes = output.bytes();
    scratch = node.scratch();
    node.parallelFor(split.tasks() * groups, qTask);
  }

  private void readQuantizedBias() {
    if (wide) {
      ConvQuantization.readBias(bias, wideBias);
    } else {
      ConvQuantization.readBias(bias, qBias);
    }
  }

  /** int16 x int8 rows: int32 products summed in 64 bits, as TFLite's reference kernel does. */
  private void runWideTask(int index, int thread) {
    int[] field = qFields[thread];
    int end = Math.min(rows, (index + 1) * qRowsPerTask);
    for (int r = index * qRowsPerTask; r < end; r++) {
      for (int g = 0; g < groups; g++) {
        gatherField(r, g, field);
        for (int j = 0; j < groupOut; j++) {
          int oc = g * groupOut + j;
          long acc = wideBias[oc];
          for (int k = 0, w = g * depth * groupOut + j; k < depth; k++, w += groupOut) {
            acc += field[k] * qWeights[w];
          }
          outShorts[outOff + r * outC + oc] = (short) quantization.output(acc, oc);
        }
      }
    }
  }

  /** A block of output rows and panels of one group: 8-bit im2col, then the exact product. */
  private void runQuantizedTask(int index, int thread) {
    int perGroup = split.tasks();
    int g = index / perGroup;
    int t = index % perGroup;
    int r0 = t / split.panelBlocks * split.rowBlock;
    int count = Math.min(split.rowBlock, rows - r0);
    int p0 = t % split.panelBlocks * split.panelBlock;
    int p1 = Math.min(gemm.panels(groupOut), p0 + split.panelBlock);
    if (count <= 0 || p0 >= p1) {
      return;
    }
    int a = thread * scratchPerThread;
    if (direct) {
      requantizer.toFloats(inBytes, inOff + r0 * inC, unsigned, quantization.inputOffset,
          scratch, a, count * inC);
    } else {
      im2col8(r0, count, g, a);
    }
    qGemm.multiply(scratch, a, depth, count, g, p0, p1, scratch, a + im2colSize,
        qAccumulators[thread], tiles[thread], qBias, requantizer, outBytes,
        outOff + r0 * outC + g * groupOut, outC);
  }

  /**
   * The receptive fields of 8-bit output pixels r0 .. r0+count-1 as floats plus the input offset,
   * rows of depth; padding is zero, as TFLite pads with the input zero point.
   */
  private void im2col8(int r0, int count, int g, int dst) {
    int perImage = outH * outW;
    int channel0 = g * groupIn;
    int inputOffset = quantization.inputOffset;
    for (int r = r0; r < r0 + count; r++, dst += depth) {
      int b = r / perImage;
      int iy0 = r % perImage / outW * strideH - padH;
      int ix0 = r % outW * strideW - padW;
      int d = dst;
      for (int fy = 0; fy < filterH; fy++) {
        int iy = iy0 + fy * dilationH;
        if (iy < 0 || iy >= inH) {
          Arrays.fill(scratch, d, d + filterW * groupIn, 0f);
          d += filterW * groupIn;
          continue;
        }
        int rowBase = inOff + (b * inH + iy) * inW * inC + channel0;
        for (int fx = 0; fx < filterW; fx++, d += groupIn) {
          int ix = ix0 + fx * dilationW;
          if (ix < 0 || ix >= inW) {
            Arrays.fill(scratch, d, d + groupIn, 0f);
          } else {
            requantizer.toFloats(inBytes, rowBase + ix * inC, unsigned, inputOffset, scratch, d,
                groupIn);
          }
        }
      }
    }
  }

  /** The receptive field of int16 output pixel {@code r} for group {@code g}; padding is zero. */
  private void gatherField(int r, int g, int[] field) {
    int perImage = outH * outW;
    int b = r / perImage;
    int iy0 = r % perImage / outW * strideH - padH;
    int ix0 = r % outW * strideW - padW;
    int channel0 = g * groupIn;
    int d = 0;
    for (int fy = 0; fy < filterH; fy++) {
      int iy = iy0 + fy * dilationH;
      for (int fx = 0; fx < filterW; fx++, d += groupIn) {
        int ix = ix0 + fx * dilationW;
        if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) {
          Arrays.fill(field, d, d + groupIn, 0);
          continue;
        }
        int s = inOff + ((b * inH + iy) * inW + ix) * inC + channel0;
        for (int c = 0; c < groupIn; c++) {
          field[d + c] = inShorts[s + c];
        }
      }
    }
  }

  /** Gathers the receptive fields of output pixels r0 .. r0+count-1 into rows of depth floats. */
  private void im2col(int r0, int count, int g, int dst) {
    int perImage = outH * outW;
    int channel0 = g * groupIn;
    for (int r = r0; r < r0 + count; r++, dst += depth) {
      int b = r / perImage;
      int oy = r % perImage / outW;
      int ox = r % outW;
      int iy0 = oy * strideH - padH;
      int ix0 = ox * strideW - padW;
      int d = dst;
      for (int fy = 0; fy < filterH; fy++) {
        int iy = iy0 + fy * dilationH;
        if (iy < 0 || iy >= inH) {
          Arrays.fill(scratch, d, d + filterW * groupIn, 0f);
          d += filterW * groupIn;
          continue;
        }
        int rowBase = inOff + (b * inH + iy) * inW * inC + channel0;
        for (int fx = 0; fx < filterW; fx++, d += groupIn) {
          int ix = ix0 + fx * dilationW;
          if (ix < 0 || ix >= inW) {
            Arrays.fill(scratch, d, d + groupIn, 0f);
          } else if (groupIn >= 8) {
            System.arraycopy(in, rowBase + ix * inC, scratch, d, groupIn);
          } else {
            int s = rowBase + ix * inC;
            for (int c = 0; c < groupIn; c++) {
              scratch[d + c] = in[s + c];
            }
          }
        }
      }
    }
  }
}
