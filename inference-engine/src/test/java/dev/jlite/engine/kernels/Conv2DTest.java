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
import dev.jlite.schema.model.Conv2DOptions;
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

class Conv2DTest {
  /** One CONV_2D: shapes, options, whether the filter is a constant and whether there is a bias. */
  record Case(int[] input, int[] filter, byte padding, int strideH, int strideW, int dilationH,
      int dilationW, byte activation, boolean bias, boolean constantFilter) {
    /** The model; TFLite's CONV_2D needs a bias, so its copy gets zeros where jlite's has none. */
    byte[] model(long seed, boolean forTfLite) {
      boolean withBias = bias || forTfLite;
      Random random = new Random(seed);
      ModelBuilder model = new ModelBuilder();
      SubgraphBuilder g = model.addSubgraph("main");
      int in = g.addTensor("input", TensorType.FLOAT32, input);
      int f = constantFilter
          ? g.addConstant("filter", filter, ConvTesting.random(random, count(filter)))
          : g.addTensor("filter", TensorType.FLOAT32, filter);
      int b = withBias ? g.addConstant("bias", new int[] {filter[0]},
          bias ? ConvTesting.random(random, filter[0]) : new float[filter[0]]) : -1;
      int out = g.addTensor("output", TensorType.FLOAT32, 1, 1, 1, filter[0]);
      g.addOperator(OperatorSpec.builtin(BuiltinOperator.CONV_2D)
          .inputs(withBias ? new int[] {in, f, b} : new int[] {in, f}).outputs(out)
          .options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(fbb,
              padding, strideW, strideH, activation, dilationW, dilationH, (byte) 0))
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

  static int count(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    byte s = Padding.SAME;
    byte v = Padding.VALID;
    byte none = ActivationFunctionType.NONE;
    byte relu = ActivationFunctionType.RELU;
    byte relu6 = ActivationFunctionType.RELU6;
    byte n1 = ActivationFunctionType.RELU_N1_TO_1;
    Case[] all = {
      // 1x1 pointwise, direct path: channel counts around the panel width, row tails
      new Case(new int[] {1, 7, 9, 32}, new int[] {64, 1, 1, 32}, s, 1, 1, 1, 1, none, true, true),
      new Case(new int[] {2, 5, 3, 5}, new int[] {17, 1, 1, 5}, v, 1, 1, 1, 1, relu, true, true),
      new Case(new int[] {1, 4, 4, 3}, new int[] {1, 1, 1, 3}, s, 1, 1, 1, 1, none, false, true),
      new Case(new int[] {1, 13, 11, 40}, new int[] {33, 1, 1, 40}, s, 1, 1, 1, 1, relu6, true,
          true),
      // 1x1 with stride goes through im2col
      new Case(new int[] {1, 9, 8, 16}, new int[] {24, 1, 1, 16}, s, 2, 2, 1, 1, none, true, true),
      // 3x3 with padding, strides, dilations
      new Case(new int[] {1, 8, 8, 3}, new int[] {8, 3, 3, 3}, s, 2, 2, 1, 1, relu6, true, true),
      new Case(new int[] {1, 10, 12, 8}, new int[] {16, 3, 3, 8}, s, 1, 1, 1, 1, relu, true, true),
      new Case(new int[] {2, 10, 12, 8}, new int[] {16, 3, 3, 8}, v, 1, 1, 1, 1, n1, true, true),
      new Case(new int[] {1, 11, 9, 6}, new int[] {7, 3, 5, 6}, s, 2, 3, 1, 1, none, true, true),
      new Case(new int[] {1, 12, 12, 4}, new int[] {5, 3, 3, 4}, s, 1, 1, 2, 3, none, true, true),
      new Case(new int[] {1, 12, 12, 4}, new int[] {5, 3, 3, 4}, v, 1, 2, 2, 2, relu, false,
          true),
      new Case(new int[] {1, 7, 7, 5}, new int[] {9, 7, 7, 5}, s, 1, 1, 1, 1, none, true, true),
      new Case(new int[] {1, 3, 3, 2}, new int[] {4, 5, 5, 2}, s, 1, 1, 1, 1, none, true, true),
      new Case(new int[] {1, 2, 2, 2}, new int[] {4, 3, 3, 2}, s, 3, 3, 1, 1, none, true, true),
      // long depth: several K blocks accumulate through C
      new Case(new int[] {1, 6, 6, 96}, new int[] {40, 3, 3, 96}, s, 1, 1, 1, 1, relu, true,
          true),
      new Case(new int[] {1, 3, 3, 700}, new int[] {20, 1, 1, 700}, v, 1, 1, 1, 1, none, true,
          true),
      // grouped convolution
      new Case(new int[] {1, 6, 6, 8}, new int[] {6, 3, 3, 4}, s, 1, 1, 1, 1, none, true, true),
      new Case(new int[] {1, 5, 7, 12}, new int[] {12, 1, 1, 3}, s, 1, 1, 1, 1, relu, true, true),
      new Case(new int[] {2, 9, 9, 6}, new int[] {18, 3, 3, 2}, v, 2, 1, 1, 2, none, false, true),
      // filter given at run time
      new Case(new int[] {1, 6, 5, 7}, new int[] {9, 3, 3, 7}, s, 1, 1, 1, 1, none, true, false),
      new Case(new int[] {1, 6, 5, 16}, new int[] {20, 1, 1, 16}, s, 1, 1, 1, 1, relu, true,
          false),
    };
    long seed = 1;
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
  void largeImageOnBothPathsAndThreads() {
    Case c = new Case(new int[] {1, 57, 61, 24}, new int[] {48, 3, 3, 24}, Padding.SAME, 1, 1, 1,
        1, ActivationFunctionType.RELU6, true, true);
    for (boolean vector : new boolean[] {true, false}) {
      ConvTesting.assertMatchesTfLite(c.model(7, false), c.model(7, true), 7, vector, 2);
    }
  }

  @Test
  void handComputedSamePadding() {
    // 3x3 input 1..9, one 2x2 filter of ones, SAME, stride 1: total padding 1 goes after the image,
    // so each output sums the 2x2 window starting at its own pixel; bias 0.5.
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int in = g.addTensor("input", TensorType.FLOAT32, 1, 3, 3, 1);
    int f = g.addConstant("filter", new int[] {1, 2, 2, 1}, new float[] {1, 1, 1, 1});
    int b = g.addConstant("bias", new int[] {1}, new float[] {0.5f});
    int out = g.addTensor("output", TensorType.FLOAT32, 1, 3, 3, 1);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.CONV_2D).inputs(in, f, b).outputs(out)
        .options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(fbb,
            Padding.SAME, 1, 1, ActivationFunctionType.NONE, 1, 1, (byte) 0))
        .build());
    g.inputs(in).outputs(out);
    float[] input = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] expected = {12.5f, 16.5f, 9.5f, 24.5f, 28.5f, 15.5f, 15.5f, 17.5f, 9.5f};
    for (boolean vector : new boolean[] {true, false}) {
      assertThat(ConvTesting.run(model.build(), vector, 1, input)).containsExactly(expected);
    }
  }

  @Test
  void handComputedGroupsAndRelu() {
    // One pixel, 4 channels (1, 2, 3, 4), 2 groups of 2 in-channels, 2 outputs per group, RELU.
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int in = g.addTensor("input", TensorType.FLOAT32, 1, 1, 1, 4);
    int f = g.addConstant("filter", new int[] {4, 1, 1, 2},
        new float[] {1, 1, -1, 0, 2, 0, 0, -3});
    int out = g.addTensor("output", TensorType.FLOAT32, 1, 1, 1, 4);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.CONV_2D).inputs(in, f).outputs(out)
        .options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(fbb,
            Padding.VALID, 1, 1, ActivationFunctionType.RELU, 1, 1, (byte) 0))
        .build());
    g.inputs(in).outputs(out);
    // group 0 sees (1, 2): 1+2 = 3, -1 -> 0; group 1 sees (3, 4): 6, -12 -> 0
    for (boolean vector : new boolean[] {true, false}) {
      assertThat(ConvTesting.run(model.build(), vector, 1, new float[] {1, 2, 3, 4}))
          .containsExactly(3, 0, 6, 0);
    }
  }

  static byte[] hostile(int[] input, int[] filter, int[] biasShape, int strideH, int strideW,
      int dilationH, int dilationW) {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int in = g.addTensor("input", TensorType.FLOAT32, input);
    // Inputs rather than constants: an empty constant would be no constant at all.
    int f = g.addTensor("filter", TensorType.FLOAT32, filter);
    int b = biasShape == null ? -1 : g.addTensor("bias", TensorType.FLOAT32, biasShape);
    int out = g.addTensor("output", TensorType.FLOAT32, 1, 1, 1, 1);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.CONV_2D)
        .inputs(b < 0 ? new int[] {in, f} : new int[] {in, f, b}).outputs(out)
        .options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(fbb,
            Padding.SAME, strideW, strideH, ActivationFunctionType.NONE, dilationW, dilationH,
            (byte) 0))
        .build());
    if (b < 0) {
      g.inputs(in, f);
    } else {
      g.inputs(in, f, b);
    }
    g.outputs(out);
    return model.buildUnverified();
  }

  static Stream<Arguments> hostileCases() {
    int[] in = {1, 4, 4, 4};
    int[] filter = {2, 3, 3, 4};
    int[] bias = {2};
    return Stream.of(
        Arguments.of(hostile(in, filter, bias, 0, 1, 1, 1), "stride_h is 0"),
        Arguments.of(hostile(in, filter, bias, 1, 0, 1, 1), "stride_w is 0"),
        Arguments.of(hostile(in, filter, bias, 1, 1, 0, 1), "dilation_h_factor is 0"),
        Arguments.of(hostile(in, filter, bias, 1, 1, 1, -2), "dilation_w_factor is -2"),
        Arguments.of(hostile(in, new int[] {2, 3, 3, 0}, bias, 1, 1, 1, 1),
            "filter input channels are 0"),
        Arguments.of(hostile(in, new int[] {2, 3, 3, 3}, bias, 1, 1, 1, 1),
            "do not divide the input's 4 channels"),
        Arguments.of(hostile(new int[] {1, 4, 4, 0}, new int[] {2, 3, 3, 1}, bias, 1, 1, 1, 1),
            "has no channels"),
        Arguments.of(hostile(in, new int[] {3, 3, 3, 2}, new int[] {3}, 1, 1, 1, 1),
            "not a positive multiple of the 2 groups"),
        Arguments.of(hostile(in, new int[] {0, 3, 3, 4}, new int[] {0}, 1, 1, 1, 1),
            "output channels 0"),
        Arguments.of(hostile(in, filter, new int[] {0}, 1, 1, 1, 1), "has 0 values for 2"),
        Arguments.of(hostile(in, filter, new int[] {3}, 1, 1, 1, 1), "has 3 values for 2"),
        Arguments.of(hostile(in, new int[] {2, 0, 3, 4}, bias, 1, 1, 1, 1), "empty window"),
        Arguments.of(hostile(new int[] {4, 4, 4}, filter, bias, 1, 1, 1, 1), "must have rank 4"));
  }

  @ParameterizedTest
  @MethodSource("hostileCases")
  void rejectsHostileModels(byte[] model, String message) {
    assertThatThrownBy(() -> ConvTesting.interpreter(model, true, 1).allocateTensors())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("CONV_2D")
        .hasMessageContaining(message);
  }

  @Test
  void emptyBatchGivesEmptyOutput() {
    byte[] model = hostile(new int[] {0, 4, 4, 4}, new int[] {2, 3, 3, 4}, new int[] {2}, 1, 1,
        1, 1);
    try (var jlite = ConvTesting.interpreter(model, true, 2)) {
      jlite.allocateTensors();
      jlite.invoke();
      assertThat(jlite.getOutputTensor(0).shape()).containsExactly(0, 4, 4, 2);
    }
  }
}
