package dev.jlite.engine.kernels;

import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.FullyConnectedOptions;
import dev.jlite.schema.model.FullyConnectedOptionsWeightsFormat;
import java.util.Arrays;

/**
 * FULLY_CONNECTED with float32 input and output and int8 weights (TFLite's {@code EvalHybrid}):
 * each batch row is quantized on its own ({@link HybridQuantization}, asymmetrically when the
 * options say {@code asymmetric_quantize_inputs}), multiplied exactly in integers, and
 * {@code output = bias + dot * row_scale * weight_scale}, then the fused activation (which here,
 * as in TFLite, may also be TANH or SIGN_BIT). Weights have one scale or one per unit. The
 * products run on the float GEMM, exactly ({@link HybridGemm}), split like the float kernel's.
 *
 * <p>With per-unit scales and symmetric input quantization TFLite 2.19's x86 kernel
 * ({@code PortableMatrixBatchVectorMultiplyAccumulate} without input offsets) drops the weight
 * scales altogether, giving {@code bias + dot * row_scale}; this kernel reproduces that, since it
 * is what TFLite computes for such a model.
 */
final class HybridFullyConnected implements Kernel {
  private static final int A_BLOCK_FLOATS = 64 * 1024;
  private static final int MAX_ROWS = 512;

  private Tensor input;
  private Tensor weights;
  private Tensor bias;
  private Tensor output;
  private int depth;
  private int units;
  private int batches;
  private byte activation;
  private boolean asymmetric;
  private float[] scales;
  private byte[] raw;
  private final Sgemm gemm;
  private HybridGemm weightsGemm;
  private float[] biasValues;
  /** All batch rows quantized, each value minus its row's zero point. */
  private int[] quantized;
  /** The same values as floats: the GEMM's left operand. */
  private float[] quantizedFloats;
  private float[] rowScales;
  private GemmSplit split;
  private int[][] accumulators;
  private float[][] scratch;
  private float[][] tiles;
  private final ParallelTask task = this::runTask;
  private float[] out;
  private int outOff;

  private HybridFullyConnected(Sgemm gemm) {
    this.gemm = gemm;
  }

  /** Prepares the hybrid kernel when the node is hybrid, else returns null (float path). */
  static Kernel prepareIfHybrid(Node node, Kernel previous, Sgemm gemm) {
    if (!HybridQuantization.applies(node, 1)) {
      return null;
    }
    Kernel kernel = previous != null ? previous : new HybridFullyConnected(gemm);
    kernel.prepare(node);
    return kernel;
  }

  @Override
  public void prepare(Node node) {
    node.checkArity(2, 3, 1);
    input = node.input(0);
    weights = node.input(1);
    bias = node.input(2);
    output = node.output(0);
    HybridQuantization.checkFloat(node, input, output, bias);
    FullyConnectedOptions options =
        node.options(new FullyConnectedOptions(), BuiltinOptions.FullyConnectedOptions);
    boolean keepDims = false;
    activation = ActivationFunctionType.NONE;
    asymmetric = false;
    if (options != null) {
      if (options.weightsFormat() != FullyConnectedOptionsWeightsFormat.DEFAULT) {
        throw node.invalid("weights_format " + options.weightsFormat()
            + " is not supported, only DEFAULT");
      }
      keepDims = options.keepNumDims();
      activation = options.fusedActivationFunction();
      asymmetric = options.asymmetricQuantizeInputs();
    }
    if (activation < ActivationFunctionType.NONE || activation > ActivationFunctionType.SIGN_BIT) {
      throw node.invalid("fused activation " + activation + " is not supported");
    }
    ConvChecks.rank(node, weights, "weights", 2);
    units = weights.dim(0);
    depth = weights.dim(1);
    if (depth < 1) {
      throw node.invalid("weights " + Arrays.toString(weights.shape())
          + " have no input dimension");
    }
    int elements = input.numElements();
    if (elements % depth != 0) {
      throw node.invalid("input " + Arrays.toString(input.shape()) + " of " + elements
          + " values is not a whole number of rows of " + depth);
    }
    batches = elements / depth;
    if (bias != null && bias.numElements() != units) {
      throw node.invalid("bias " + Arrays.toString(bias.shape()) + " has "
          + bias.numElements() + " values for " + units + " units");
    }
    scales = HybridQuantization.weightScales(node, weights, units, 0);
    int[] shape;
    if (keepDims) {
      shape = input.shape();
      if (shape.length == 0 || shape[shape.length - 1] != depth) {
        throw node.invalid("keep_num_dims needs the input's last dimension "
            + Arrays.toString(shape) + " to equal the weights' " + depth);
      }
      shape[shape.length - 1] = units;
    } else {
      shape = new int[] {batches, units};
    }
    node.resizeOutput(0, shape);

    raw = new byte[ConvChecks.size(node, "weights", (long) units * depth)];
    weightsGemm = new HybridGemm(node, gemm, depth, units, 1);
    if (weights.isConstant()) {
      loadWeights();
    }
    biasValues = HybridQuantization.bias(bias, units);
    quantized = new int[ConvChecks.size(node, "quantized input", (long) batches * depth)];
    quantizedFloats = new float[quantized.length];
    rowScales = new float[batches];
    int threads = node.threadCount();
    int tile = gemm.rowTile();
    int maxRows = Math.min(MAX_ROWS, Math.max(tile, A_BLOCK_FLOATS / depth / tile * tile));
    split = new GemmSplit(batches, gemm.panels(units), tile, threads, maxRows);
    int block = ConvChecks.size(node, "accumulators", (long) split.rowBlock * units);
    accumulators = new int[threads][block];
    scratch = new float[threads][block];
    tiles = new float[threads][gemm.tileSize()];
  }

  private void loadWeights() {
    HybridQuantization.read(weights, raw);
    // B[k][u] = weights[u][k].
    weightsGemm.pack(raw, 0, 1, depth, 0);
  }

  @Override
  public void eval(Node node) {
    if (batches == 0 || units == 0) {
      return;
    }
    if (!weights.isConstant()) {
      loadWeights();
    }
    HybridQuantization.refreshBias(bias, biasValues);
    float[] in = input.floats();
    int inOff = input.offset();
    for (int b = 0; b < batches; b++) {
      int off = inOff + b * depth;
      float scale = asymmetric
          ? HybridQuantization.asymmetric(in, off, depth, quantized, b * depth)
          : HybridQuantization.symmetric(in, off, depth, quantized, b * depth);
      // TFLite folds a per-tensor weight scale into the row's scale first.
      rowScales[b] = scales.length == 1 ? scale * scales[0] : scale;
    }
    HybridGemm.toFloats(quantized, 0, quantized.length, quantizedFloats, 0);
    out = output.floats();
    outOff = output.offset();
    node.parallelFor(split.tasks(), task);
  }

  private void runTask(int index, int thread) {
    int r0 = index / split.panelBlocks * split.rowBlock;
    int count = Math.min(split.rowBlock, batches - r0);
    int p0 = index % split.panelBlocks * split.panelBlock;
    int p1 = Math.min(gemm.panels(units), p0 + split.panelBlock);
    if (count <= 0 || p0 >= p1) {
      return;
    }
    int[] acc = accumulators[thread];
    weightsGemm.multiply(quantizedFloats, r0 * depth, depth, count, 0, p0, p1, acc, units,
        scratch[thread], tiles[thread]);
    int u0 = p0 * gemm.panelWidth();
    int u1 = Math.min(units, p1 * gemm.panelWidth());
    for (int r = 0; r < count; r++) {
      store(r0 + r, u0, u1 - u0, acc, r * units + u0);
    }
  }

  /** {@code output = bias + dot * scale}, then the activation, for one row's units. */
  private void store(int b, int u0, int count, int[] acc, int a0) {
    boolean perChannel = scales.length > 1 && asymmetric;
    float rowScale = rowScales[b];
    int o = outOff + b * units + u0;
    for (int j = 0; j < count; j++) {
      float scale = perChannel ? rowScale * scales[u0 + j] : rowScale;
      float v = biasValues[u0 + j] + acc[a0 + j] * scale;
      out[o + j] = activation == ActivationFunctionType.NONE ? v
          : LstmKernels.activate(activation, v);
    }
  }
}
