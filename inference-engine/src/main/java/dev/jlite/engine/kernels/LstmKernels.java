package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.UnidirectionalSequenceLSTMOptions;
import java.util.Arrays;

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM, float32, following TFLite's float LSTM step: per time step and
 * batch row, each gate is {@code bias + W_x x + W_h h (+ peephole * c)} (with layer normalization: the
 * sum without bias is normalized to zero mean and unit variance, scaled by the coefficients, then
 * the bias is added), squashed by a sigmoid (the cell gate by the fused activation); then
 * {@code c = f * c + i * g} (CIFG: {@code i = 1 - f}), clipped to {@code cell_clip}; the output
 * gate's peephole reads the new cell state; {@code h = o * act(c)}, projected and clipped to
 * {@code proj_clip} when projection weights are present. The output and cell states are variable
 * tensors (inputs 18 and 19), so a sequence continues where the previous run stopped.
 *
 * <p>Hybrid models (float input and states, int8 weight matrices, peepholes and projection, each
 * with one scale) run TFLite's {@code LstmStepHybrid}: at every step the input rows and the
 * output-state rows are quantized on the fly ({@link HybridQuantization}, asymmetrically with
 * {@code asymmetric_quantize_inputs}), each matrix product is an exact integer dot product scaled
 * by {@code row_scale * weight_scale} and added to the gate, peepholes multiply
 * {@code weight * scale} by the cell state, and the projection quantizes the hidden rows the
 * same way. Everything else is the float step.
 */
final class LstmKernels {
  private LstmKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM, UnidirectionalLstm::new);
  }

  // Input tensor positions, as in TFLite's lstm_shared.h.
  static final int INPUT = 0;
  static final int INPUT_TO_INPUT = 1;
  static final int INPUT_TO_FORGET = 2;
  static final int INPUT_TO_CELL = 3;
  static final int INPUT_TO_OUTPUT = 4;
  static final int RECURRENT_TO_INPUT = 5;
  static final int RECURRENT_TO_FORGET = 6;
  static final int RECURRENT_TO_CELL = 7;
  static final int RECURRENT_TO_OUTPUT = 8;
  static final int CELL_TO_INPUT = 9;
  static final int CELL_TO_FORGET = 10;
  static final int CELL_TO_OUTPUT = 11;
  static final int INPUT_GATE_BIAS = 12;
  static final int FORGET_GATE_BIAS = 13;
  static final int CELL_GATE_BIAS = 14;
  static final int OUTPUT_GATE_BIAS = 15;
  static final int PROJECTION_WEIGHTS = 16;
  static final int PROJECTION_BIAS = 17;
  static final int OUTPUT_STATE = 18;
  static final int CELL_STATE = 19;
  static final int INPUT_LAYER_NORM = 20;
  static final int FORGET_LAYER_NORM = 21;
  static final int CELL_LAYER_NORM = 22;
  static final int OUTPUT_LAYER_NORM = 23;

  /** TFLite's MeanStddevNormalization adds this to the variance before the square root. */
  private static final float NORMALIZATION_EPSILON = 1e-8f;

  /** One gate's parameters: input and recurrent weights, peephole, layer norm, bias. */
  private static final class Gate {
    Tensor inputWeights;
    Tensor recurrentWeights;
    Tensor peephole;
    Tensor layerNorm;
    Tensor bias;
    float[] values;
    /** Hybrid: the int8 input and recurrent weights, and the peephole weights times scale. */
    HybridWeights inputQ;
    HybridWeights recurrentQ;
    HybridWeights peepholeQ;
  }

  /** One int8 weight matrix {@code [rows][cols]} of a hybrid LSTM, with its single scale. */
  private static final class HybridWeights {
    final Tensor tensor;
    final int rows;
    final int cols;
    final float scale;
    final byte[] raw;
    /** {@code [cols][rows]} ints for {@link HybridQuantization#dot}. */
    final int[] packed;
    /** For a peephole vector: {@code weight * scale}, as TFLite's VectorScalarMultiply. */
    final float[] recovered;

    HybridWeights(Node node, Tensor tensor, int rows, int cols) {
      this.tensor = tensor;
      this.rows = rows;
      this.cols = cols;
      float[] scales = HybridQuantization.weightScales(node, tensor, rows, 0);
      if (scales.length != 1) {
        throw node.invalid("int8 LSTM weights (tensor " + tensor.index()
            + ") must have one scale, have " + scales.length);
      }
      scale = scales[0];
      raw = new byte[rows * cols];
      packed = new int[rows * cols];
      recovered = new float[cols == 1 ? rows : 0];
      if (tensor.isConstant()) {
        load();
      }
    }

    void load() {
      HybridQuantization.read(tensor, raw);
      HybridQuantization.transpose(raw, rows, cols, packed);
      for (int i = 0; i < recovered.length; i++) {
        recovered[i] = scale * raw[i];
      }
    }

    void reload() {
      if (!tensor.isConstant()) {
        load();
      }
    }
  }

  /** One UNIDIRECTIONAL_SEQUENCE_LSTM node. */
  static final class UnidirectionalLstm implements Kernel {
    private final Gate inputGate = new Gate();
    private final Gate forgetGate = new Gate();
    private final Gate cellGate = new Gate();
    private final Gate outputGate = new Gate();
    private final Gate[] gates = {inputGate, forgetGate, cellGate, outputGate};
    private Tensor input;
    private Tensor projectionWeights;
    private Tensor projectionBias;
    private Tensor outputState;
    private Tensor cellState;
    private Tensor output;
    private boolean cifg;
    private boolean layerNorm;
    private boolean timeMajor;
    private byte activation;
    private float cellClip;
    private float projClip;
    private int maxTime;
    private int batches;
    private int inputSize;
    private int cells;
    private int outputSize;
    private float[] hidden;
    /** Float input with int8 weights: TFLite's hybrid step. */
    private boolean hybrid;
    private boolean asymmetric;
    private HybridWeights projectionQ;
    /** Hybrid: quantized input, output-state and hidden rows, and their scales. */
    private int[] qInput;
    private int[] qState;
    private int[] qHidden;
    private float[] inputScales;
    private float[] stateScales;
    private int[] inputDots;
    private int[] stateDots;

    @Override
    public void prepare(Node node) {
      // Many of the 20 (or 24, with layer normalization) inputs are optional, so checkArity's
      // all-present rule does not apply; required ones are checked one by one below.
      if (node.inputCount() != 20 && node.inputCount() != 24) {
        throw node.invalid("expects 20 or 24 inputs, has " + node.inputCount());
      }
      if (node.outputCount() != 1) {
        throw node.invalid("expects 1 output, has " + node.outputCount());
      }
      if (!node.hasInput(INPUT)) {
        throw node.invalid("input 0 is required but missing");
      }
      UnidirectionalSequenceLSTMOptions o = node.options(new UnidirectionalSequenceLSTMOptions(),
          BuiltinOptions.UnidirectionalSequenceLSTMOptions);
      if (o == null) {
        throw node.invalid("UnidirectionalSequenceLSTMOptions are missing");
      }
      activation = o.fusedActivationFunction();
      switch (activation) {
        case ActivationFunctionType.NONE, ActivationFunctionType.RELU,
            ActivationFunctionType.RELU_N1_TO_1, ActivationFunctionType.RELU6,
            ActivationFunctionType.TANH, ActivationFunctionType.SIGN_BIT -> { }
        default -> throw node.invalid("fused activation " + activation + " is not supported");
      }
      cellClip = o.cellClip();
      projClip = o.projClip();
      if (!(cellClip >= 0) || !(projClip >= 0)) {
        throw node.invalid("cell_clip " + cellClip + " and proj_clip " + projClip
            + " must not be negative");
      }
      if (o.diagonalRecurrentTensors()) {
        throw node.invalid("diagonal recurrent weights are not supported");
      }
      timeMajor = o.timeMajor();
      asymmetric = o.asymmetricQuantizeInputs();

      input = node.input(INPUT);
      output = node.output(0);
      node.checkType(input, "input", DataType.FLOAT32);
      node.checkType(output, "output", DataType.FLOAT32);
      if (input.numDimensions() != 3) {
        throw node.invalid("input must have rank 3, has rank " + input.numDimensions());
      }
      maxTime = timeMajor ? input.dim(0) : input.dim(1);
      batches = timeMajor ? input.dim(1) : input.dim(0);
      inputSize = input.dim(2);

      Tensor inputToOutput = required(node, INPUT_TO_OUTPUT, "input_to_output_weights");
      Tensor recurrentToOutput = required(node, RECURRENT_TO_OUTPUT,
          "recurrent_to_output_weights");
      if (inputToOutput.numDimensions() != 2 || recurrentToOutput.numDimensions() != 2) {
        throw node.invalid("input_to_output and recurrent_to_output weights must be matrices");
      }
      cells = inputToOutput.dim(0);
      outputSize = recurrentToOutput.dim(1);
      hybrid = inputToOutput.dataType() == DataType.INT8;

      cifg = !node.hasInput(INPUT_TO_INPUT);
      if (cifg != !node.hasInput(RECURRENT_TO_INPUT)) {
        throw node.invalid("input_to_input and recurrent_to_input weights must be both present"
            + " or both absent (CIFG)");
      }
      layerNorm = node.inputCount() == 24 && node.hasInput(FORGET_LAYER_NORM);
      boolean peephole = node.hasInput(CELL_TO_OUTPUT);
      if (peephole != node.hasInput(CELL_TO_FORGET)
          || (!cifg && peephole != node.hasInput(CELL_TO_INPUT))
          || (cifg && node.hasInput(CELL_TO_INPUT))) {
        throw node.invalid("peephole weights must be all present or all absent");
      }
      if (cifg && node.hasInput(INPUT_GATE_BIAS)) {
        throw node.invalid("a CIFG LSTM (no input gate weights) cannot have an input gate bias");
      }
      if (cifg && layerNorm && node.hasInput(INPUT_LAYER_NORM)) {
        throw node.invalid("a CIFG LSTM cannot have input layer norm coefficients");
      }

      if (!cifg) {
        gate(node, inputGate, INPUT_TO_INPUT, RECURRENT_TO_INPUT, CELL_TO_INPUT,
            INPUT_LAYER_NORM, INPUT_GATE_BIAS, "input");
      }
      gate(node, forgetGate, INPUT_TO_FORGET, RECURRENT_TO_FORGET, CELL_TO_FORGET,
          FORGET_LAYER_NORM, FORGET_GATE_BIAS, "forget");
      gate(node, cellGate, INPUT_TO_CELL, RECURRENT_TO_CELL, -1, CELL_LAYER_NORM,
          CELL_GATE_BIAS, "cell");
      gate(node, outputGate, INPUT_TO_OUTPUT, RECURRENT_TO_OUTPUT, CELL_TO_OUTPUT,
          OUTPUT_LAYER_NORM, OUTPUT_GATE_BIAS, "output");

      projectionWeights = node.input(PROJECTION_WEIGHTS);
      projectionBias = node.input(PROJECTION_BIAS);
      if (projectionWeights != null) {
        checkWeights(node, projectionWeights, "projection_weights", outputSize, cells);
        projectionQ = hybrid ? new HybridWeights(node, projectionWeights, outputSize, cells)
            : null;
      } else if (outputSize != cells) {
        throw node.invalid("without projection weights the output size " + outputSize
            + " must equal the number of cells " + cells);
      }
      if (projectionBias != null) {
        if (projectionWeights == null) {
          throw node.invalid("projection_bias needs projection_weights");
        }
        check(node, projectionBias, "projection_bias", outputSize);
      }

      outputState = required(node, OUTPUT_STATE, "output_state");
      cellState = required(node, CELL_STATE, "cell_state");
      for (Tensor state : new Tensor[] {outputState, cellState}) {
        if (!state.isVariable()) {
          throw node.invalid("state tensor " + state.index() + " '" + state.name()
              + "' must be a variable tensor");
        }
        node.checkType(state, "state", DataType.FLOAT32);
      }
      if (outputState.numElements() != (long) batches * outputSize) {
        throw node.invalid("output_state has " + outputState.numElements() + " elements, "
            + batches + " batches x " + outputSize + " outputs need "
            + (long) batches * outputSize);
      }
      if (cellState.numElements() != (long) batches * cells) {
        throw node.invalid("cell_state has " + cellState.numElements() + " elements, "
            + batches + " batches x " + cells + " cells need " + (long) batches * cells);
      }
      node.resizeOutput(0, timeMajor ? new int[] {maxTime, batches, outputSize}
          : new int[] {batches, maxTime, outputSize});
      for (Gate g : new Gate[] {inputGate, forgetGate, cellGate, outputGate}) {
        g.values = new float[batches * cells];
      }
      hidden = new float[batches * cells];
      if (hybrid) {
        qInput = new int[batches * inputSize];
        qState = new int[batches * outputSize];
        qHidden = new int[batches * cells];
        inputScales = new float[batches];
        stateScales = new float[batches];
        inputDots = new int[cells];
        stateDots = new int[Math.max(cells, outputSize)];
      }
    }

    private static Tensor required(Node node, int index, String what) {
      Tensor t = node.input(index);
      if (t == null) {
        throw node.invalid(what + " (input " + index + ") is required");
      }
      return t;
    }

    /** Reads and checks one gate's tensors. */
    private void gate(Node node, Gate g, int inputWeights, int recurrentWeights, int peephole,
        int layerNormIndex, int bias, String name) {
      g.inputWeights = required(node, inputWeights, "input_to_" + name + "_weights");
      checkWeights(node, g.inputWeights, "input_to_" + name + "_weights", cells, inputSize);
      g.recurrentWeights = required(node, recurrentWeights, "recurrent_to_" + name + "_weights");
      checkWeights(node, g.recurrentWeights, "recurrent_to_" + name + "_weights", cells,
          outputSize);
      g.peephole = peephole < 0 ? null : node.input(peephole);
      if (g.peephole != null) {
        checkWeights(node, g.peephole, "cell_to_" + name + "_weights", cells);
      }
      if (hybrid) {
        g.inputQ = new HybridWeights(node, g.inputWeights, cells, inputSize);
        g.recurrentQ = new HybridWeights(node, g.recurrentWeights, cells, outputSize);
        g.peepholeQ = g.peephole == null ? null : new HybridWeights(node, g.peephole, cells, 1);
      }
      g.layerNorm = layerNorm ? required(node, layerNormIndex, name + "_layer_norm_coefficients")
          : null;
      if (g.layerNorm != null) {
        check(node, g.layerNorm, name + "_layer_norm_coefficients", cells);
      }
      g.bias = required(node, bias, name + "_gate_bias");
      check(node, g.bias, name + "_gate_bias", cells);
    }

    /** Weight matrices, peepholes and projection: int8 in a hybrid LSTM, else float32. */
    private void checkWeights(Node node, Tensor t, String what, int... shape) {
      check(node, t, what, hybrid ? DataType.INT8 : DataType.FLOAT32, shape);
    }

    private static void check(Node node, Tensor t, String what, int... shape) {
      check(node, t, what, DataType.FLOAT32, shape);
    }

    private static void check(Node node, Tensor t, String what, DataType type, int... shape) {
      node.checkType(t, what, type);
      if (!Arrays.equals(t.shape(), shape)) {
        throw node.invalid(what + " has shape " + Arrays.toString(t.shape()) + ", expected "
            + Arrays.toString(shape));
      }
    }

    @Override
    public void eval(Node node) {
      if (hybrid) {
        for (Gate g : gates) {
          if (g.inputQ != null) {
            g.inputQ.reload();
            g.recurrentQ.reload();
            if (g.peepholeQ != null) {
              g.peepholeQ.reload();
            }
          }
        }
        if (projectionQ != null) {
          projectionQ.reload();
        }
      }
      float[] in = input.floats();
      float[] out = output.floats();
      if (timeMajor) {
        for (int t = 0; t < maxTime; t++) {
          step(in, input.offset() + t * batches * inputSize, batches, 0, 0, out,
              output.offset() + t * batches * outputSize);
        }
      } else {
        for (int b = 0; b < batches; b++) {
          for (int t = 0; t < maxTime; t++) {
            int row = b * maxTime + t;
            step(in, input.offset() + row * inputSize, 1, b * outputSize, b * cells, out,
                output.offset() + row * outputSize);
          }
        }
      }
    }

    /**
     * One time step for {@code rows} consecutive batch rows, whose output and cell states start at
     * element {@code h0} and {@code c0} of the state tensors.
     */
    private void step(float[] x, int x0, int rows, int h0, int c0, float[] out, int out0) {
      float[] h = outputState.floats();
      int hBase = outputState.offset() + h0;
      float[] c = cellState.floats();
      int cBase = cellState.offset() + c0;
      int n = rows * cells;
      if (hybrid) {
        for (int r = 0; r < rows; r++) {
          inputScales[r] = quantize(x, x0 + r * inputSize, inputSize, qInput, r * inputSize);
          stateScales[r] = quantize(h, hBase + r * outputSize, outputSize, qState,
              r * outputSize);
        }
      }
      if (!cifg) {
        computeGate(inputGate, x, x0, h, hBase, c, cBase, rows, true);
      }
      computeGate(forgetGate, x, x0, h, hBase, c, cBase, rows, true);
      computeGate(cellGate, x, x0, h, hBase, c, cBase, rows, false);
      float[] f = forgetGate.values;
      float[] g = cellGate.values;
      float[] i = inputGate.values;
      for (int k = 0; k < n; k++) {
        float cell = f[k] * c[cBase + k];
        float in = cifg ? 1f - f[k] : i[k];
        cell += g[k] * in;
        if (cellClip > 0) {
          cell = Math.max(-cellClip, Math.min(cellClip, cell));
        }
        c[cBase + k] = cell;
      }
      computeGate(outputGate, x, x0, h, hBase, c, cBase, rows, true);
      float[] o = outputGate.values;
      // TFLite's activation with NONE leaves its destination untouched, and the destination here
      // is the cell gate's buffer: TFLite then multiplies the output gate by the cell gate, not by
      // the cell state. Reproduced to match it.
      boolean none = activation == ActivationFunctionType.NONE;
      for (int k = 0; k < n; k++) {
        hidden[k] = o[k] * (none ? g[k] : activate(activation, c[cBase + k]));
      }
      if (projectionQ != null) {
        project(rows, h, hBase);
      } else if (projectionWeights != null) {
        float[] w = projectionWeights.floats();
        int w0 = projectionWeights.offset();
        float[] pb = projectionBias == null ? null : projectionBias.floats();
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < outputSize; j++) {
            float acc = pb == null ? 0f : pb[projectionBias.offset() + j];
            float dot = 0f;
            int wr = w0 + j * cells;
            for (int k = 0; k < cells; k++) {
              dot += w[wr + k] * hidden[r * cells + k];
            }
            acc += dot;
            if (projClip > 0) {
              acc = Math.max(-projClip, Math.min(projClip, acc));
            }
            h[hBase + r * outputSize + j] = acc;
          }
        }
      } else {
        System.arraycopy(hidden, 0, h, hBase, n);
      }
      System.arraycopy(h, hBase, out, out0, rows * outputSize);
    }

    /**
     * Fills {@code g.values} for {@code rows} batch rows, squashed by the sigmoid (input, forget
     * and output gates) or by the fused activation (cell gate).
     */
    private void computeGate(Gate g, float[] x, int x0, float[] h, int hBase, float[] c,
        int cBase, int rows, boolean sigmoid) {
      if (hybrid) {
        hybridSums(g, c, cBase, rows);
      } else {
        floatSums(g, x, x0, h, hBase, c, cBase, rows);
      }
      normalizeAndActivate(g, rows, sigmoid);
    }

    /** The float gate sums: bias (unless layer norm) + W_x x + W_h h (+ peephole * c). */
    private void floatSums(Gate g, float[] x, int x0, float[] h, int hBase, float[] c,
        int cBase, int rows) {
      float[] v = g.values;
      float[] bias = g.bias.floats();
      int b0 = g.bias.offset();
      float[] wx = g.inputWeights.floats();
      int wx0 = g.inputWeights.offset();
      float[] wh = g.recurrentWeights.floats();
      int wh0 = g.recurrentWeights.offset();
      for (int r = 0; r < rows; r++) {
        for (int k = 0; k < cells; k++) {
          float acc = layerNorm ? 0f : bias[b0 + k];
          float dot = 0f;
          int row = wx0 + k * inputSize;
          int xr = x0 + r * inputSize;
          for (int j = 0; j < inputSize; j++) {
            dot += wx[row + j] * x[xr + j];
          }
          acc += dot;
          dot = 0f;
          row = wh0 + k * outputSize;
          int hr = hBase + r * outputSize;
          for (int j = 0; j < outputSize; j++) {
            dot += wh[row + j] * h[hr + j];
          }
          acc += dot;
          if (g.peephole != null) {
            acc += g.peephole.floats()[g.peephole.offset() + k] * c[cBase + r * cells + k];
          }
          v[r * cells + k] = acc;
        }
      }
    }

    /**
     * The hybrid gate sums, in TFLite's order: bias (unless layer norm), plus the input product,
     * plus the recurrent product (each {@code dot * row_scale * weight_scale}), plus the
     * peephole {@code (weight * scale) * c}.
     */
    private void hybridSums(Gate g, float[] c, int cBase, int rows) {
      float[] v = g.values;
      float[] bias = g.bias.floats();
      int b0 = g.bias.offset();
      for (int r = 0; r < rows; r++) {
        HybridQuantization.dot(qInput, r * inputSize, inputSize, g.inputQ.packed, cells, 0,
            cells, inputDots);
        HybridQuantization.dot(qState, r * outputSize, outputSize, g.recurrentQ.packed, cells, 0,
            cells, stateDots);
        float inputScale = inputScales[r] * g.inputQ.scale;
        float stateScale = stateScales[r] * g.recurrentQ.scale;
        for (int k = 0; k < cells; k++) {
          float acc = layerNorm ? 0f : bias[b0 + k];
          acc += inputDots[k] * inputScale;
          acc += stateDots[k] * stateScale;
          if (g.peepholeQ != null) {
            acc += g.peepholeQ.recovered[k] * c[cBase + r * cells + k];
          }
          v[r * cells + k] = acc;
        }
      }
    }

    /** Layer normalization (with the bias added after it), then the gate's activation. */
    private void normalizeAndActivate(Gate g, int rows, boolean sigmoid) {
      float[] v = g.values;
      float[] bias = g.bias.floats();
      int b0 = g.bias.offset();
      if (g.layerNorm != null) {
        float[] coefficients = g.layerNorm.floats();
        int l0 = g.layerNorm.offset();
        for (int r = 0; r < rows; r++) {
          int base = r * cells;
          float sum = 0f;
          for (int k = 0; k < cells; k++) {
            sum += v[base + k];
          }
          float mean = sum / cells;
          float squares = 0f;
          for (int k = 0; k < cells; k++) {
            float d = v[base + k] - mean;
            squares += d * d;
          }
          float variance = squares / cells;
          float inverse = 1f / (float) Math.sqrt(variance + NORMALIZATION_EPSILON);
          for (int k = 0; k < cells; k++) {
            v[base + k] = (v[base + k] - mean) * inverse * coefficients[l0 + k] + bias[b0 + k];
          }
        }
      }
      int n = rows * cells;
      for (int k = 0; k < n; k++) {
        v[k] = sigmoid ? sigmoid(v[k]) : activate(activation, v[k]);
      }
    }

    private float quantize(float[] values, int offset, int n, int[] out, int outOff) {
      return asymmetric ? HybridQuantization.asymmetric(values, offset, n, out, outOff)
          : HybridQuantization.symmetric(values, offset, n, out, outOff);
    }

    /**
     * The hybrid projection of the hidden rows into the output state: bias (or 0) plus
     * {@code dot * row_scale * weight_scale}, clipped to {@code proj_clip}.
     */
    private void project(int rows, float[] h, int hBase) {
      float[] pb = projectionBias == null ? null : projectionBias.floats();
      for (int r = 0; r < rows; r++) {
        float scale = quantize(hidden, r * cells, cells, qHidden, r * cells) * projectionQ.scale;
        HybridQuantization.dot(qHidden, r * cells, cells, projectionQ.packed, outputSize, 0,
            outputSize, stateDots);
        for (int j = 0; j < outputSize; j++) {
          float acc = pb == null ? 0f : pb[projectionBias.offset() + j];
          acc += stateDots[j] * scale;
          if (projClip > 0) {
            acc = Math.max(-projClip, Math.min(projClip, acc));
          }
          h[hBase + r * outputSize + j] = acc;
        }
      }
    }
  }

  static float sigmoid(float x) {
    return 1f / (1f + (float) Math.exp(-x));
  }

  /** TFLite's ApplyActivationToVector for the LSTM's cell activation. */
  static float activate(byte activation, float x) {
    return switch (activation) {
      case ActivationFunctionType.RELU -> Math.max(0f, x);
      case ActivationFunctionType.RELU_N1_TO_1 -> Math.max(-1f, Math.min(1f, x));
      case ActivationFunctionType.RELU6 -> Math.max(0f, Math.min(6f, x));
      case ActivationFunctionType.TANH -> (float) Math.tanh(x);
      case ActivationFunctionType.SIGN_BIT -> Math.copySign(1f, x) < 0 ? 1f : 0f;
      default -> x;
    };
  }
}
