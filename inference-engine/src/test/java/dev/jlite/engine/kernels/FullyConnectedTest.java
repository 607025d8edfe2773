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
import dev.jlite.schema.model.FullyConnectedOptions;
import dev.jlite.schema.model.FullyConnectedOptionsWeightsFormat;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FullyConnectedTest {
  /** One FULLY_CONNECTED: input shape, units, options, bias and whether weights are constant. */
  record Case(int[] input, int units, int depth, boolean keepDims, byte activation, boolean bias,
      boolean constantWeights) {
    byte[] model(long seed) {
      Random random = new Random(seed);
      ModelBuilder model = new ModelBuilder();
      SubgraphBuilder g = model.addSubgraph("main");
      int in = g.addTensor("input", TensorType.FLOAT32, input);
      int[] shape = {units, depth};
      int w = constantWeights
          ? g.addConstant("weights", shape, ConvTesting.random(random, units * depth))
          : g.addTensor("weights", TensorType.FLOAT32, shape);
      int b = bias
          ? g.addConstant("bias", new int[] {units}, ConvTesting.random(random, units)) : -1;
      int out = g.addTensor("output", TensorType.FLOAT32, 1, units);
      g.addOperator(OperatorSpec.builtin(BuiltinOperator.FULLY_CONNECTED)
          .inputs(in, w, b).outputs(out)
          .options(BuiltinOptions.FullyConnectedOptions,
              fbb -> FullyConnectedOptions.createFullyConnectedOptions(fbb, activation,
                  FullyConnectedOptionsWeightsFormat.DEFAULT, keepDims, false, (byte) 0))
          .build());
      if (constantWeights) {
        g.inputs(in);
      } else {
        g.inputs(in, w);
      }
      g.outputs(out);
      return model.build();
    }
  }

  static Stream<Arguments> cases() {
    byte none = ActivationFunctionType.NONE;
    byte relu = ActivationFunctionType.RELU;
    byte relu6 = ActivationFunctionType.RELU6;
    byte n1 = ActivationFunctionType.RELU_N1_TO_1;
    Case[] all = {
      new Case(new int[] {1, 1024}, 1001, 1024, false, none, true, true),
      new Case(new int[] {1, 7}, 3, 7, false, relu, true, true),
      new Case(new int[] {5, 33}, 17, 33, false, relu6, true, true),
      new Case(new int[] {13, 64}, 40, 64, false, none, false, true),
      new Case(new int[] {2, 3, 4, 10}, 9, 10, true, n1, true, true),
      new Case(new int[] {2, 3, 4, 10}, 9, 20, false, none, true, true),
      new Case(new int[] {4, 2, 30}, 16, 30, true, none, true, false),
      new Case(new int[] {20, 300}, 50, 300, false, relu, true, true),
      new Case(new int[] {3, 1500}, 8, 1500, false, none, true, true),
    };
    List<Arguments> cases = new ArrayList<>();
    long seed = 300;
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
    ConvTesting.assertMatchesTfLite(c.model(seed), seed, vector, threads);
  }

  @Test
  void handComputed() {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int in = g.addTensor("input", TensorType.FLOAT32, 2, 3);
    int w = g.addConstant("weights", new int[] {2, 3}, new float[] {1, 2, 3, -1, 0, 1});
    int b = g.addConstant("bias", new int[] {2}, new float[] {0.5f, -4});
    int out = g.addTensor("output", TensorType.FLOAT32, 2, 2);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.FULLY_CONNECTED).inputs(in, w, b)
        .outputs(out)
        .options(BuiltinOptions.FullyConnectedOptions,
            fbb -> FullyConnectedOptions.createFullyConnectedOptions(fbb,
                ActivationFunctionType.RELU, FullyConnectedOptionsWeightsFormat.DEFAULT, false,
                false, (byte) 0))
        .build());
    g.inputs(in).outputs(out);
    // rows (1, 1, 1) and (2, 0, -1): 0.5 + 6 = 6.5, -4 + 0 -> 0; 0.5 - 1 -> 0, -4 - 3 -> 0
    for (boolean vector : new boolean[] {true, false}) {
      assertThat(ConvTesting.run(model.build(), vector, 1, new float[] {1, 1, 1, 2, 0, -1}))
          .containsExactly(6.5f, 0, 0, 0);
    }
  }

  static byte[] hostile(int[] input, int[] weights, int[] biasShape, byte format,
      boolean keepDims) {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int in = g.addTensor("input", TensorType.FLOAT32, input);
    int w = g.addTensor("weights", TensorType.FLOAT32, weights);
    int b = g.addTensor("bias", TensorType.FLOAT32, biasShape);
    int out = g.addTensor("output", TensorType.FLOAT32, 1, 1);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.FULLY_CONNECTED).inputs(in, w, b)
        .outputs(out)
        .options(BuiltinOptions.FullyConnectedOptions,
            fbb -> FullyConnectedOptions.createFullyConnectedOptions(fbb,
                ActivationFunctionType.NONE, format, keepDims, false, (byte) 0))
        .build());
    g.inputs(in, w, b).outputs(out);
    return model.buildUnverified();
  }

  static Stream<Arguments> hostileCases() {
    byte normal = FullyConnectedOptionsWeightsFormat.DEFAULT;
    return Stream.of(
        Arguments.of(hostile(new int[] {1, 4}, new int[] {3, 0}, new int[] {3}, normal, false),
            "have no input dimension"),
        Arguments.of(hostile(new int[] {1, 5}, new int[] {3, 4}, new int[] {3}, normal, false),
            "not a whole number of rows of 4"),
        Arguments.of(hostile(new int[] {1, 4}, new int[] {3, 4}, new int[] {0}, normal, false),
            "has 0 values for 3"),
        Arguments.of(hostile(new int[] {1, 4}, new int[] {3, 4}, new int[] {4}, normal, false),
            "has 4 values for 3"),
        Arguments.of(hostile(new int[] {1, 4}, new int[] {3, 4}, new int[] {3},
            FullyConnectedOptionsWeightsFormat.SHUFFLED4x16INT8, false),
            "weights_format 1 is not supported"),
        Arguments.of(hostile(new int[] {2, 4}, new int[] {3, 2}, new int[] {3}, normal, true),
            "keep_num_dims"),
        Arguments.of(hostile(new int[] {2, 4}, new int[] {3, 2, 2}, new int[] {3}, normal,
            false), "must have rank 2"));
  }

  @ParameterizedTest
  @MethodSource("hostileCases")
  void rejectsHostileModels(byte[] model, String message) {
    assertThatThrownBy(() -> ConvTesting.interpreter(model, true, 1).allocateTensors())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("FULLY_CONNECTED")
        .hasMessageContaining(message);
  }
}
