package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.Padding;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.model.TransposeConvOptions;
import dev.jlite.schema.testing.TfLiteOracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransposeConvTest {
  /**
   * One TRANSPOSE_CONV: input, weights [out, h, w, in], requested output size, options, and
   * whether the output shape is a constant (else a model input) and there is a bias.
   */
  record Case(int[] input, int[] weights, int outH, int outW, byte padding, int strideH,
      int strideW, byte activation, boolean bias, boolean constantShape) {
    int[] outputShape() {
      return new int[] {input[0], outH, outW, weights[0]};
    }

    byte[] model(long seed) {
      Random random = new Random(seed);
      ModelBuilder model = new ModelBuilder();
      SubgraphBuilder g = model.addSubgraph("main");
      int shape = constantShape
          ? g.addConstant("output_shape", new int[] {4}, outputShape())
          : g.addTensor("output_shape", TensorType.INT32, 4);
      int w = g.addConstant("weights", weights,
          ConvTesting.random(random, Conv2DTest.count(weights)));
      int in = g.addTensor("input", TensorType.FLOAT32, input);
      int b = bias ? g.addConstant("bias", new int[] {weights[0]},
          ConvTesting.random(random, weights[0])) : -1;
      int out = g.addTensor("output", TensorType.FLOAT32, outputShape());
      g.addOperator(OperatorSpec.builtin(BuiltinOperator.TRANSPOSE_CONV).version(4)
          .inputs(bias ? new int[] {shape, w, in, b} : new int[] {shape, w, in}).outputs(out)
          .options(BuiltinOptions.TransposeConvOptions,
              fbb -> TransposeConvOptions.createTransposeConvOptions(fbb, padding, strideW,
                  strideH, activation, (byte) 0))
          .build());
      if (constantShape) {
        g.inputs(in);
      } else {
        g.inputs(shape, in);
      }
      g.outputs(out);
      return model.build();
    }

    byte[][] inputs(long seed) {
      byte[] data = ConvTesting.bytes(ConvTesting.random(new Random(seed + 1),
          Conv2DTest.count(input)));
      return constantShape ? new byte[][] {data}
          : new byte[][] {ConvTesting.bytes(outputShape()), data};
    }
  }

  static Stream<Arguments> cases() {
    byte s = Padding.SAME;
    byte v = Padding.VALID;
    byte none = ActivationFunctionType.NONE;
    byte relu = ActivationFunctionType.RELU;
    byte relu6 = ActivationFunctionType.RELU6;
    Case[] all = {
      new Case(new int[] {1, 4, 4, 8}, new int[] {6, 3, 3, 8}, 8, 8, s, 2, 2, none, true, true),
      new Case(new int[] {1, 4, 4, 8}, new int[] {6, 3, 3, 8}, 9, 9, v, 2, 2, relu, true, true),
      new Case(new int[] {2, 5, 3, 3}, new int[] {4, 2, 2, 3}, 10, 6, s, 2, 2, none, false,
          true),
      new Case(new int[] {1, 6, 7, 16}, new int[] {20, 4, 4, 16}, 12, 14, s, 2, 2, relu6, true,
          true),
      new Case(new int[] {1, 5, 5, 4}, new int[] {3, 3, 3, 4}, 5, 5, s, 1, 1, none, true, true),
      new Case(new int[] {1, 3, 4, 5}, new int[] {2, 3, 2, 5}, 9, 9, v, 3, 2, none, true, true),
      new Case(new int[] {1, 3, 4, 2}, new int[] {2, 3, 3, 2}, 7, 6, v, 2, 1, none, true, true),
      new Case(new int[] {1, 4, 4, 8}, new int[] {6, 3, 3, 8}, 8, 8, s, 2, 2, none, true, false),
      new Case(new int[] {1, 16, 16, 32}, new int[] {17, 2, 2, 32}, 32, 32, s, 2, 2, relu,
          true, true),
      // output_shape disagreeing with the input: TFLite's col2im lays the input pixels of each
      // batch on its own grid in memory order
      new Case(new int[] {1, 5, 5, 4}, new int[] {3, 3, 3, 4}, 6, 7, s, 2, 2, none, true, true),
      new Case(new int[] {2, 4, 4, 3}, new int[] {2, 3, 3, 3}, 6, 5, v, 2, 2, none, true, false),
      new Case(new int[] {3, 4, 3, 2}, new int[] {2, 3, 3, 2}, 11, 5, v, 2, 2, none, true, true),
    };
    List<Arguments> cases = new ArrayList<>();
    long seed = 700;
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
    ConvTesting.assertMatchesTfLite(c.model(seed), vector, threads, c.inputs(seed));
  }

  /** MediaPipe's op: input, weights, bias, and its raw options (padding, stride_w, stride_h). */
  static byte[] mediapipe(int[] input, int[] weights, float[] weightValues, float[] biasValues,
      int[] outputShape, byte[] options) {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int in = g.addTensor("input", TensorType.FLOAT32, input);
    int w = weightValues == null ? g.addTensor("weights", TensorType.FLOAT32, weights)
        : g.addConstant("weights", weights, weightValues);
    int b = biasValues == null ? g.addTensor("bias", TensorType.FLOAT32, weights[0])
        : g.addConstant("bias", new int[] {biasValues.length}, biasValues);
    int out = g.addTensor("output", TensorType.FLOAT32, outputShape);
    g.addOperator(OperatorSpec.custom(ConvKernels.TRANSPOSE_CONV_BIAS).inputs(in, w, b)
        .outputs(out).customOptions(options).build());
    if (weightValues == null) {
      g.inputs(in, w, b);
    } else {
      g.inputs(in);
    }
    g.outputs(out);
    return model.buildUnverified();
  }

  static byte[] options(int padding, int strideW, int strideH) {
    return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(padding).putInt(strideW)
        .putInt(strideH).array();
  }

  @Test
  void mediapipeHandComputed() {
    // Stride 2, VALID, 2x2 weights: every input pixel becomes a 2x2 block in * w, plus 0.5.
    byte[] model = mediapipe(new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1},
        new float[] {1, 10, 100, 1000}, new float[] {0.5f}, new int[] {1, 4, 4, 1},
        options(2, 2, 2));
    float[] expected = {
      1.5f, 10.5f, 2.5f, 20.5f,
      100.5f, 1000.5f, 200.5f, 2000.5f,
      3.5f, 30.5f, 4.5f, 40.5f,
      300.5f, 3000.5f, 400.5f, 4000.5f,
    };
    for (boolean vector : new boolean[] {true, false}) {
      assertThat(ConvTesting.run(model, vector, 1, new float[] {1, 2, 3, 4}))
          .containsExactly(expected);
    }
  }

  static Stream<Arguments> mediapipeCases() {
    // input, weights, padding (1 SAME, 2 VALID), stride h and w, expected output size
    return Stream.of(
        Arguments.of(new int[] {1, 8, 8, 16}, new int[] {1, 2, 2, 16}, 1, 2, 2, 16, 16),
        Arguments.of(new int[] {1, 5, 5, 4}, new int[] {3, 3, 3, 4}, 1, 2, 2, 9, 9),
        Arguments.of(new int[] {1, 4, 6, 4}, new int[] {3, 3, 3, 4}, 1, 2, 2, 8, 12),
        Arguments.of(new int[] {2, 4, 3, 5}, new int[] {7, 3, 2, 5}, 2, 3, 2, 12, 6),
        Arguments.of(new int[] {1, 6, 6, 8}, new int[] {4, 5, 5, 8}, 1, 1, 1, 6, 6));
  }

  /** Equivalence with TFLite's TRANSPOSE_CONV of the same size plus the bias. */
  @ParameterizedTest
  @MethodSource("mediapipeCases")
  void mediapipeMatchesTransposeConvWithBias(int[] input, int[] weights, int padding,
      int strideH, int strideW, int outH, int outW) {
    Random random = new Random(outH * 31L + outW);
    float[] w = ConvTesting.random(random, Conv2DTest.count(weights));
    float[] b = ConvTesting.random(random, weights[0]);
    int[] outputShape = {input[0], outH, outW, weights[0]};
    byte[] custom = mediapipe(input, weights, w, b, outputShape,
        options(padding, strideW, strideH));

    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int shape = g.addConstant("output_shape", new int[] {4}, outputShape);
    int wt = g.addConstant("weights", weights, w);
    int in = g.addTensor("input", TensorType.FLOAT32, input);
    int bt = g.addConstant("bias", new int[] {weights[0]}, b);
    int out = g.addTensor("output", TensorType.FLOAT32, outputShape);
    byte pad = padding == 1 ? Padding.SAME : Padding.VALID;
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.TRANSPOSE_CONV).version(3)
        .inputs(shape, wt, in, bt).outputs(out)
        .options(BuiltinOptions.TransposeConvOptions,
            fbb -> TransposeConvOptions.createTransposeConvOptions(fbb, pad, strideW, strideH,
                ActivationFunctionType.NONE, (byte) 0))
        .build());
    g.inputs(in).outputs(out);
    byte[] reference = model.build();

    byte[] data = ConvTesting.bytes(ConvTesting.random(random, Conv2DTest.count(input)));
    byte[][] expected;
    try (TfLiteOracle oracle = TfLiteOracle.open(reference)) {
      oracle.allocateTensors();
      expected = oracle.run(data);
    }
    for (boolean vector : new boolean[] {true, false}) {
      for (int threads : new int[] {1, 2}) {
        ConvTesting.assertOutputs(custom, vector, threads, new byte[][] {data}, expected,
            new int[][] {outputShape});
      }
    }
  }

  static byte[] hostile(int[] shapeValues, int[] weights, int[] input, int[] biasShape,
      int strideH, int strideW) {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int shape = g.addConstant("output_shape", new int[] {shapeValues.length}, shapeValues);
    int w = g.addTensor("weights", TensorType.FLOAT32, weights);
    int in = g.addTensor("input", TensorType.FLOAT32, input);
    int b = g.addTensor("bias", TensorType.FLOAT32, biasShape);
    int out = g.addTensor("output", TensorType.FLOAT32, 1, 1, 1, 1);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.TRANSPOSE_CONV).version(4)
        .inputs(shape, w, in, b).outputs(out)
        .options(BuiltinOptions.TransposeConvOptions,
            fbb -> TransposeConvOptions.createTransposeConvOptions(fbb, Padding.SAME, strideW,
                strideH, ActivationFunctionType.NONE, (byte) 0))
        .build());
    g.inputs(w, in, b).outputs(out);
    return model.buildUnverified();
  }

  static Stream<Arguments> hostileCases() {
    int[] shape = {1, 8, 8, 2};
    int[] w = {2, 3, 3, 4};
    int[] in = {1, 4, 4, 4};
    int[] bias = {2};
    byte[] same = options(1, 2, 2);
    return Stream.of(
        Arguments.of(hostile(shape, w, in, bias, 0, 2), "TRANSPOSE_CONV", "stride_h is 0"),
        Arguments.of(hostile(shape, w, in, bias, 2, 0), "TRANSPOSE_CONV", "stride_w is 0"),
        Arguments.of(hostile(new int[] {1, 8, 8, 3}, w, in, bias, 2, 2), "TRANSPOSE_CONV",
            "does not fit"),
        Arguments.of(hostile(new int[] {2, 8, 8, 2}, w, in, bias, 2, 2), "TRANSPOSE_CONV",
            "does not fit"),
        Arguments.of(hostile(new int[] {1, -8, 8, 2}, w, in, bias, 2, 2), "TRANSPOSE_CONV",
            "does not fit"),
        Arguments.of(hostile(new int[] {1, 8, 2}, w, in, bias, 2, 2), "TRANSPOSE_CONV",
            "must be a vector of 4 values"),
        Arguments.of(hostile(shape, new int[] {2, 3, 3, 3}, in, bias, 2, 2), "TRANSPOSE_CONV",
            "do not take the 4 channels"),
        Arguments.of(hostile(shape, w, in, new int[] {3}, 2, 2), "TRANSPOSE_CONV",
            "has 3 values for 2"),
        Arguments.of(hostile(shape, w, new int[] {1, 4, 4, 0}, bias, 2, 2), "TRANSPOSE_CONV",
            "at least one channel"),
        Arguments.of(mediapipe(in, w, null, null, shape, options(1, 0, 2)),
            ConvKernels.TRANSPOSE_CONV_BIAS, "stride_w is 0"),
        Arguments.of(mediapipe(in, w, null, null, shape, options(1, 2, 0)),
            ConvKernels.TRANSPOSE_CONV_BIAS, "stride_h is 0"),
        Arguments.of(mediapipe(in, w, null, null, shape, options(0, 2, 2)),
            ConvKernels.TRANSPOSE_CONV_BIAS, "padding 0 is not SAME (1) or VALID (2)"),
        Arguments.of(mediapipe(in, w, null, null, shape, new byte[8]),
            ConvKernels.TRANSPOSE_CONV_BIAS, "custom options hold 8 bytes"),
        Arguments.of(mediapipe(in, new int[] {2, 3, 3, 5}, null, null, shape, same),
            ConvKernels.TRANSPOSE_CONV_BIAS, "do not take the 4 channels"));
  }

  @ParameterizedTest
  @MethodSource("hostileCases")
  void rejectsHostileModels(byte[] model, String op, String message) {
    assertThatThrownBy(() -> ConvTesting.interpreter(model, true, 1).allocateTensors())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(op)
        .hasMessageContaining(message);
  }

  @Test
  void runTimeOutputShapeIsCheckedInEval() {
    Case c = new Case(new int[] {1, 4, 4, 8}, new int[] {6, 3, 3, 8}, 8, 8, Padding.SAME, 2, 2,
        ActivationFunctionType.NONE, true, false);
    try (Interpreter jlite = ConvTesting.interpreter(c.model(1), true, 1)) {
      jlite.getInputTensor(0).copyFrom(new int[] {1, 8, 8, 5});
      jlite.getInputTensor(1).copyFrom(new float[128]);
      assertThatThrownBy(jlite::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining("output_shape [1, 8, 8, 5] does not fit");
    }
  }
}
