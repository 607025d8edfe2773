package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.LeakyReluOptions;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuantizedActivationTest {
  static byte[] activation(int op, byte type, QuantizationSpec in, QuantizationSpec out,
      Float alpha, int... shape) {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int x = g.addTensor(TensorSpec.builder("x", type, shape).quantization(in).build());
    TensorSpec.Builder y = TensorSpec.builder("y", type, shape);
    int o = g.addTensor((out == null ? y : y.quantization(out)).build());
    OperatorSpec.Builder spec = OperatorSpec.builtin(op).inputs(x).outputs(o);
    if (alpha != null) {
      spec.options(BuiltinOptions.LeakyReluOptions,
          fbb -> LeakyReluOptions.createLeakyReluOptions(fbb, alpha));
    }
    g.addOperator(spec.build());
    g.inputs(x).outputs(o);
    return m.buildUnverified();
  }

  /** Every 8-bit input value, laid out in a 2 x 128 tensor. */
  private static byte[] everyByte() {
    byte[] v = new byte[256];
    for (int i = 0; i < 256; i++) {
      v[i] = (byte) i;
    }
    return v;
  }

  static Stream<Arguments> eightBitCases() {
    List<Arguments> cases = new ArrayList<>();
    int[] ops = {BuiltinOperator.RELU, BuiltinOperator.RELU6, BuiltinOperator.RELU_N1_TO_1,
        BuiltinOperator.RELU_0_TO_1, BuiltinOperator.LEAKY_RELU, BuiltinOperator.HARD_SWISH};
    float[][] scales = {{0.05f, 0.05f}, {0.02f, 0.1f}, {0.1f, 0.013f}, {0.5f, 0.03f},
        {0.004f, 0.003f}, {3f, 0.5f}};
    for (int op : ops) {
      for (byte type : new byte[] {TensorType.UINT8, TensorType.INT8}) {
        int lo = type == TensorType.UINT8 ? 0 : -128;
        for (float[] s : scales) {
          cases.add(Arguments.of(op, type, s[0], lo + 128, s[1], lo + 128));
          cases.add(Arguments.of(op, type, s[0], lo + 37, s[1], lo + 3));
          cases.add(Arguments.of(op, type, s[0], lo + 250, s[1], lo + 200));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("eightBitCases")
  void eightBitMatchesTfLiteOnEveryInput(int op, byte type, float inScale, long inZero,
      float outScale, long outZero) {
    List<Float> alphas = op == BuiltinOperator.LEAKY_RELU ? List.of(0.2f, -0.7f, 1.6f, 0f)
        : java.util.Collections.singletonList(null);
    for (Float alpha : alphas) {
      byte[] model = activation(op, type, QuantizationSpec.perTensor(inScale, inZero),
          QuantizationSpec.perTensor(outScale, outZero), alpha, 2, 128);
      Differential.assertMatchesTfLite(model, everyByte());
    }
  }

  /** LOGISTIC and TANH: TFLite's fixed output parameters, any input parameters. */
  @ParameterizedTest
  @MethodSource("tableCases")
  void logisticAndTanhMatchTfLiteOnEveryInput(int op, byte type, float inScale, long inZero) {
    boolean logistic = op == BuiltinOperator.LOGISTIC;
    long outZero = type == TensorType.UINT8 ? (logistic ? 0 : 128) : (logistic ? -128 : 0);
    float outScale = logistic ? 1f / 256 : 1f / 128;
    byte[] model = activation(op, type, QuantizationSpec.perTensor(inScale, inZero),
        QuantizationSpec.perTensor(outScale, outZero), null, 2, 128);
    Differential.assertMatchesTfLite(model, everyByte());
  }

  static Stream<Arguments> tableCases() {
    List<Arguments> cases = new ArrayList<>();
    for (int op : new int[] {BuiltinOperator.LOGISTIC, BuiltinOperator.TANH}) {
      for (byte type : new byte[] {TensorType.UINT8, TensorType.INT8}) {
        int lo = type == TensorType.UINT8 ? 0 : -128;
        for (float scale : new float[] {0.01f, 0.0625f, 0.1f, 0.37f}) {
          cases.add(Arguments.of(op, type, scale, lo + 128));
          cases.add(Arguments.of(op, type, scale, lo + 11));
        }
      }
    }
    return cases.stream();
  }

  static Stream<Arguments> int16Cases() {
    List<Arguments> cases = new ArrayList<>();
    int[] ops = {BuiltinOperator.RELU, BuiltinOperator.RELU6, BuiltinOperator.LEAKY_RELU};
    for (int op : ops) {
      cases.add(Arguments.of(op, 0.001f, 0.001f));
      cases.add(Arguments.of(op, 0.0002f, 0.0007f));
      cases.add(Arguments.of(op, 0.003f, 0.0001f));
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("int16Cases")
  void int16MatchesTfLite(int op, float inScale, float outScale) {
    Float alpha = op == BuiltinOperator.LEAKY_RELU ? 0.3f : null;
    byte[] model = activation(op, TensorType.INT16, QuantizationSpec.perTensor(inScale, 0),
        QuantizationSpec.perTensor(outScale, 0), alpha, 4, 300);
    Differential.assertMatchesTfLite(model, 21);
  }

  static byte[] prelu(byte type, int[] shape, int[] alphaShape, QuantizationSpec in,
      QuantizationSpec alpha, QuantizationSpec out, byte[] constantAlpha) {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int x = g.addTensor(TensorSpec.builder("x", type, shape).quantization(in).build());
    TensorSpec.Builder a = TensorSpec.builder("alpha", type, alphaShape);
    if (alpha != null) {
      a.quantization(alpha);
    }
    if (constantAlpha != null) {
      a.buffer(m.addBuffer(constantAlpha));
    }
    int alphaTensor = g.addTensor(a.build());
    int y = g.addTensor(TensorSpec.builder("y", type, shape).quantization(out).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.PRELU).inputs(x, alphaTensor).outputs(y)
        .build());
    if (constantAlpha != null) {
      g.inputs(x).outputs(y);
    } else {
      g.inputs(x, alphaTensor).outputs(y);
    }
    return m.buildUnverified();
  }

  static Stream<Arguments> preluCases() {
    List<Arguments> cases = new ArrayList<>();
    int[][][] shapes = {{{1, 4, 4, 3}, {3}}, {{2, 4, 4, 3}, {4, 1, 3}}, {{5}, {5}},
        {{2, 3, 6}, {1, 1, 6}}};
    float[][] scales = {{0.05f, 0.01f, 0.05f}, {0.1f, 0.004f, 0.02f}, {0.02f, 0.03f, 0.3f}};
    for (byte type : new byte[] {TensorType.UINT8, TensorType.INT8}) {
      int lo = type == TensorType.UINT8 ? 0 : -128;
      for (int k = 0; k < shapes.length; k++) {
        for (int s = 0; s < scales.length; s++) {
          cases.add(Arguments.of(type, shapes[k][0], shapes[k][1], scales[s],
              new long[] {lo + 128 - 40 * s, lo + 100 + 50 * s, lo + 10 + 60 * k}));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("preluCases")
  void preluMatchesTfLite(byte type, int[] shape, int[] alphaShape, float[] scales,
      long[] zeroPoints) {
    QuantizationSpec in = QuantizationSpec.perTensor(scales[0], zeroPoints[0]);
    QuantizationSpec alpha = QuantizationSpec.perTensor(scales[1], zeroPoints[1]);
    QuantizationSpec out = QuantizationSpec.perTensor(scales[2], zeroPoints[2]);
    Differential.assertMatchesTfLite(prelu(type, shape, alphaShape, in, alpha, out, null), 31);
    byte[] constant = new byte[OpModel.elements(alphaShape)];
    new java.util.Random(constant.length).nextBytes(constant);
    Differential.assertMatchesTfLite(prelu(type, shape, alphaShape, in, alpha, out, constant),
        32);
  }

  /**
   * Scales and alpha whose alpha multiplier rounds differently in float and in double: input 37
   * (x = -163) maps to 13 with a double multiplier and 14 with a float one.
   */
  @Test
  void leakyReluAlphaMultiplierPrecisionMatchesTfLite() {
    byte[] model = activation(BuiltinOperator.LEAKY_RELU, TensorType.UINT8,
        QuantizationSpec.perTensor(0.04024689272046089f, 200),
        QuantizationSpec.perTensor(0.08201820403337479f, 128), 1.4315146207809448f, 2, 128);
    Differential.assertMatchesTfLite(model, everyByte());
    // The identity multiplier too: input 107 maps to 62 in double, 63 in float.
    byte[] identity = activation(BuiltinOperator.LEAKY_RELU, TensorType.UINT8,
        QuantizationSpec.perTensor(0.05128232389688492f, 0),
        QuantizationSpec.perTensor(0.08779533952474594f, 0), 0.5f, 2, 128);
    Differential.assertMatchesTfLite(identity, everyByte());
  }

  /** Input 107 maps to 62 with a double scale ratio and to 63 with a float one. */
  @Test
  void reluMultiplierPrecisionMatchesTfLite() {
    byte[] model = activation(BuiltinOperator.RELU, TensorType.UINT8,
        QuantizationSpec.perTensor(0.05128232389688492f, 0),
        QuantizationSpec.perTensor(0.08779533952474594f, 0), null, 2, 128);
    Differential.assertMatchesTfLite(model, everyByte());
  }

  /** x = -169, alpha -96: 94 with the alpha multiplier in double, 93 in float. */
  @Test
  void preluMultiplierPrecisionMatchesTfLite() {
    int[] shape = {1};
    byte[] model = prelu(TensorType.UINT8, shape, shape,
        QuantizationSpec.perTensor(0.02045080065727234f, 200),
        QuantizationSpec.perTensor(0.025080418214201927f, 100),
        QuantizationSpec.perTensor(0.08900400251150131f, 0), null);
    Differential.assertMatchesTfLite(model, new byte[] {31}, new byte[] {4});
  }

  @Test
  void relu6ClampsAtTheQuantizedSixByHand() {
    // Scale 0.1, zero point 10 on both sides: 6.0 is q = 70, 0.0 is q = 10.
    QuantizationSpec q = QuantizationSpec.perTensor(0.1f, 10);
    byte[] model = activation(BuiltinOperator.RELU6, TensorType.UINT8, q, q, null, 4);
    byte[] out = OpModel.toBytes(OpModel.run(model, new byte[] {0, 42, 70, (byte) 200})[0]);
    assertThat(out).containsExactly(10, 42, 70, 70);
  }

  @Test
  void rejectsHostileQuantization() {
    QuantizationSpec ok = QuantizationSpec.perTensor(0.1f, 0);
    OpModel.assertRejected(activation(BuiltinOperator.RELU, TensorType.INT8, ok, null, null, 2),
        "operator 0 (RELU)", "output (tensor 1, INT8) has no quantization parameters");
    OpModel.assertRejected(activation(BuiltinOperator.TANH, TensorType.INT8,
        QuantizationSpec.perTensor(-0.5f, 0), ok, null, 2),
        "input scale -0.5 is not a positive finite number");
    OpModel.assertRejected(activation(BuiltinOperator.LOGISTIC, TensorType.UINT8,
        QuantizationSpec.perTensor(0.1f, 300), ok, null, 2),
        "input zero point 300 is outside UINT8 [0, 255]");
    OpModel.assertRejected(activation(BuiltinOperator.RELU, TensorType.INT16,
        QuantizationSpec.perTensor(0.1f, 4), ok, null, 2), "int16 RELU needs zero points 0");
    OpModel.assertRejected(activation(BuiltinOperator.ELU, TensorType.INT16, ok, ok, null, 2),
        "ELU on INT16 is not supported");
    OpModel.assertRejected(activation(BuiltinOperator.RELU_N1_TO_1, TensorType.INT16, ok, ok, null,
        2), "RELU_N1_TO_1 on INT16 is not supported");
    OpModel.assertRejected(activation(BuiltinOperator.ELU, TensorType.INT8, ok, ok, null, 2),
        "ELU on INT8 is not supported");
    OpModel.assertRejected(prelu(TensorType.INT8, new int[] {2}, new int[] {2}, ok, null, ok,
        null), "alpha (tensor 1, INT8) has no quantization parameters");
  }
}
