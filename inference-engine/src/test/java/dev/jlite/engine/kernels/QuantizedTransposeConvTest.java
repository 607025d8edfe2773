package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.Padding;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.model.TransposeConvOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Quantized TRANSPOSE_CONV (uint8, int8, int16x8), bit-exact against TFLite 2.19. */
class QuantizedTransposeConvTest {
  /** Input, filter and output quantization of one node. */
  record Quant(byte type, float inScale, int inZp, float[] filterScales, int filterZp,
      float outScale, int outZp) {
    boolean wide() {
      return type == TensorType.INT16;
    }

    @Override
    public String toString() {
      String t = type == TensorType.UINT8 ? "u8" : wide() ? "i16" : "i8";
      return t + " in " + inScale + "/" + inZp + " filter " + filterScales.length + " scale(s) zp "
          + filterZp + " out " + outScale + "/" + outZp;
    }
  }

  /** One node: shapes, output size, options, bias, and which inputs are constant. */
  record Case(int[] input, int[] weights, int outH, int outW, byte padding, int strideH,
      int strideW, byte activation, boolean bias, Quant q, boolean constantShape,
      boolean constantWeights) {
    int[] outputShape() {
      return new int[] {input[0], outH, outW, weights[0]};
    }

    byte[] model(long seed, boolean unverified) {
      Random random = new Random(seed);
      ModelBuilder model = new ModelBuilder();
      SubgraphBuilder g = model.addSubgraph("main");
      int shape = constantShape
          ? g.addConstant("output_shape", new int[] {4}, outputShape())
          : g.addTensor("output_shape", TensorType.INT32, 4);
      int count = OpModel.elements(weights);
      byte[] w = new byte[count];
      for (int i = 0; i < count; i++) {
        w[i] = (byte) (q.type == TensorType.UINT8 ? random.nextInt(256)
            : random.nextInt(255) - 127);
      }
      int outC = weights[0];
      QuantizationSpec filterQuant = q.filterScales.length == 1
          ? QuantizationSpec.perTensor(q.filterScales[0], q.filterZp)
          : QuantizationSpec.perChannel(q.filterScales, new long[q.filterScales.length], 0);
      TensorSpec.Builder wSpec = TensorSpec.builder("weights",
          q.wide() ? TensorType.INT8 : q.type, weights).quantization(filterQuant);
      int wt = g.addTensor((constantWeights ? wSpec.buffer(model.addBuffer(w)) : wSpec).build());
      int in = g.addTensor(TensorSpec.builder("input", q.type, input)
          .quantization(QuantizationSpec.perTensor(q.inScale, q.inZp)).build());
      int b = -1;
      if (bias) {
        float[] biasScales = new float[q.filterScales.length];
        for (int c = 0; c < biasScales.length; c++) {
          biasScales[c] = q.inScale * q.filterScales[c];
        }
        QuantizationSpec biasQuant = biasScales.length == 1
            ? QuantizationSpec.perTensor(biasScales[0], 0)
            : QuantizationSpec.perChannel(biasScales, new long[biasScales.length], 0);
        TensorSpec.Builder bSpec = TensorSpec.builder("bias",
            q.wide() ? TensorType.INT64 : TensorType.INT32, outC).quantization(biasQuant);
        if (q.wide()) {
          long[] values = new long[outC];
          for (int c = 0; c < outC; c++) {
            values[c] = random.nextInt(2_000_001) - 1_000_000;
          }
          bSpec.buffer(model.addBuffer(values));
        } else {
          int[] values = new int[outC];
          for (int c = 0; c < outC; c++) {
            values[c] = random.nextInt(8001) - 4000;
          }
          bSpec.buffer(model.addBuffer(values));
        }
        b = g.addTensor(bSpec.build());
      }
      TensorSpec.Builder outSpec = TensorSpec.builder("output", q.type, outputShape());
      int out = g.addTensor((q.outScale == 0 ? outSpec
          : outSpec.quantization(QuantizationSpec.perTensor(q.outScale, q.outZp))).build());
      g.addOperator(OperatorSpec.builtin(BuiltinOperator.TRANSPOSE_CONV).version(4)
          .inputs(bias ? new int[] {shape, wt, in, b} : new int[] {shape, wt, in}).outputs(out)
          .options(BuiltinOptions.TransposeConvOptions,
              fbb -> TransposeConvOptions.createTransposeConvOptions(fbb, padding, strideW,
                  strideH, activation, (byte) 0))
          .build());
      List<Integer> inputs = new ArrayList<>();
      if (!constantShape) {
        inputs.add(shape);
      }
      if (!constantWeights) {
        inputs.add(wt);
      }
      inputs.add(in);
      g.inputs(inputs.stream().mapToInt(Integer::intValue).toArray()).outputs(out);
      return unverified ? model.buildUnverified() : model.build();
    }

    /** Raw inputs in model order: shape (if an input), weights (if an input), data. */
    byte[][] inputs(long seed) {
      Random random = new Random(seed + 7);
      List<byte[]> inputs = new ArrayList<>();
      if (!constantShape) {
        inputs.add(OpModel.ints(outputShape()));
      }
      if (!constantWeights) {
        byte[] w = new byte[OpModel.elements(weights)];
        for (int i = 0; i < w.length; i++) {
          w[i] = (byte) (q.type == TensorType.UINT8 ? random.nextInt(256)
              : random.nextInt(255) - 127);
        }
        inputs.add(w);
      }
      int n = OpModel.elements(input);
      byte[] data = new byte[n * (q.wide() ? 2 : 1)];
      random.nextBytes(data);
      inputs.add(data);
      return inputs.toArray(new byte[0][]);
    }
  }

  private static float[] channelScales(int n, long seed) {
    Random random = new Random(seed);
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = 0.002f + random.nextFloat() * 0.05f;
    }
    return s;
  }

  static Stream<Arguments> cases() {
    byte same = Padding.SAME;
    byte valid = Padding.VALID;
    // {input, weights, outH, outW, padding, strideH, strideW}
    Object[][] geometries = {
        {new int[] {1, 3, 3, 2}, new int[] {3, 3, 3, 2}, 6, 6, same, 2, 2},
        {new int[] {1, 3, 3, 2}, new int[] {3, 3, 3, 2}, 7, 7, valid, 2, 2},
        {new int[] {2, 4, 5, 3}, new int[] {4, 2, 2, 3}, 8, 10, same, 2, 2},
        {new int[] {1, 4, 3, 5}, new int[] {2, 4, 3, 5}, 12, 5, valid, 3, 1},
        {new int[] {1, 5, 4, 4}, new int[] {5, 3, 2, 4}, 5, 4, same, 1, 1},
        {new int[] {1, 2, 3, 8}, new int[] {6, 1, 1, 8}, 4, 6, valid, 2, 2},
        {new int[] {1, 4, 4, 3}, new int[] {3, 3, 3, 3}, 7, 8, same, 2, 2},
        {new int[] {1, 3, 4, 17}, new int[] {9, 5, 5, 17}, 9, 12, same, 3, 3},
        // output_shape too small for the input: col2im lays pixels on a narrower grid
        {new int[] {2, 5, 5, 4}, new int[] {3, 3, 3, 4}, 6, 7, same, 2, 2},
    };
    byte[] activations = {ActivationFunctionType.NONE, ActivationFunctionType.RELU,
        ActivationFunctionType.RELU6, ActivationFunctionType.RELU_N1_TO_1};
    List<Arguments> cases = new ArrayList<>();
    int k = 0;
    for (Object[] g : geometries) {
      int[] weights = (int[]) g[1];
      int outC = weights[0];
      List<Quant> quants = List.of(
          new Quant(TensorType.UINT8, 0.05f, 128, new float[] {0.02f}, 128, 0.1f, 128),
          new Quant(TensorType.UINT8, 0.5f, 37, new float[] {0.25f}, 200, 0.01f, 3),
          new Quant(TensorType.INT8, 0.05f, -3, channelScales(outC, k), 0, 0.08f, 5),
          new Quant(TensorType.INT8, 0.7f, 100, channelScales(outC, k + 1), 0, 0.003f, -120),
          new Quant(TensorType.INT16, 0.002f, 0, channelScales(outC, k + 2), 0, 0.004f, 0),
          new Quant(TensorType.INT16, 0.05f, 0, channelScales(outC, k + 3), 0, 0.0001f, 0));
      for (Quant q : quants) {
        byte activation = activations[k % activations.length];
        boolean bias = k % 3 != 0;
        cases.add(Arguments.of(new Case((int[]) g[0], weights, (int) g[2], (int) g[3],
            (byte) g[4], (int) g[5], (int) g[6], activation, bias, q, true, true)));
        k++;
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesTfLite(Case c) {
    Differential.assertMatchesTfLite(c.model(11, false), c.inputs(11));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesTfLiteOnTwoThreads(Case c) {
    Differential.assertMatchesTfLite(c.model(12, false), 12, 2);
  }

  static Stream<Arguments> activationCases() {
    List<Arguments> cases = new ArrayList<>();
    byte[] activations = {ActivationFunctionType.NONE, ActivationFunctionType.RELU,
        ActivationFunctionType.RELU6, ActivationFunctionType.RELU_N1_TO_1};
    for (byte activation : activations) {
      for (Quant q : List.of(
          new Quant(TensorType.UINT8, 0.05f, 100, new float[] {0.03f}, 120, 0.02f, 128),
          new Quant(TensorType.INT8, 0.05f, 0, channelScales(4, 3), 0, 0.02f, 0),
          new Quant(TensorType.INT16, 0.01f, 0, channelScales(4, 4), 0, 0.0005f, 0))) {
        cases.add(Arguments.of(new Case(new int[] {1, 3, 3, 3}, new int[] {4, 3, 3, 3}, 6, 6,
            Padding.SAME, 2, 2, activation, true, q, true, true)));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("activationCases")
  void fusedActivationsMatchTfLite(Case c) {
    Differential.assertMatchesTfLite(c.model(5, false), c.inputs(5));
  }

  @Test
  void perTensorInt8AndInt16FiltersMatchTfLite() {
    for (byte type : new byte[] {TensorType.INT8, TensorType.INT16}) {
      for (int outC : new int[] {1, 3, 17}) {
        Quant q = new Quant(type, 0.04f, 0, new float[] {0.03f}, 0, 0.05f, 0);
        Case c = new Case(new int[] {1, 3, 3, 2}, new int[] {outC, 3, 3, 2}, 6, 6,
            Padding.SAME, 2, 2, ActivationFunctionType.NONE, true, q, true, true);
        Differential.assertMatchesTfLite(c.model(3, false), c.inputs(3));
      }
    }
  }

  @Test
  void outputShapeAndWeightsAsInputsMatchTfLite() {
    for (Quant q : List.of(
        new Quant(TensorType.UINT8, 0.05f, 128, new float[] {0.02f}, 128, 0.1f, 128),
        new Quant(TensorType.INT8, 0.05f, -3, channelScales(3, 9), 0, 0.08f, 5),
        new Quant(TensorType.INT16, 0.002f, 0, channelScales(3, 10), 0, 0.004f, 0))) {
      Case dynamicShape = new Case(new int[] {1, 3, 3, 2}, new int[] {3, 3, 3, 2}, 7, 7,
          Padding.VALID, 2, 2, ActivationFunctionType.NONE, true, q, false, true);
      Differential.assertMatchesTfLite(dynamicShape.model(4, false), dynamicShape.inputs(4));
      Case dynamicWeights = new Case(new int[] {1, 3, 3, 2}, new int[] {3, 3, 3, 2}, 6, 6,
          Padding.SAME, 2, 2, ActivationFunctionType.RELU, true, q, true, false);
      Differential.assertMatchesTfLite(dynamicWeights.model(4, false), dynamicWeights.inputs(4));
    }
  }

  @Test
  void handComputedUint8() {
    // Input [1, 2] and weights [1, 3] (scale 1, zero point 0), stride 2, VALID: the output
    // [x0 w0, x0 w1, x1 w0, x1 w1] = [1, 3, 2, 6], plus bias 10 = [11, 13, 12, 16], at output
    // scale 0.5: [22, 26, 24, 32].
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int shape = g.addConstant("output_shape", new int[] {4}, new int[] {1, 4, 1, 1});
    QuantizationSpec unit = QuantizationSpec.perTensor(1f, 0);
    int w = g.addTensor(TensorSpec.builder("weights", TensorType.UINT8, 1, 2, 1, 1)
        .buffer(model.addBuffer(new byte[] {1, 3})).quantization(unit).build());
    int in = g.addTensor(TensorSpec.builder("input", TensorType.UINT8, 1, 2, 1, 1)
        .quantization(unit).build());
    int b = g.addTensor(TensorSpec.builder("bias", TensorType.INT32, 1)
        .buffer(model.addBuffer(new int[] {10})).quantization(unit).build());
    int out = g.addTensor(TensorSpec.builder("output", TensorType.UINT8, 1, 4, 1, 1)
        .quantization(QuantizationSpec.perTensor(0.5f, 0)).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.TRANSPOSE_CONV).version(4)
        .inputs(shape, w, in, b).outputs(out)
        .options(BuiltinOptions.TransposeConvOptions,
            fbb -> TransposeConvOptions.createTransposeConvOptions(fbb, Padding.VALID, 1, 2,
                ActivationFunctionType.NONE, (byte) 0))
        .build());
    g.inputs(in).outputs(out);
    byte[] bytes = model.build();
    assertThat(OpModel.toBytes(OpModel.run(bytes, new byte[] {1, 2})[0]))
        .containsExactly(22, 26, 24, 32);
    Differential.assertMatchesTfLite(bytes, new byte[] {1, 2});
  }

  private static Case hostile(Quant q, int outC) {
    return new Case(new int[] {1, 2, 2, 2}, new int[] {outC, 2, 2, 2}, 4, 4, Padding.SAME, 2,
        2, ActivationFunctionType.NONE, true, q, true, true);
  }

  @Test
  void rejectsHostileQuantization() {
    OpModel.assertRejected(hostile(new Quant(TensorType.INT8, 0.1f, 0, new float[] {0.1f}, 3,
        0.1f, 0), 1).model(1, true), "TRANSPOSE_CONV", "int8 filter zero point 3 must be 0");
    OpModel.assertRejected(hostile(new Quant(TensorType.INT8, 0.1f, 0,
        new float[] {0.1f, 0.2f}, 0, 0.1f, 0), 3).model(1, true),
        "2 per-channel scales but dimension 0 has 3");
    OpModel.assertRejected(hostile(new Quant(TensorType.UINT8, 0f, 0, new float[] {0.1f}, 0,
        0.1f, 0), 1).model(1, true), "input scale 0.0 is not a positive finite number");
    OpModel.assertRejected(hostile(new Quant(TensorType.UINT8, 0.1f, 0, new float[] {-0.1f}, 0,
        0.1f, 0), 1).model(1, true), "filter scale -0.1 is not a positive finite number");
    OpModel.assertRejected(hostile(new Quant(TensorType.UINT8, 0.1f, 0, new float[] {0.1f}, 0,
        0.1f, 300), 1).model(1, true), "output zero point 300 is outside UINT8 [0, 255]");
    OpModel.assertRejected(hostile(new Quant(TensorType.INT8, 0.1f, 0, new float[] {0.1f}, 0,
        0f, 0), 1).model(1, true), "output tensor", "has no quantization parameters");
    OpModel.assertRejected(hostile(new Quant(TensorType.INT16, 0.1f, 4, new float[] {0.1f}, 0,
        0.1f, 0), 1).model(1, true), "int16 input and output zero points must be 0");
    OpModel.assertRejected(hostile(new Quant(TensorType.UINT8, 0.1f, 0,
        new float[] {0.1f, 0.1f}, 0, 0.1f, 0), 2).model(1, true),
        "uint8 filter must be quantized per tensor");
  }

  @Test
  void rejectsFilterTypesTfLiteDoesNotTake() {
    // int16 activations need int8 filters; 8-bit activations filters of their own type.
    OpModel.assertRejected(filterTyped(TensorType.INT16, TensorType.INT16),
        "filter (tensor 1) has type INT16, expected INT8");
    OpModel.assertRejected(filterTyped(TensorType.UINT8, TensorType.INT8),
        "filter (tensor 1) has type INT8, expected UINT8");
  }

  /** A node without bias, activations of type {@code io}, filter of type {@code filter}. */
  private static byte[] filterTyped(byte io, byte filter) {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int shape = g.addConstant("output_shape", new int[] {4}, new int[] {1, 4, 4, 1});
    QuantizationSpec q = QuantizationSpec.perTensor(0.1f, 0);
    int w = g.addTensor(TensorSpec.builder("weights", filter, 1, 2, 2, 1)
        .buffer(model.addBuffer(new byte[filter == TensorType.INT16 ? 8 : 4]))
        .quantization(q).build());
    int in = g.addTensor(TensorSpec.builder("input", io, 1, 2, 2, 1).quantization(q).build());
    int out = g.addTensor(TensorSpec.builder("output", io, 1, 4, 4, 1).quantization(q).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.TRANSPOSE_CONV).version(4)
        .inputs(shape, w, in).outputs(out)
        .options(BuiltinOptions.TransposeConvOptions,
            fbb -> TransposeConvOptions.createTransposeConvOptions(fbb, Padding.SAME, 2, 2,
                ActivationFunctionType.NONE, (byte) 0))
        .build());
    g.inputs(in).outputs(out);
    return model.buildUnverified();
  }
}
