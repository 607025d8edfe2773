package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.FullyConnectedOptions;
import dev.jlite.schema.model.FullyConnectedOptionsWeightsFormat;
import java.util.Arrays;

/**
 * FULLY_CONNECTED: {@code output[b][u] = clamp(bias[u] + sum_i input[b][i] *
 * weights[u][i])}, the input read as rows of {@code weights.dim(1)} values. The weights are packed
 * once (in eval when they are not constants); a single row splits the output units across threads.
 * uint8 and int8 run on the same float product, exactly ({@link QuantizedGemm}); int16
 * activations take a 64-bit integer loop, as TFLite's reference kernel.
 */
final class FullyConnected implements Kernel {
  private static final int A_BLOCK_FLOATS = 64 * 1024;
  private static final int MAX_ROWS = 512;

  private final Sgemm gemm;
  private Tensor input;
  private Tensor weights;
  private Tensor bias;
  private Tensor output;
  private int depth;
  private int units;
  private int batches;
  private float min;
  private float max;
  private float[] packed;
  private float[] packedBias;
  private GemmSplit split;
  private float[][] tiles;
  private final ParallelTask task = this::runTask;
  private float[] in;
  private int inOff;
  private float[] out;
  private int outOff;
  private boolean quantized;
  private ConvQuantization quantization;
  private boolean unsigned;
  /** 8-bit activations: the exact product on the float GEMM. */
  private QuantizedGemm qGemm;
  private Requantizer requantizer;
  private float[] scratch;
  /** Floats of a thread's block of input rows; its product buffer follows. */
  private int rowsSize;
  private int scratchPerThread;
  /** Per thread: int32 sums of a block when the depth is cut into chunks. */
  private int[][] qAccumulators;
  private int[] qBias;
  /**
   * int16 weights, {@code [depth][units]}: an input value multiplies a contiguous run of weights,
   * a loop HotSpot vectorizes.
   */
  private int[] qWeights;
  private int qTasks;
  private final ParallelTask qTask = this::runQuantizedTask;
  /** int16 activations: 64-bit bias and accumulators, TFLite's reference kernel. */
  private boolean wide;
  private long[] wideBias;
  private long[][] wideAccumulators;
  private final ParallelTask wideTask = this::runWideTask;
  private short[] inShorts;
  private short[] outShorts;
  private byte[] inBytes;
  private byte[] outBytes;
  /** Float input with int8 weights: the dynamic-range kernel ({@link HybridFullyConnected}). */
  private Kernel hybrid;

  FullyConnected(Sgemm gemm) {
    this.gemm = gemm;
  }

  @Override
  public void prepare(Node node) {
    hybrid = HybridFullyConnected.prepareIfHybrid(node, hybrid, gemm);
    if (hybrid != null) {
      return;
    }
    node.checkArity(2, 3, 1);
    input = node.input(0);
    weights = node.input(1);
    bias = node.input(2);
    output = node.output(0);
    node.checkType(input, "input", DataType.FLOAT32, DataType.UINT8, DataType.INT8,
        DataType.INT16);
    quantized = ConvQuantization.isQuantized(input);
    if (!quantized) {
      node.checkType(weights, "weights", DataType.FLOAT32);
      node.checkType(output, "output", DataType.FLOAT32);
    }
    FullyConnectedOptions options =
        node.options(new FullyConnectedOptions(), BuiltinOptions.FullyConnectedOptions);
    boolean keepDims = false;
    byte activationType = 0;
    if (options != null) {
      if (options.weightsFormat() != FullyConnectedOptionsWeightsFormat.DEFAULT) {
        throw node.invalid("weights_format " + options.weightsFormat()
            + " is not supported, only DEFAULT");
      }
      keepDims = options.keepNumDims();
      activationType = options.fusedActivationFunction();
    }
    FusedActivation activation = FusedActivation.of(node, activationType);
    min = activation.min;
    max = activation.max;
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
    if (quantized) {
      quantization = ConvQuantization.prepare(node, input, weights, bias, output, units, 0,
          activation, ConvQuantization.RUY, true);
    } else {
      ConvChecks.bias(node, bias, units);
    }
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
    if (quantized) {
      prepareQuantized(node);
      return;
    }

    packed = new float[ConvChecks.size(node, "packed weights", gemm.packedSize(depth, units))];
    if (weights.isConstant()) {
      gemm.pack(weights.constantData().asFloatBuffer(), 0, 1, depth, depth, units, packed, 0);
    }
    packedBias = gemm.packBias(bias != null && bias.isConstant()
        ? bias.constantData().asFloatBuffer() : null, 0, units);
    int tile = gemm.rowTile();
    int maxRows = Math.min(MAX_ROWS, Math.max(tile, A_BLOCK_FLOATS / depth / tile * tile));
    int threads = node.threadCount();
    split = new GemmSplit(batches, gemm.panels(units), tile, threads, maxRows);
    tiles = new float[threads][gemm.tileSize()];
  }

  @Override
  public void eval(Node node) {
    if (hybrid != null) {
      hybrid.eval(node);
      return;
    }
    if (batches == 0 || units == 0) {
      return;
    }
    if (quantized) {
      evalQuantized(node);
      return;
    }
    if (!weights.isConstant()) {
      gemm.pack(weights.floats(), weights.offset(), 1, depth, depth, units, packed, 0);
    }
    if (bias != null && !bias.isConstant()) {
      System.arraycopy(bias.floats(), bias.offset(), packedBias, 0, units);
    }
    in = input.floats();
    inOff = input.offset();
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
    gemm.multiply(in, inOff + r0 * depth, depth, 1, count, depth, packed, 0, p0, p1, units,
        packedBias, 0, min, max, out, outOff + r0 * units, units, tiles[thread]);
  }

  private void prepareQuantized(Node node) {
    unsigned = input.dataType() == DataType.UINT8;
    wide = input.dataType() == DataType.INT16;
    qBias = new int[units];
    wideBias = new long[wide ? units : 0];
    if (bias != null && bias.isConstant()) {
      readQuantizedBias();
    }
    int threads = node.threadCount();
    if (wide) {
      qWeights = new int[ConvChecks.size(node, "weights", (long) units * depth)];
      if (weights.isConstant()) {
        byte[] raw = new byte[qWeights.length];
        weights.constantData().get(raw);
        loadWeights(raw, 0);
      }
      // Tasks split the output units, so a single input row still uses every thread.
      qTasks = threads == 1 ? 1 : Math.min(units, 4 * threads);
      wideAccumulators = new long[threads][GemmSplit.ceilDiv(units, qTasks)];
      return;
    }
    long packedSize = gemm.packedSize(depth, units);
    ConvChecks.size(node, "packed weights", packedSize);
    requantizer = Requantizer.create(quantization);
    qGemm = new QuantizedGemm(gemm, 1, units, depth, packedSize,
        QuantizedGemm.maxInput(unsigned, quantization.inputOffset));
    if (weights.isConstant()) {
      byte[] raw = new byte[ConvChecks.size(node, "weights", (long) units * depth)];
      weights.constantData().get(raw);
      qGemm.packConstant(raw, 0, unsigned, quantization.filterOffset);
    } else {
      qGemm.prepareVariable(unsigned);
    }
    int tile = gemm.rowTile();
    int maxRows = Math.min(MAX_ROWS, Math.max(tile, A_BLOCK_FLOATS / depth / tile * tile));
    split = new GemmSplit(batches, gemm.panels(units), tile, threads, maxRows);
    rowsSize = ConvChecks.size(node, "input rows", (long) split.rowBlock * depth);
    int sums = ConvChecks.size(node, "product buffer",
        qGemm.bufferSize(split.rowBlock, split.panelBlock));
    scratchPerThread = ConvChecks.size(node, "input rows", (long) rowsSize + sums);
    node.requestScratch(ConvChecks.size(node, "input rows", (long) scratchPerThread * threads));
    tiles = new float[threads][gemm.tileSize()];
    qAccumulators = new int[threads][qGemm.chunks() > 1 ? sums : 0];
  }

  /** int16 weights for the 64-bit path, {@code [depth][units]}. */
  private void loadWeights(byte[] raw, int off) {
    for (int u = 0; u < units; u++) {
      for (int k = 0; k < depth; k++) {
        qWeights[k * units + u] = raw[off + u * depth + k];
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
      if (!weights.isConstant()) {
        loadWeights(weights.bytes(), weights.offset());
      }
      inShorts = input.shorts();
      outShorts = output.shorts();
      node.parallelFor(qTasks, wideTask);
      return;
    }
    if (!weights.isConstant()) {
      qGemm.pack(weights.bytes(), weights.offset(), unsigned, quantization.filterOffset);
    }
    inBytes = input.bytes();
    outBytes = output.bytes();
    scratch = node.scratch();
    node.parallelFor(split.tasks(), qTask);
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
    int u0 = (int) ((long) units * index / qTasks);
    int u1 = (int) ((long) units * (index + 1) / qTasks);
    int count = u1 - u0;
    long[] acc = wideAccumulators[thread];
    for (int b = 0; b < batches; b++) {
      System.arraycopy(wideBias, u0, acc, 0, count);
      int s = inOff + b * depth;
      for (int k = 0, w = u0; k < depth; k++, w += units) {
        int a = inShorts[s + k];
        for (int j = 0; j < count; j++) {
          acc[j] += a * qWeights[w + j];
        }
      }
      int o = outOff + b * units + u0;
      for (int j = 0; j < count; j++) {
        outShorts[o + j] = (short) quantization.output(acc[j], u0 + j);
      }
    }
  }

  /** A block of 8-bit rows and panels: rows as floats plus the input offset, then the product. */
  private void runQuantizedTask(int index, int thread) {
    int r0 = index / split.panelBlocks * split.rowBlock;
    int count = Math.min(split.rowBlock, batches - r0);
    int p0 = index % split.panelBlocks * split.panelBlock;
    int p1 = Math.min(gemm.panels(units), p0 + split.panelBlock);
    if (count <= 0 || p0 >= p1) {
      return;
    }
    int a = thread * scratchPerThread;
    requantizer.toFloats(inBytes, inOff + r0 * depth, unsigned, quantization.inputOffset,
        scratch, a, count * depth);
    qGemm.multiply(scratch, a, depth, count, 0, p0, p1, scratch, a + rowsSize,
        qAccumulators[thread], tiles[thread], qBias, requantizer, outBytes, outOff + r0 * units,
        units);
  }
}
