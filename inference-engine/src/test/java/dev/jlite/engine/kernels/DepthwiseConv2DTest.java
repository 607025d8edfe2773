package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.DepthwiseConv2DOptions;
import dev.jlite.schema.model.Padding;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DepthwiseConv2DTest {
  /** One DEPTHWISE_CONV_2D: input shape, filter window, multiplier, options, bias and filter. */
  record Case(int[] input, int filterH, int filterW, int multiplier, byte padding, int strideH,
      int strideW, int dilationH, int dilationW, byte activation, boolean bias,
      boolean constantFilter) {
    /** The model; TFLite's kernel crashes without a bias, so its copy gets zeros instead. */
    byte[] model(long seed, boolean forTfLite) {
      boolean withBias = bias || forTfLite;
      Random random = new Random(seed);
      int channels = input[3] * multiplier;
      int[] filter = {1, filterH, filterW, channels};
      ModelBuilder model = new ModelBuilder();
      SubgraphBuilder g = model.addSubgraph("main");
      int in = g.addTensor("input", TensorType.FLOAT32, input);
      int f = constantFilter
          ? g.addConstant("filter", filter,
              ConvTesting.random(random, filterH * filterW * channels))
          : g.addTensor("filter", TensorType.FLOAT32, filter);
      int b = withBias ? g.addConstant("bias", new int[] {channels},
          bias ? ConvTesting.random(random, channels) : new float[channels]) : -1;
      int out = g.addTensor("output", TensorType.FLOAT32, 1, 1, 1, channels);
      g.addOperator(OperatorSpec.builtin(BuiltinOperator.DEPTHWISE_CONV_2D)
          .inputs(withBias ? new int[] {in, f, b} : new int[] {in, f}).outputs(out)
          .options(BuiltinOptions.DepthwiseConv2DOptions,
              fbb -> DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fbb, padding, strideW,
                  strideH, multiplier, activation, dilationW, dilationH))
          .build());
      if (constantFilter) {
        g.inputs(in);
      } else {
        g.inputs(in, f);
      }
      g.outputs(out);
      return model.build();
    }
  }

  static Stream<Arguments> cases() {
    byte s = Padding.SAME;
    byte v = Padding.VALID;
    byte none = ActivationFunctionType.NONE;
    byte relu = ActivationFunctionType.RELU;
    byte relu6 = ActivationFunctionType.RELU6;
    byte n1 = ActivationFunctionType.RELU_N1_TO_1;
    Case[] all = {
      new Case(new int[] {1, 9, 9, 16}, 3, 3, 1, s, 1, 1, 1, 1, relu6, true, true),
      new Case(new int[] {1, 10, 11, 19}, 3, 3, 1, s, 2, 2, 1, 1, relu, true, true),
      new Case(new int[] {2, 8, 8, 8}, 3, 3, 1, v, 1, 1, 1, 1, none, true, true),
      new Case(new int[] {1, 7, 7, 5}, 5, 5, 1, s, 1, 1, 1, 1, n1, true, true),
      new Case(new int[] {1, 12, 12, 24}, 3, 3, 1, s, 1, 1, 2, 2, none, true, true),
      new Case(new int[] {1, 12, 10, 9}, 3, 2, 1, v, 2, 1, 3, 2, relu, false, true),
      new Case(new int[] {1, 3, 3, 8}, 5, 5, 1, s, 1, 1, 1, 1, none, true, true),
      new Case(new int[] {1, 2, 2, 3}, 3, 3, 1, s, 3, 3, 1, 1, none, true, true),
      new Case(new int[] {1, 6, 6, 3}, 3, 3, 2, s, 1, 1, 1, 1, relu6, true, true),
      new Case(new int[] {1, 7, 5, 4}, 3, 3, 3, v, 2, 1, 1, 2, none, true, true),
      new Case(new int[] {1, 6, 6, 1}, 3, 3, 8, s, 1, 1, 1, 1, none, true, true),
      new Case(new int[] {1, 8, 7, 12}, 3, 3, 1, s, 1, 1, 1, 1, none, true, false),
      new Case(new int[] {1, 20, 17, 40}, 3, 3, 1, s, 1, 1, 1, 1, relu6, true, true),
    };
    List<Arguments> cases = new ArrayList<>();
    long seed = 100;
    for (Case c : all) {
      for (boolean vector : new boolean[] {true, false}) {
        for (int threads : new int[] {1, 2}) {
          cases.add(Arguments.of(c, seed, vector, threads));
        }
      }
      seed++;
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesTfLite(Case c, long seed, boolean vector, int threads) {
    ConvTesting.assertMatchesTfLite(c.model(seed, false), c.model(seed, true), seed, vector,
        threads);
  }

  @Test
  void handComputedValidWindow() {
    // 3x3 image of two channels: channel 0 = 1..9, channel 1 = 10 * that; 2x2 VALID windows,
    // weights channel 0 all 1, channel 1 all -0.1, bias (1, 0).
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int in = g.addTensor("input", TensorType.FLOAT32, 1, 3, 3, 2);
    int f = g.addConstant("filter", new int[] {1, 2, 2, 2},
        new float[] {1, -0.1f, 1, -0.1f, 1, -0.1f, 1, -0.1f});
    int b = g.addConstant("bias", new int[] {2}, new float[] {1, 0});
    int out = g.addTensor("output", TensorType.FLOAT32, 1, 2, 2, 2);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.DEPTHWISE_CONV_2D).inputs(in, f, b)
        .outputs(out)
        .options(BuiltinOptions.DepthwiseConv2DOptions,
            fbb -> DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fbb, Padding.VALID, 1, 1,
                1, ActivationFunctionType.NONE, 1, 1))
        .build());
    g.inputs(in).outputs(out);
    float[] input = new float[18];
    for (int i = 0; i < 9; i++) {
      input[2 * i] = i + 1;
      input[2 * i + 1] = 10 * (i + 1);
    }
    // windows sum to 12, 16, 24, 28
    float[] expected = {13, -12, 17, -16, 25, -24, 29, -28};
    for (boolean vector : new boolean[] {true, false}) {
      float[] got = ConvTesting.run(model.build(), vector, 1, input);
      for (int i = 0; i < expected.length; i++) {
        assertThat(got[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void depthMultiplierOptionIsIgnoredLikeTfLite() {
    // 4 input channels, 8 filter channels: the multiplier is 2 whatever the option says.
    for (int option : new int[] {0, 3}) {
      byte[] model = hostile(new int[] {1, 5, 5, 4}, new int[] {1, 3, 3, 8}, new int[] {8},
          option, 1, 1, 1, 1);
      for (boolean vector : new boolean[] {true, false}) {
        ConvTesting.assertMatchesTfLite(model, option, vector, 1);
      }
    }
  }

  static byte[] hostile(int[] input, int[] filter, int[] biasShape, int multiplier, int strideH,
      int strideW, int dilationH, int dilationW) {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int in = g.addTensor("input", TensorType.FLOAT32, input);
    int f = g.addTensor("filter", TensorType.FLOAT32, filter);
    int b = g.addTensor("bias", TensorType.FLOAT32, biasShape);
    int out = g.addTensor("output", TensorType.FLOAT32, 1, 1, 1, 1);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.DEPTHWISE_CONV_2D).inputs(in, f, b)
        .outputs(out)
        .options(BuiltinOptions.DepthwiseConv2DOptions,
            fbb -> DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fbb, Padding.SAME,
                strideW, strideH, multiplier, ActivationFunctionType.NONE, dilationW, dilationH))
        .build());
    g.inputs(in, f, b).outputs(out);
    return model.buildUnverified();
  }

  static Stream<Arguments> hostileCases() {
    int[] in = {1, 4, 4, 4};
    int[] filter = {1, 3, 3, 4};
    int[] bias = {4};
    return Stream.of(
        Arguments.of(hostile(in, filter, bias, 1, 0, 1, 1, 1), "stride_h is 0"),
        Arguments.of(hostile(in, filter, bias, 1, 1, 0, 1, 1), "stride_w is 0"),
        Arguments.of(hostile(in, filter, bias, 1, 1, 1, 0, 1), "dilation_h_factor is 0"),
        Arguments.of(hostile(in, filter, bias, 1, 1, 1, 1, 0), "dilation_w_factor is 0"),
        Arguments.of(hostile(new int[] {1, 4, 4, 0}, new int[] {1, 3, 3, 0}, new int[] {0}, 1, 1,
            1, 1, 1), "has no channels"),
        Arguments.of(hostile(in, new int[] {1, 3, 3, 6}, new int[] {6}, 1, 1, 1, 1, 1),
            "not a positive multiple of the 4 input channels"),
        Arguments.of(hostile(in, new int[] {2, 3, 3, 4}, bias, 1, 1, 1, 1, 1),
            "must have the form [1, height, width, channels]"),
        Arguments.of(hostile(in, filter, new int[] {5}, 1, 1, 1, 1, 1), "has 5 values for 4"),
        Arguments.of(hostile(in, new int[] {1, 3, 0, 4}, bias, 1, 1, 1, 1, 1), "empty window"));
  }

  @ParameterizedTest
  @MethodSource("hostileCases")
  void rejectsHostileModels(byte[] model, String message) {
    assertThatThrownBy(() -> ConvTesting.interpreter(model, true, 1).allocateTensors())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("DEPTHWISE_CONV_2D")
        .hasMessageContaining(message);
  }
}
