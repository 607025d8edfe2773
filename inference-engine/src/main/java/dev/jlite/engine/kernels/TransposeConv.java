package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.Padding;
import dev.jlite.schema.model.TransposeConvOptions;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * TRANSPOSE_CONV on float32, and MediaPipe's custom {@code Convolution2DTransposeBias} (the same
 * operation with a bias, its output size derived from the input, options in a raw C struct).
 * TRANSPOSE_CONV on uint8, int8 and int16 shares the geometry and takes
 * {@link QuantizedTransposeConv}'s integer path.
 *
 * <p>Computed as TFLite's optimized kernel does: one GEMM gives, for every input pixel, its
 * contribution to each filter tap and output channel ({@code input[pixels x in] x
 * weights[in x taps*out]}); a gather then sums, for every output pixel, the contributions of the
 * taps that land on it, adds the bias and clamps. The GEMM splits over input pixels, the gather
 * over output rows, so no two threads write the same value.
 */
final class TransposeConv implements Kernel {
  /** Bytes of MediaPipe's options struct: padding (1 SAME, 2 VALID), stride_w, stride_h. */
  private static final int CUSTOM_OPTIONS_BYTES = 12;
  private static final int TFLITE_PADDING_SAME = 1;
  private static final int TFLITE_PADDING_VALID = 2;

  private final Sgemm gemm;
  private final boolean mediapipe;
  private Tensor outputShape;
  private Tensor weights;
  private Tensor input;
  private Tensor bias;
  private Tensor output;
  private byte padding;
  private int strideH;
  private int strideW;
  private float min;
  private float max;
  private FusedActivation activation;
  private int batches;
  private int inH;
  private int inW;
  private int inC;
  private int outH;
  private int outW;
  private int outC;
  private int filterH;
  private int filterW;
  private int padH;
  private int padW;
  private int gridH;
  private int gridW;
  private int columns;
  private int pixels;
  private float[] packed;
  private float[] staging;
  private float[] zeroBias;
  private float[] biasValues;
  private GemmSplit split;
  private float[][] tiles;
  private final ParallelTask gemmTask = this::gemmTask;
  private final ParallelTask gatherTask = this::gatherTask;
  private float[] in;
  private int inOff;
  private float[] out;
  private int outOff;
  private float[] col;
  private final int[] requestedShape = new int[4];
  /** The integer path, for uint8, int8 and int16 inputs; null on float32. */
  private QuantizedTransposeConv quantized;

  TransposeConv(Sgemm gemm, boolean mediapipe) {
    this.gemm = gemm;
    this.mediapipe = mediapipe;
  }

  @Override
  public void prepare(Node node) {
    if (mediapipe) {
      node.checkArity(3, 3, 1);
      input = node.input(0);
      weights = node.input(1);
      bias = node.input(2);
      outputShape = null;
      readCustomOptions(node);
      min = Float.NEGATIVE_INFINITY;
      max = Float.POSITIVE_INFINITY;
    } else {
      node.checkArity(3, 4, 1);
      outputShape = node.input(0);
      weights = node.input(1);
      input = node.input(2);
      bias = node.input(3);
      node.checkType(outputShape, "output_shape", DataType.INT32);
      TransposeConvOptions options =
          node.options(new TransposeConvOptions(), BuiltinOptions.TransposeConvOptions);
      if (options == null) {
        throw node.invalid("TransposeConvOptions are missing");
      }
      padding = ConvPadding.check(node, options.padding());
      strideH = options.strideH();
      strideW = options.strideW();
      activation = FusedActivation.of(node, options.fusedActivationFunction());
      min = activation.min;
      max = activation.max;
    }
    output = node.output(0);
    quantized = null;
    if (mediapipe) {
      node.checkType(input, "input", DataType.FLOAT32);
    } else {
      node.checkType(input, "input", DataType.FLOAT32, DataType.UINT8, DataType.INT8,
          DataType.INT16);
    }
    boolean quantizedInput = input.dataType() != DataType.FLOAT32;
    if (!quantizedInput) {
      node.checkType(weights, "weights", DataType.FLOAT32);
      node.checkType(output, "output", DataType.FLOAT32);
    }
    ConvChecks.rank(node, input, "input", 4);
    ConvChecks.rank(node, weights, "weights", 4);
    ConvPadding.checkPositive(node, "stride_h", strideH);
    ConvPadding.checkPositive(node, "stride_w", strideW);
    batches = input.dim(0);
    inH = input.dim(1);
    inW = input.dim(2);
    inC = input.dim(3);
    outC = weights.dim(0);
    filterH = weights.dim(1);
    filterW = weights.dim(2);
    if (filterH < 1 || filterW < 1) {
      throw node.invalid("weights " + Arrays.toString(weights.shape()) + " have an empty window");
    }
    if (inC < 1 || outC < 1) {
      throw node.invalid("input " + Arrays.toString(input.shape()) + " and weights "
          + Arrays.toString(weights.shape()) + " must have at least one channel each");
    }
    if (weights.dim(3) != inC) {
      throw node.invalid("weights " + Arrays.toString(weights.shape()) + " do not take the "
          + inC + " channels of input " + Arrays.toString(input.shape()));
    }
    if (quantizedInput) {
      quantized = QuantizedTransposeConv.prepare(node, input, weights, bias, output, activation);
    } else {
      ConvChecks.bias(node, bias, outC);
      prepareFloat(node);
    }

    if (mediapipe) {
      int totalH = padding == Padding.SAME
          ? Math.max(0, filterH - Math.floorMod(inH - 1, strideH) - 1) : 0;
      int totalW = padding == Padding.SAME
          ? Math.max(0, filterW - Math.floorMod(inW - 1, strideW) - 1) : 0;
      long h = (long) strideH * (inH - 1) + filterH - totalH;
      long w = (long) strideW * (inW - 1) + filterW - totalW;
      if (inH == 0 || inW == 0) {
        h = 0;
        w = 0;
      }
      setOutputSize(node, h, w);
      padH = totalH / 2;
      padW = totalW / 2;
      node.resizeOutput(0, batches, outH, outW, outC);
    } else {
      if (outputShape.numDimensions() != 1 || outputShape.numElements() != 4) {
        throw node.invalid("output_shape " + Arrays.toString(outputShape.shape())
            + " must be a vector of 4 values");
      }
      if (outputShape.isConstant()) {
        int[] shape = new int[4];
        outputShape.constantData().asIntBuffer().get(shape);
        String problem = checkOutputShape(shape);
        if (problem != null) {
          throw node.invalid(problem);
        }
        useOutputShape(node, shape);
      } else {
        node.markOutputDynamic(0);
      }
    }
  }

  /** The float path's GEMM: packed weights, bias, work split and column buffer. */
  private void prepareFloat(Node node) {
    int taps = ConvChecks.product(node, "weights window", filterH, filterW);
    columns = ConvChecks.product(node, "weights", taps, outC);
    pixels = batches * inH * inW;
    packed = new float[ConvChecks.size(node, "packed weights", gemm.packedSize(inC, columns))];
    staging = new float[ConvChecks.size(node, "weights", (long) inC * columns)];
    if (weights.isConstant()) {
      float[] values = new float[weights.numElements()];
      weights.constantData().asFloatBuffer().get(values);
      packWeights(values, 0);
      staging = null;
    }
    zeroBias = new float[gemm.panels(columns) * gemm.panelWidth()];
    biasValues = new float[outC];
    if (bias != null && bias.isConstant()) {
      bias.constantData().asFloatBuffer().get(biasValues);
    }
    int threads = node.threadCount();
    split = new GemmSplit(pixels, gemm.panels(columns), gemm.rowTile(), threads, 512);
    tiles = new float[threads][gemm.tileSize()];
    node.requestScratch(ConvChecks.size(node, "column buffer", (long) pixels * columns));
  }

  private void readCustomOptions(Node node) {
    ByteBuffer options = node.customOptions();
    if (options.remaining() < CUSTOM_OPTIONS_BYTES) {
      throw node.invalid("custom options hold " + options.remaining() + " bytes, "
          + CUSTOM_OPTIONS_BYTES + " expected (padding, stride_width, stride_height)");
    }
    int code = options.getInt(0);
    if (code != TFLITE_PADDING_SAME && code != TFLITE_PADDING_VALID) {
      throw node.invalid("padding " + code + " is not SAME (1) or VALID (2)");
    }
    padding = code == TFLITE_PADDING_SAME ? Padding.SAME : Padding.VALID;
    strideW = options.getInt(4);
    strideH = options.getInt(8);
  }

  private void setOutputSize(Node node, long h, long w) {
    if (h > Integer.MAX_VALUE || w > Integer.MAX_VALUE) {
      throw node.invalid("output size " + h + " x " + w + " is too large");
    }
    outH = (int) h;
    outW = (int) w;
  }

  /** Why an output_shape cannot be used, or null. */
  private String checkOutputShape(int[] shape) {
    if (shape[0] != batches || shape[3] != outC || shape[1] < 0 || shape[2] < 0) {
      return "output_shape " + Arrays.toString(shape) + " does not fit input "
          + Arrays.toString(input.shape()) + " and weights " + Arrays.toString(weights.shape());
    }
    return null;
  }

  /** Output size and TFLite's padding: that of the forward convolution from output to input. */
  private void useOutputShape(Node node, int[] shape) {
    outH = shape[1];
    outW = shape[2];
    int forwardH = ConvPadding.outputSize(padding, outH, filterH, strideH, 1);
    int forwardW = ConvPadding.outputSize(padding, outW, filterW, strideW, 1);
    padH = ConvPadding.before(outH, filterH, strideH, 1, forwardH);
    padW = ConvPadding.before(outW, filterW, strideW, 1, forwardW);
    node.resizeOutput(0, shape);
  }

  /** Packs weights [out][fy][fx][in] as B[in][(fy, fx, out)]: tap-major columns for the gather. */
  private void packWeights(float[] values, int offset) {
    int taps = filterH * filterW;
    for (int co = 0; co < outC; co++) {
      for (int t = 0; t < taps; t++) {
        int src = offset + (co * taps + t) * inC;
        int column = t * outC + co;
        for (int k = 0; k < inC; k++) {
          staging[k * columns + column] = values[src + k];
        }
      }
    }
    gemm.pack(staging, 0, columns, 1, inC, columns, packed, 0);
  }

  @Override
  public void eval(Node node) {
    if (outputShape != null && !outputShape.isConstant()) {
      int[] shape = requestedShape;
      System.arraycopy(outputShape.ints(), outputShape.offset(), shape, 0, 4);
      String problem = checkOutputShape(shape);
      if (problem != null) {
        throw new InferenceException(node + ": " + problem);
      }
      useOutputShape(node, shape);
    }
    if (output.numElements() == 0) {
      return;
    }
    if (quantized != null) {
      quantized.run(node, batches, inH, inW, inC, outH, outW, outC, filterH, filterW, padding,
          padH, padW, strideH, strideW);
      return;
    }
    if (!weights.isConstant()) {
      packWeights(weights.floats(), weights.offset());
    }
    if (bias != null && !bias.isConstant()) {
      System.arraycopy(bias.floats(), bias.offset(), biasValues, 0, outC);
    }
    in = input.floats();
    inOff = input.offset();
    out = output.floats();
    outOff = output.offset();
    col = node.scratch();
    if (pixels > 0) {
      node.parallelFor(split.tasks(), gemmTask);
    }
    gridH = mediapipe ? inH : col2imGrid(padding, outH, filterH, strideH);
    gridW = mediapipe ? inW : col2imGrid(padding, outW, filterW, strideW);
    node.parallelFor(batches * outH, gatherTask);
  }

  /**
   * The width (or height) of the position grid that TFLite's optimized kernels walk in col2im:
   * the input grid of the forward convolution from output to input,
   * {@code (out + total padding - filter) / stride + 1}. Their col2im takes the input pixels of a
   * batch in memory order, one per grid position, so the input lines up with the output only when
   * this grid equals the input's size; when output_shape disagrees with the input, pixel
   * {@code k} lands at grid position {@code (k / gridW, k % gridW)}.
   */
  static int col2imGrid(byte padding, int out, int filter, int stride) {
    int forward = ConvPadding.outputSize(padding, out, filter, stride, 1);
    long total = Math.max(0, (long) (forward - 1) * stride + filter - out);
    return (int) Math.max(0, (out + total - filter) / stride + 1);
  }

  private void gemmTask(int index, int thread) {
    int r0 = index / split.panelBlocks * split.rowBlock;
    int count = Math.min(split.rowBlock, pixels - r0);
    int p0 = index % split.panelBlocks * split.panelBlock;
    int p1 = Math.min(gemm.panels(columns), p0 + split.panelBlock);
    if (count <= 0 || p0 >= p1) {
      return;
    }
    gemm.multiply(in, inOff + r0 * inC, inC, 1, count, inC, packed, 0, p0, p1, columns,
        zeroBias, 0, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, col, r0 * columns,
        columns, tiles[thread]);
  }

  /** Output row {@code index} (batch-major): bias plus every tap's contribution, clamped. */
  private void gatherTask(int index, int thread) {
    int b = index / outH;
    int oy = index % outH;
    int o = outOff + index * outW * outC;
    int imagePixels = inH * inW;
    int end = batches * imagePixels;
    for (int ox = 0; ox < outW; ox++, o += outC) {
      System.arraycopy(biasValues, 0, out, o, outC);
      for (int fy = 0; fy < filterH; fy++) {
        int ny = oy + padH - fy;
        if (ny < 0 || ny % strideH != 0 || ny / strideH >= gridH) {
          continue;
        }
        int rowBase = b * imagePixels + ny / strideH * gridW;
        for (int fx = 0; fx < filterW; fx++) {
          int nx = ox + padW - fx;
          if (nx < 0 || nx % strideW != 0 || nx / strideW >= gridW
              || rowBase + nx / strideW >= end) {
            continue;
          }
          int s = (rowBase + nx / strideW) * columns + (fy * filterW + fx) * outC;
          for (int c = 0; c < outC; c++) {
            out[o + c] += col[s + c];
          }
        }
      }
      for (int c = 0; c < outC; c++) {
        out[o + c] = Math.max(min, Math.min(max, out[o + c]));
      }
    }
  }
}
