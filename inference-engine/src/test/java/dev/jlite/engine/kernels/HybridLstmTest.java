package dev.jlite.engine.kernels;

import static dev.jlite.engine.kernels.LstmKernels.CELL_STATE;
import static dev.jlite.engine.kernels.LstmKernels.CELL_TO_INPUT;
import static dev.jlite.engine.kernels.LstmKernels.INPUT;
import static dev.jlite.engine.kernels.LstmKernels.INPUT_GATE_BIAS;
import static dev.jlite.engine.kernels.LstmKernels.INPUT_LAYER_NORM;
import static dev.jlite.engine.kernels.LstmKernels.INPUT_TO_INPUT;
import static dev.jlite.engine.kernels.LstmKernels.OUTPUT_STATE;
import static dev.jlite.engine.kernels.LstmKernels.PROJECTION_BIAS;
import static dev.jlite.engine.kernels.LstmKernels.PROJECTION_WEIGHTS;
import static dev.jlite.engine.kernels.LstmKernels.RECURRENT_TO_INPUT;

import dev.jlite.engine.kernels.LstmKernelsTest.Config;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.model.UnidirectionalSequenceLSTMOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM with float input and states and int8 weights (TFLite's hybrid
 * step), symmetric and asymmetric input quantization, against TFLite 2.19 over several runs with
 * the state carried between them.
 */
class HybridLstmTest {
  /**
   * The model of {@link LstmKernelsTest#lstm} with int8 weight matrices, peepholes and
   * projection; {@code quantization} overrides the weights' own (null: a scale per tensor).
   */
  static byte[] lstm(Config c, long seed, boolean asymmetric, QuantizationSpec quantization) {
    Random random = new Random(seed);
    ReduceOpModel m = new ReduceOpModel();
    int[] in = new int[c.layerNorm() ? 24 : 20];
    Arrays.fill(in, -1);
    in[INPUT] = m.input(TensorType.FLOAT32, c.timeMajor()
        ? new int[] {c.time(), c.batches(), c.inputSize()}
        : new int[] {c.batches(), c.time(), c.inputSize()});
    int cells = c.cells();
    Weights w = (shape) -> {
      QuantizationSpec q = quantization != null ? quantization
          : QuantizationSpec.perTensor(0.002f + random.nextFloat() * 0.01f, 0);
      return m.tensor(TensorSpec.builder("w" + random.nextInt(), TensorType.INT8, shape)
          .buffer(m.model.addBuffer(HybridTesting.weights(random, OpModel.elements(shape))))
          .quantization(q).build());
    };
    for (int gate = 0; gate < 4; gate++) {
      if (gate == 0 && c.cifg()) {
        continue;
      }
      in[INPUT_TO_INPUT + gate] = w.make(new int[] {cells, c.inputSize()});
      in[RECURRENT_TO_INPUT + gate] = w.make(new int[] {cells, c.outputSize()});
      in[INPUT_GATE_BIAS + gate] = floats(m, random, cells);
      if (c.layerNorm()) {
        in[INPUT_LAYER_NORM + gate] = floats(m, random, cells);
      }
      if (c.peephole() && gate != 2) {
        in[CELL_TO_INPUT + (gate == 0 ? 0 : gate == 1 ? 1 : 2)] = w.make(new int[] {cells});
      }
    }
    if (c.projection()) {
      in[PROJECTION_WEIGHTS] = w.make(new int[] {c.outputSize(), cells});
      if (c.projectionBias()) {
        in[PROJECTION_BIAS] = floats(m, random, c.outputSize());
      }
    }
    in[OUTPUT_STATE] = m.tensor(TensorSpec.builder("output_state", TensorType.FLOAT32,
        c.batches(), c.outputSize()).variable(true).build());
    in[CELL_STATE] = m.tensor(TensorSpec.builder("cell_state", TensorType.FLOAT32,
        c.batches(), cells).variable(true).build());
    int y = m.output(TensorType.FLOAT32);
    return m.op(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
        BuiltinOptions.UnidirectionalSequenceLSTMOptions,
        fbb -> UnidirectionalSequenceLSTMOptions.createUnidirectionalSequenceLSTMOptions(fbb,
            c.activation(), c.cellClip(), c.projClip(), c.timeMajor(), asymmetric, false), in, y)
        .buildUnverified();
  }

  /** Makes one int8 weight tensor of the given shape. */
  private interface Weights {
    int make(int[] shape);
  }

  private static int floats(ReduceOpModel m, Random random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextFloat() - 0.5f;
    }
    return m.constant(new int[] {n}, values);
  }

  static List<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Arguments a : LstmKernelsTest.configs()) {
      Config c = (Config) a.get()[0];
      cases.add(Arguments.of(c, false));
      cases.add(Arguments.of(c, true));
    }
    return cases;
  }

  @ParameterizedTest(name = "{0} asymmetric={1}")
  @MethodSource("cases")
  void matchesTfLiteOverThreeRuns(Config config, boolean asymmetric) {
    byte[] model = lstm(config, config.hashCode() + (asymmetric ? 1 : 0), asymmetric, null);
    LstmKernelsTest.assertMatchesTfLiteOverRuns(model, 3, config.cells());
  }

  @Test
  void perChannelWeightsAreRejected() {
    Config c = LstmKernelsTest.BASIC;
    float[] scales = new float[c.cells()];
    Arrays.fill(scales, 0.01f);
    OpModel.assertRejected(lstm(c, 1, false,
        QuantizationSpec.perChannel(scales, new long[c.cells()], 0)),
        "must have one scale, have " + c.cells());
  }

  @Test
  void zeroScaleIsRejected() {
    OpModel.assertRejected(lstm(LstmKernelsTest.BASIC, 1, true,
        QuantizationSpec.perTensor(0f, 0)), "weight scale 0.0");
  }

  @Test
  void unquantizedInt8WeightsAreRejected() {
    OpModel.assertRejected(lstm(LstmKernelsTest.BASIC, 1, true,
        QuantizationSpec.builder().build()), "no quantization parameters");
  }
}
