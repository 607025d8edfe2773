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
 * as in TFLite, may also be TANH or SIGN_BIT). Weights have one scale or one per unit.
 *
 * <p>With per-unit scales and symmetric input quantization TFLite 2.19's x86 kernel
 * ({@code PortableMatrixBatchVectorMultiplyAccumulate} without input offsets) drops the weight
 * scales altogether, giving {@code bias + dot * row_scale}; this kernel reproduces that, since it
 * is what TFLite computes for such a model.
 */
final class HybridFullyConnected implements Kernel {
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
  /** Weights as ints, {@code [depth][units]}. */
  private int[] packed;
  private float[] biasValues;
  /** All batch rows quantized, each value minus its row's zero point. */
  private int[] quantized;
  private float[] rowScales;
  private int[][] accumulators;
  private int unitTasks;
  private int rowTasks;
  private final ParallelTask task = this::runTask;
  private float[] out;
  private int outOff;

  /** Prepares the hybrid kernel when the node is hybrid, else returns null (float path). */
  static Kernel prepareIfHybrid(Node node, Kernel previous) {
    if (!HybridQuantization.applies(node, 1)) {
      return null;
    }
    Kernel kernel = previous != null ? previous : new HybridFullyConnected();
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

    int size = ConvChecks.size(node, "weights", (long) units * depth);
    raw = new byte[size];
    packed = new int[size];
    if (weights.isConstant()) {
      loadWeights();
    }
    biasValues = HybridQuantization.bias(bias, units);
    quantized = new int[ConvChecks.size(node, "quantized input", (long) batches * depth)];
    rowScales = new float[batches];
    int threads = node.threadCount();
    // A few rows still use every thread: tasks split the units too.
    unitTasks = threads == 1 || batches >= 4 * threads ? 1 : Math.min(units, 4 * threads);
    rowTasks = unitTasks == 1 ? Math.max(1, Math.min(batches, 4 * threads)) : 1;
    accumulators = new int[threads][GemmSplit.ceilDiv(Math.max(units, 1), unitTasks)];
  }

  private void loadWeights() {
    HybridQuantization.read(weights, raw);
    HybridQuantization.transpose(raw, units, depth, packed);
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
    out = output.floats();
    outOff = output.offset();
    node.parallelFor(rowTasks * unitTasks, task);
  }

  private void runTask(int index, int thread) {
    int rt = index / unitTasks;
    int ut = index % unitTasks;
    int b0 = (int) ((long) batches * rt / rowTasks);
    int b1 = (int) ((long) batches * (rt + 1) / rowTasks);
    int u0 = (int) ((long) units * ut / unitTasks);
    int u1 = (int) ((long) units * (ut + 1) / unitTasks);
    int count = u1 - u0;
    int[] acc = accumulators[thread];
    boolean perChannel = scales.length > 1 && asymmetric;
    for (int b = b0; b < b1; b++) {
      HybridQuantization.dot(quantized, b * depth, depth, packed, units, u0, count, acc);
      float rowScale = rowScales[b];
      int o = outOff + b * units + u0;
      for (int j = 0; j < count; j++) {
        float scale = perChannel ? rowScale * scales[u0 + j] : rowScale;
        float v = biasValues[u0 + j] + acc[j] * scale;
        out[o + j] = activation == ActivationFunctionType.NONE ? v
            : LstmKernels.activate(activation, v);
      }
    }
  }
}
