package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.engine.Differential;
import dev.jlite.engine.kernels.HybridTesting.Values;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.FullyConnectedOptions;
import dev.jlite.schema.model.FullyConnectedOptionsWeightsFormat;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FULLY_CONNECTED with float activations and int8 weights, against TFLite 2.19. */
class HybridFullyConnectedTest {
  record Case(int[] input, int units, boolean perChannel, boolean asymmetric, byte activation,
      boolean bias, boolean keepDims, Values values) {
    int depth() {
      return input[input.length - 1];
    }

    int rows() {
      return OpModel.elements(input) / depth();
    }

    byte[] model(long seed) {
      Random random = new Random(seed);
      OpModel m = new OpModel();
      int in = m.input(TensorType.FLOAT32, input);
      int w = m.constant(TensorType.INT8, new int[] {units, depth()},
          HybridTesting.weights(random, units * depth()),
          HybridTesting.scales(random, perChannel, units, 0));
      int b = bias ? m.constant(TensorType.FLOAT32, new int[] {units},
          HybridTesting.bias(random, units)) : -1;
      int[] outShape;
      if (keepDims) {
        outShape = input.clone();
        outShape[outShape.length - 1] = units;
      } else {
        outShape = new int[] {rows(), units};
      }
      int out = m.output(TensorType.FLOAT32, outShape);
      m.op(OperatorSpec.builtin(BuiltinOperator.FULLY_CONNECTED).inputs(in, w, b).outputs(out)
          .options(BuiltinOptions.FullyConnectedOptions,
              fbb -> FullyConnectedOptions.createFullyConnectedOptions(fbb, activation,
                  FullyConnectedOptionsWeightsFormat.DEFAULT, keepDims, asymmetric, (byte) 0))
          .build());
      return m.build();
    }

    @Override
    public String toString() {
      return Arrays.toString(input) + " x " + units + (perChannel ? " per-channel" : "")
          + (asymmetric ? " asymmetric" : " symmetric") + " act " + activation
          + (bias ? " bias" : "") + (keepDims ? " keep_dims" : "") + " " + values;
    }
  }

  static final byte[] ACTIVATIONS = {ActivationFunctionType.NONE, ActivationFunctionType.RELU,
      ActivationFunctionType.RELU6, ActivationFunctionType.RELU_N1_TO_1,
      ActivationFunctionType.TANH, ActivationFunctionType.SIGN_BIT};

  static Stream<Arguments> cases() {
    // 1100 inputs: sums longer than one exact float block of HybridGemm.
    int[][] shapes = {{1, 5}, {3, 17}, {4, 64}, {2, 300}, {2, 3, 24}, {1, 1}, {9, 40}, {3, 1100}};
    int[] units = {3, 8, 33, 20, 7, 1, 130, 6};
    List<Arguments> cases = new ArrayList<>();
    int n = 0;
    for (int s = 0; s < shapes.length; s++) {
      for (int mode = 0; mode < 4; mode++, n++) {
        boolean perChannel = (mode & 1) != 0;
        boolean asymmetric = (mode & 2) != 0;
        cases.add(Arguments.of(new Case(shapes[s], units[s], perChannel, asymmetric,
            ACTIVATIONS[n % ACTIVATIONS.length], n % 3 != 1, shapes[s].length == 3 && mode < 2,
            Values.values()[n % Values.values().length])));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTfLite(Case c) {
    long seed = c.toString().hashCode();
    byte[] model = c.model(seed);
    byte[] input = HybridTesting.input(new Random(seed + 7), c.rows(), c.depth(), c.values());
    Differential.assertMatchesTfLite(model, input);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTfLiteOnTwoThreads(Case c) {
    long seed = c.toString().hashCode() + 1;
    Differential.assertMatchesTfLite(c.model(seed), seed, 2);
  }

  /** Symmetric: range 4 gives q = round(x * 127 / 4) = [32, -64, 16, 127] (-63.5 rounds away). */
  @Test
  void symmetricByHand() {
    byte[] model = handModel(false);
    byte[] input = OpModel.floats(1f, -2f, 0.5f, 4f);
    float rowScale = 4f / 127f * 0.5f;
    float[] out = OpModel.toFloats(OpModel.run(model, input)[0]);
    assertThat(out[0]).isCloseTo(0.25f + 460 * rowScale, within(1e-6f));
    assertThat(out[1]).isCloseTo(-0.5f - 16 * rowScale, within(1e-6f));
    Differential.assertMatchesTfLite(model, input);
  }

  /**
   * Asymmetric: [0, 3] in 255 steps puts the zero point at -128, so q - zp = x * 85 exactly and
   * the result is the float product.
   */
  @Test
  void asymmetricByHand() {
    byte[] model = handModel(true);
    byte[] input = OpModel.floats(0f, 1f, 2f, 3f);
    float[] out = OpModel.toFloats(OpModel.run(model, input)[0]);
    // Row 0 weights [1, 2, 3, 4]: (85 * 2 + 170 * 3 + 255 * 4) * 3 / 255 * 0.5 = 10.
    assertThat(out[0]).isCloseTo(0.25f + 10f, within(1e-5f));
    // Row 1 weights [-1, 0, 1, 0]: 170 * 3 / 255 * 0.5 = 1, plus the bias -0.5.
    assertThat(out[1]).isCloseTo(0.5f, within(1e-5f));
    Differential.assertMatchesTfLite(model, input);
  }

  private static byte[] handModel(boolean asymmetric) {
    OpModel m = new OpModel();
    int in = m.input(TensorType.FLOAT32, 1, 4);
    int w = m.constant(TensorType.INT8, new int[] {2, 4}, new byte[] {1, 2, 3, 4, -1, 0, 1, 0},
        QuantizationSpec.perTensor(0.5f, 0));
    int b = m.constant(TensorType.FLOAT32, new int[] {2}, OpModel.floats(0.25f, -0.5f));
    int out = m.output(TensorType.FLOAT32, 1, 2);
    m.op(OperatorSpec.builtin(BuiltinOperator.FULLY_CONNECTED).inputs(in, w, b).outputs(out)
        .options(BuiltinOptions.FullyConnectedOptions,
            fbb -> FullyConnectedOptions.createFullyConnectedOptions(fbb,
                ActivationFunctionType.NONE, FullyConnectedOptionsWeightsFormat.DEFAULT, false,
                asymmetric, (byte) 0))
        .build());
    return m.build();
  }
}
