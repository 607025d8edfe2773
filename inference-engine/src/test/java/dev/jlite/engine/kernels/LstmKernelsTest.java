package dev.jlite.engine.kernels;

import static dev.jlite.engine.kernels.LstmKernels.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.model.UnidirectionalSequenceLSTMOptions;
import dev.jlite.schema.testing.TfLiteOracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LstmKernelsTest {
  /** The shape and features of one LSTM test model. */
  record Config(int batches, int time, int inputSize, int cells, int outputSize, boolean cifg,
      boolean peephole, boolean projection, boolean projectionBias, boolean layerNorm,
      boolean timeMajor, float cellClip, float projClip, byte activation) { }

  static final Config BASIC = new Config(2, 3, 4, 5, 5, false, false, false, false, false, true,
      0f, 0f, ActivationFunctionType.TANH);

  /** Builds the model; {@code stateVariable} false makes the states graph inputs, not variables. */
  static byte[] lstm(Config c, long seed, boolean stateVariable) {
    Random random = new Random(seed);
    ReduceOpModel m = new ReduceOpModel();
    int[] in = new int[c.layerNorm() ? 24 : 20];
    Arrays.fill(in, -1);
    in[INPUT] = m.input(TensorType.FLOAT32, c.timeMajor()
        ? new int[] {c.time(), c.batches(), c.inputSize()}
        : new int[] {c.batches(), c.time(), c.inputSize()});
    int cells = c.cells();
    for (int gate = 0; gate < 4; gate++) {
      if (gate == 0 && c.cifg()) {
        continue;
      }
      in[INPUT_TO_INPUT + gate] = weights(m, random, cells, c.inputSize());
      in[RECURRENT_TO_INPUT + gate] = weights(m, random, cells, c.outputSize());
      in[INPUT_GATE_BIAS + gate] = weights(m, random, cells);
      if (c.layerNorm()) {
        in[INPUT_LAYER_NORM + gate] = weights(m, random, cells);
      }
      if (c.peephole() && gate != 2) {
        in[CELL_TO_INPUT + (gate == 0 ? 0 : gate == 1 ? 1 : 2)] = weights(m, random, cells);
      }
    }
    if (c.projection()) {
      in[PROJECTION_WEIGHTS] = weights(m, random, c.outputSize(), cells);
      if (c.projectionBias()) {
        in[PROJECTION_BIAS] = weights(m, random, c.outputSize());
      }
    }
    if (stateVariable) {
      in[OUTPUT_STATE] = m.tensor(TensorSpec.builder("output_state", TensorType.FLOAT32,
          c.batches(), c.outputSize()).variable(true).build());
      in[CELL_STATE] = m.tensor(TensorSpec.builder("cell_state", TensorType.FLOAT32,
          c.batches(), cells).variable(true).build());
    } else {
      in[OUTPUT_STATE] = m.input(TensorType.FLOAT32, c.batches(), c.outputSize());
      in[CELL_STATE] = m.input(TensorType.FLOAT32, c.batches(), cells);
    }
    int y = m.output(TensorType.FLOAT32);
    return m.op(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
        BuiltinOptions.UnidirectionalSequenceLSTMOptions,
        fbb -> UnidirectionalSequenceLSTMOptions.createUnidirectionalSequenceLSTMOptions(fbb,
            c.activation(), c.cellClip(), c.projClip(), c.timeMajor(), false, false), in, y)
        .buildUnverified();
  }

  private static int weights(ReduceOpModel m, Random random, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextFloat() - 0.5f;
    }
    return m.constant(shape, values);
  }

  static List<Arguments> configs() {
    List<Config> list = new ArrayList<>();
    list.add(BASIC);
    list.add(new Config(1, 1, 1, 1, 1, false, false, false, false, false, true, 0f, 0f,
        ActivationFunctionType.TANH));
    list.add(new Config(3, 4, 2, 6, 6, false, false, false, false, false, false, 0f, 0f,
        ActivationFunctionType.TANH));
    list.add(new Config(2, 5, 3, 4, 4, true, false, false, false, false, true, 0f, 0f,
        ActivationFunctionType.TANH));
    list.add(new Config(2, 5, 3, 4, 4, false, true, false, false, false, true, 0f, 0f,
        ActivationFunctionType.TANH));
    list.add(new Config(2, 5, 3, 4, 4, true, true, false, false, false, false, 0f, 0f,
        ActivationFunctionType.TANH));
    list.add(new Config(2, 4, 3, 6, 3, false, false, true, false, false, true, 0f, 0f,
        ActivationFunctionType.TANH));
    list.add(new Config(3, 4, 3, 6, 2, false, true, true, true, false, false, 0f, 0f,
        ActivationFunctionType.TANH));
    list.add(new Config(2, 4, 5, 6, 6, false, false, false, false, true, true, 0f, 0f,
        ActivationFunctionType.TANH));
    list.add(new Config(2, 4, 5, 6, 6, true, true, false, false, true, false, 0f, 0f,
        ActivationFunctionType.TANH));
    list.add(new Config(2, 4, 5, 6, 3, false, true, true, true, true, true, 0f, 0f,
        ActivationFunctionType.TANH));
    list.add(new Config(2, 6, 4, 5, 3, false, true, true, true, false, true, 0.3f, 0.2f,
        ActivationFunctionType.TANH));
    list.add(new Config(2, 6, 4, 5, 5, false, false, false, false, false, false, 0.5f, 0f,
        ActivationFunctionType.RELU));
    list.add(new Config(1, 6, 4, 5, 5, false, false, false, false, false, true, 0f, 0f,
        ActivationFunctionType.RELU6));
    list.add(new Config(1, 6, 4, 5, 5, true, false, false, false, false, true, 0f, 0f,
        ActivationFunctionType.NONE));
    list.add(new Config(2, 3, 4, 5, 3, false, true, true, true, true, false, 0f, 0f,
        ActivationFunctionType.NONE));
    list.add(new Config(2, 3, 4, 5, 5, false, false, false, false, false, true, 0f, 0f,
        ActivationFunctionType.RELU_N1_TO_1));
    list.add(new Config(2, 3, 4, 5, 5, false, false, false, false, false, true, 0f, 0f,
        ActivationFunctionType.SIGN_BIT));
    list.add(new Config(4, 10, 8, 16, 8, false, true, true, false, true, false, 1f, 0.5f,
        ActivationFunctionType.TANH));
    List<Arguments> cases = new ArrayList<>();
    for (Config c : list) {
      cases.add(Arguments.of(c));
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("configs")
  void matchesTfLiteOverThreeRunsWithCarriedState(Config config) {
    assertMatchesTfLiteOverRuns(lstm(config, config.hashCode(), true), 3, config.cells());
  }

  @Test
  void singleRunMatchesTfLiteThroughTheSharedHarness() {
    Differential.assertMatchesTfLite(lstm(BASIC, 1, true), 2);
  }

  /** Runs both interpreters {@code runs} times on fresh random inputs, comparing every output. */
  static void assertMatchesTfLiteOverRuns(byte[] model, int runs, long seed) {
    Random random = new Random(seed);
    try (TfLiteOracle oracle = TfLiteOracle.open(model);
        Interpreter jlite = new Interpreter(ByteBuffer.wrap(model))) {
      oracle.allocateTensors();
      for (int run = 0; run < runs; run++) {
        int n = jlite.getInputTensor(0).numElements();
        ByteBuffer in = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
          in.putFloat(random.nextFloat() * 2 - 1);
        }
        byte[] expected = oracle.run(in.array())[0];
        jlite.getInputTensor(0).copyFrom(ByteBuffer.wrap(in.array())
            .order(ByteOrder.LITTLE_ENDIAN));
        jlite.invoke();
        float[] actual = new float[jlite.getOutputTensor(0).numElements()];
        jlite.getOutputTensor(0).copyTo(actual);
        ByteBuffer e = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(actual.length).isEqualTo(expected.length / 4);
        for (int i = 0; i < actual.length; i++) {
          float x = e.getFloat(4 * i);
          if (!Differential.closeEnough(x, actual[i])) {
            throw new AssertionError("run " + run + " element " + i + ": " + actual[i]
                + ", TFLite has " + x);
          }
        }
      }
    }
  }

  @Test
  void stateCarriesOverAndResets() {
    // One cell, one input, weights 1, biases 0: h depends on the previous c and h.
    byte[] model = lstm(new Config(1, 1, 1, 1, 1, false, false, false, false, false, true, 0f,
        0f, ActivationFunctionType.TANH), 3, true);
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      float[] first = run(interpreter, 0.5f);
      float[] second = run(interpreter, 0.5f);
      assertThat(second[0]).isNotEqualTo(first[0]);
      interpreter.resetVariableTensors();
      assertThat(run(interpreter, 0.5f)[0]).isEqualTo(first[0]);
    }
  }

  @Test
  void handComputedSingleStep() {
    // Weights and biases chosen by hand: gates i = f = o = sigmoid(x), g = tanh(x), c0 = h0 = 0.
    ReduceOpModel m = new ReduceOpModel();
    int[] in = new int[20];
    Arrays.fill(in, -1);
    in[INPUT] = m.input(TensorType.FLOAT32, 1, 1, 1);
    for (int gate = 0; gate < 4; gate++) {
      in[INPUT_TO_INPUT + gate] = m.constant(new int[] {1, 1}, 1f);
      in[RECURRENT_TO_INPUT + gate] = m.constant(new int[] {1, 1}, 0.5f);
      in[INPUT_GATE_BIAS + gate] = m.constant(new int[] {1}, 0f);
    }
    in[OUTPUT_STATE] = m.tensor(TensorSpec.builder("h", TensorType.FLOAT32, 1, 1)
        .variable(true).build());
    in[CELL_STATE] = m.tensor(TensorSpec.builder("c", TensorType.FLOAT32, 1, 1)
        .variable(true).build());
    int y = m.output(TensorType.FLOAT32);
    byte[] model = m.op(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
        BuiltinOptions.UnidirectionalSequenceLSTMOptions,
        fbb -> UnidirectionalSequenceLSTMOptions.createUnidirectionalSequenceLSTMOptions(fbb,
            ActivationFunctionType.TANH, 0f, 0f, true, false, false), in, y).build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      double x = 0.8;
      double s = 1 / (1 + Math.exp(-x));
      double c = s * Math.tanh(x);
      double h = s * Math.tanh(c);
      assertThat(run(interpreter, 0.8f)[0]).isCloseTo((float) h, Offset.offset(1e-6f));
      double x2 = 0.8 + 0.5 * h;
      double s2 = 1 / (1 + Math.exp(-x2));
      double c2 = s2 * c + s2 * Math.tanh(x2);
      double h2 = s2 * Math.tanh(c2);
      assertThat(run(interpreter, 0.8f)[0]).isCloseTo((float) h2, Offset.offset(1e-6f));
    }
  }

  private static float[] run(Interpreter interpreter, float x) {
    interpreter.getInputTensor(0).copyFrom(new float[] {x});
    interpreter.invoke();
    float[] out = new float[1];
    interpreter.getOutputTensor(0).copyTo(out);
    return out;
  }

  @Test
  void stateThatIsNotAVariableIsRejected() {
    assertThatThrownBy(() -> ReduceOpModel.prepare(lstm(BASIC, 1, false)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("UNIDIRECTIONAL_SEQUENCE_LSTM")
        .hasMessageContaining("must be a variable tensor");
  }

  @Test
  void halfAnInputGateIsRejected() {
    // recurrent_to_input dropped but input_to_input kept.
    ReduceOpModel m = new ReduceOpModel();
    int[] in = new int[20];
    Arrays.fill(in, -1);
    in[INPUT] = m.input(TensorType.FLOAT32, 1, 1, 2);
    for (int gate = 0; gate < 4; gate++) {
      in[INPUT_TO_INPUT + gate] = m.constant(new int[] {2, 2}, 1f, 1f, 1f, 1f);
      in[RECURRENT_TO_INPUT + gate] = gate == 0 ? -1 : m.constant(new int[] {2, 2}, 1f, 1f, 1f,
          1f);
      in[INPUT_GATE_BIAS + gate] = m.constant(new int[] {2}, 0f, 0f);
    }
    in[OUTPUT_STATE] = m.tensor(TensorSpec.builder("h", TensorType.FLOAT32, 1, 2)
        .variable(true).build());
    in[CELL_STATE] = m.tensor(TensorSpec.builder("c", TensorType.FLOAT32, 1, 2)
        .variable(true).build());
    int y = m.output(TensorType.FLOAT32);
    byte[] bad = m.op(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
        BuiltinOptions.UnidirectionalSequenceLSTMOptions,
        fbb -> UnidirectionalSequenceLSTMOptions.createUnidirectionalSequenceLSTMOptions(fbb,
            ActivationFunctionType.TANH, 0f, 0f, true, false, false), in, y).buildUnverified();
    assertThatThrownBy(() -> ReduceOpModel.prepare(bad)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("both present or both absent");
  }

  @Test
  void negativeCellClipIsRejected() {
    Config c = new Config(1, 1, 2, 2, 2, false, false, false, false, false, true, -1f, 0f,
        ActivationFunctionType.TANH);
    assertThatThrownBy(() -> ReduceOpModel.prepare(lstm(c, 1, true)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("cell_clip -1.0");
  }

  @Test
  void outputSizeWithoutProjectionMustMatchCells() {
    Config c = new Config(1, 1, 2, 3, 2, false, false, false, false, false, true, 0f, 0f,
        ActivationFunctionType.TANH);
    assertThatThrownBy(() -> ReduceOpModel.prepare(lstm(c, 1, true)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("output size 2 must equal the number of cells 3");
  }

  @Test
  void wrongWeightShapeIsRejected() {
    ReduceOpModel m = new ReduceOpModel();
    int[] in = new int[20];
    Arrays.fill(in, -1);
    in[INPUT] = m.input(TensorType.FLOAT32, 1, 1, 2);
    for (int gate = 1; gate < 4; gate++) {
      in[INPUT_TO_INPUT + gate] = gate == 2 ? m.constant(new int[] {2, 3}, new float[6])
          : m.constant(new int[] {2, 2}, new float[4]);
      in[RECURRENT_TO_INPUT + gate] = m.constant(new int[] {2, 2}, new float[4]);
      in[INPUT_GATE_BIAS + gate] = m.constant(new int[] {2}, new float[2]);
    }
    in[OUTPUT_STATE] = m.tensor(TensorSpec.builder("h", TensorType.FLOAT32, 1, 2)
        .variable(true).build());
    in[CELL_STATE] = m.tensor(TensorSpec.builder("c", TensorType.FLOAT32, 1, 2)
        .variable(true).build());
    int y = m.output(TensorType.FLOAT32);
    byte[] bad = m.op(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
        BuiltinOptions.UnidirectionalSequenceLSTMOptions,
        fbb -> UnidirectionalSequenceLSTMOptions.createUnidirectionalSequenceLSTMOptions(fbb,
            ActivationFunctionType.TANH, 0f, 0f, true, false, false), in, y).buildUnverified();
    assertThatThrownBy(() -> ReduceOpModel.prepare(bad)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input_to_cell_weights has shape [2, 3], expected [2, 2]");
  }
}
