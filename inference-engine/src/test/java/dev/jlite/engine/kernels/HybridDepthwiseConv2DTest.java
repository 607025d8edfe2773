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
import dev.jlite.schema.model.DepthwiseConv2DOptions;
import dev.jlite.schema.model.Padding;
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

/** DEPTHWISE_CONV_2D with float activations and per-channel int8 filters, against TFLite 2.19. */
class HybridDepthwiseConv2DTest {
  record Case(int[] input, int multiplier, int filterH, int filterW, byte padding, int stride,
      int dilation, byte activation, Values values) {
    int outC() {
      return input[3] * multiplier;
    }

    byte[] model(long seed) {
      Random random = new Random(seed);
      OpModel m = new OpModel();
      int in = m.input(TensorType.FLOAT32, input);
      int[] filterShape = {1, filterH, filterW, outC()};
      int f = m.constant(TensorType.INT8, filterShape,
          HybridTesting.weights(random, OpModel.elements(filterShape)),
          HybridTesting.scales(random, true, outC(), 3));
      int b = m.constant(TensorType.FLOAT32, new int[] {outC()},
          HybridTesting.bias(random, outC()));
      int out = m.output(TensorType.FLOAT32, input[0], outSize(input[1], filterH),
          outSize(input[2], filterW), outC());
      m.op(OperatorSpec.builtin(BuiltinOperator.DEPTHWISE_CONV_2D).inputs(in, f, b).outputs(out)
          .options(BuiltinOptions.DepthwiseConv2DOptions,
              fbb -> DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fbb, padding, stride,
                  stride, multiplier, activation, dilation, dilation))
          .build());
      return m.build();
    }

    int outSize(int in, int filter) {
      int effective = (filter - 1) * dilation + 1;
      return padding == Padding.SAME ? (in + stride - 1) / stride
          : Math.max(0, (in - effective + stride) / stride);
    }

    @Override
    public String toString() {
      return Arrays.toString(input) + " x" + multiplier + " " + filterH + "x" + filterW
          + (padding == Padding.SAME ? " SAME" : " VALID") + " s" + stride + " d" + dilation
          + " act " + activation + " " + values;
    }
  }

  static final byte[] ACTIVATIONS = {ActivationFunctionType.NONE, ActivationFunctionType.RELU,
      ActivationFunctionType.RELU6, ActivationFunctionType.RELU_N1_TO_1};

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (int v = 0; v < 21; v++) {
      int[] input = {1 + v % 3, 6 + v % 4, 5 + v % 5, 1 + (v * 5) % 9};
      int multiplier = v % 4 == 3 ? 2 : v % 7 == 5 ? 3 : 1;
      int fh = 1 + v % 3;
      int fw = 1 + (v + 2) % 3;
      int stride = 1 + (v / 2) % 2;
      int dilation = v % 5 == 4 ? 2 : 1;
      byte pad = v % 2 == 0 ? Padding.SAME : Padding.VALID;
      cases.add(Arguments.of(new Case(input, multiplier, fh, fw, pad, stride, dilation,
          ACTIVATIONS[v % ACTIVATIONS.length], Values.values()[v % Values.values().length])));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTfLite(Case c) {
    long seed = c.toString().hashCode();
    byte[] input = HybridTesting.input(new Random(seed + 7), c.input()[0],
        OpModel.elements(c.input()) / c.input()[0], c.values());
    Differential.assertMatchesTfLite(c.model(seed), input);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTfLiteOnTwoThreads(Case c) {
    long seed = c.toString().hashCode() + 1;
    Differential.assertMatchesTfLite(c.model(seed), seed, 2);
  }

  /**
   * One channel, a 1x2 window over [1, 3] with SAME padding: the range widened to [0, 3] puts
   * the zero point at -128, so q - zp = [85, 255] (scale 3 / 255); the second output's window
   * runs into the padding, which adds nothing.
   */
  @Test
  void asymmetricByHand() {
    OpModel m = new OpModel();
    int in = m.input(TensorType.FLOAT32, 1, 1, 2, 1);
    int f = m.constant(TensorType.INT8, new int[] {1, 1, 2, 1}, new byte[] {2, -1},
        QuantizationSpec.perChannel(new float[] {0.5f}, new long[1], 3));
    int b = m.constant(TensorType.FLOAT32, new int[] {1}, OpModel.floats(0.125f));
    int out = m.output(TensorType.FLOAT32, 1, 1, 2, 1);
    m.op(OperatorSpec.builtin(BuiltinOperator.DEPTHWISE_CONV_2D).inputs(in, f, b).outputs(out)
        .options(BuiltinOptions.DepthwiseConv2DOptions,
            fbb -> DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fbb, Padding.SAME, 1, 1,
                1, ActivationFunctionType.NONE, 1, 1))
        .build());
    byte[] model = m.build();
    byte[] input = OpModel.floats(1f, 3f);
    float[] result = OpModel.toFloats(OpModel.run(model, input)[0]);
    // SAME with a 1x2 window pads one column after: outputs cover [x0, x1] and [x1, pad].
    float scale = 3f / 255f;
    assertThat(result[0]).isCloseTo((2 * 85 - 255) * scale * 0.5f + 0.125f, within(1e-6f));
    assertThat(result[1]).isCloseTo(2 * 255 * scale * 0.5f + 0.125f, within(1e-6f));
    Differential.assertMatchesTfLite(model, input);
  }
}
