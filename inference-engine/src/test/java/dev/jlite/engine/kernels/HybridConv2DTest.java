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
import dev.jlite.schema.model.Conv2DOptions;
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

/** CONV_2D with float activations and int8 filters, against TFLite 2.19. */
class HybridConv2DTest {
  /** How the filter is scaled. */
  enum Scales { PER_TENSOR, PER_CHANNEL, PER_CHANNEL_EQUAL }

  record Case(int[] input, int outC, int filterH, int filterW, byte padding, int stride,
      int dilation, Scales scales, byte activation, Values values) {
    byte[] model(long seed) {
      Random random = new Random(seed);
      OpModel m = new OpModel();
      int in = m.input(TensorType.FLOAT32, input);
      int[] filterShape = {outC, filterH, filterW, input[3]};
      QuantizationSpec q = switch (scales) {
        case PER_TENSOR -> HybridTesting.scales(random, false, outC, 0);
        case PER_CHANNEL -> HybridTesting.scales(random, true, outC, 0);
        case PER_CHANNEL_EQUAL -> {
          float[] s = new float[outC];
          Arrays.fill(s, 0.0125f);
          yield QuantizationSpec.perChannel(s, new long[outC], 0);
        }
      };
      int f = m.constant(TensorType.INT8, filterShape,
          HybridTesting.weights(random, OpModel.elements(filterShape)), q);
      int b = m.constant(TensorType.FLOAT32, new int[] {outC}, HybridTesting.bias(random, outC));
      int oh = outSize(input[1], filterH);
      int ow = outSize(input[2], filterW);
      int out = m.output(TensorType.FLOAT32, input[0], oh, ow, outC);
      m.op(OperatorSpec.builtin(BuiltinOperator.CONV_2D).inputs(in, f, b).outputs(out)
          .options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(fbb,
              padding, stride, stride, activation, dilation, dilation, (byte) 0))
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
      return Arrays.toString(input) + " -> " + outC + " " + filterH + "x" + filterW
          + (padding == Padding.SAME ? " SAME" : " VALID") + " s" + stride + " d" + dilation
          + " " + scales + " act " + activation + " " + values;
    }
  }

  static final byte[] ACTIVATIONS = {ActivationFunctionType.NONE, ActivationFunctionType.RELU,
      ActivationFunctionType.RELU6, ActivationFunctionType.RELU_N1_TO_1};

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    int n = 0;
    for (Scales scales : Scales.values()) {
      for (int v = 0; v < 8; v++, n++) {
        int batches = 1 + v % 3;
        int c = 1 + (v * 3) % 7;
        int[] input = {batches, 5 + v % 4, 6 + v % 3, c};
        int fh = v == 4 ? 1 : 1 + v % 3;
        int fw = v == 4 ? 1 : 1 + (v + 1) % 3;
        int stride = v == 4 ? 1 : 1 + v % 2;
        int dilation = v == 3 || v == 6 ? 2 : 1;
        byte pad = v % 2 == 0 ? Padding.SAME : Padding.VALID;
        cases.add(Arguments.of(new Case(input, 2 + 3 * v, fh, fw, pad, stride, dilation, scales,
            ACTIVATIONS[n % ACTIVATIONS.length], Values.values()[n % Values.values().length])));
      }
    }
    // A 3x3x64 window: sums longer than one exact float block of HybridGemm.
    cases.add(Arguments.of(new Case(new int[] {2, 5, 5, 64}, 9, 3, 3, Padding.SAME, 1, 1,
        Scales.PER_CHANNEL, ActivationFunctionType.NONE, Values.POSITIVE)));
    cases.add(Arguments.of(new Case(new int[] {1, 5, 5, 64}, 9, 3, 3, Padding.VALID, 1, 1,
        Scales.PER_TENSOR, ActivationFunctionType.NONE, Values.LARGE)));
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
   * A 1x1 convolution of one pixel [2, -1] with per-tensor scale 0.25: symmetric quantization
   * gives q = [127, -64] (63.5 rounds away) and scale 2 / 127.
   */
  @Test
  void perTensorByHand() {
    OpModel m = new OpModel();
    int in = m.input(TensorType.FLOAT32, 1, 1, 1, 2);
    int f = m.constant(TensorType.INT8, new int[] {2, 1, 1, 2}, new byte[] {1, 1, 3, -2},
        QuantizationSpec.perTensor(0.25f, 0));
    int b = m.constant(TensorType.FLOAT32, new int[] {2}, OpModel.floats(1f, 0f));
    int out = m.output(TensorType.FLOAT32, 1, 1, 1, 2);
    m.op(OperatorSpec.builtin(BuiltinOperator.CONV_2D).inputs(in, f, b).outputs(out)
        .options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(fbb,
            Padding.VALID, 1, 1, ActivationFunctionType.NONE, 1, 1, (byte) 0))
        .build());
    byte[] model = m.build();
    byte[] input = OpModel.floats(2f, -1f);
    float[] result = OpModel.toFloats(OpModel.run(model, input)[0]);
    float scale = 2f / 127f * 0.25f;
    assertThat(result[0]).isCloseTo(1f + (127 - 64) * scale, within(1e-6f));
    assertThat(result[1]).isCloseTo((3 * 127 + 128) * scale, within(1e-6f));
    Differential.assertMatchesTfLite(model, input);
  }
}
