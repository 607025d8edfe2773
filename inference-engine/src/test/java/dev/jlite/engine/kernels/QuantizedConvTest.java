package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.Conv2DOptions;
import dev.jlite.schema.model.DepthwiseConv2DOptions;
import dev.jlite.schema.model.FullyConnectedOptions;
import dev.jlite.schema.model.FullyConnectedOptionsWeightsFormat;
import dev.jlite.schema.model.Padding;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Quantized CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, bit-exact against TFLite 2.19. */
class QuantizedConvTest {
  /** The quantization of one node: input, per-tensor or per-channel filter, output. */
  record Quant(byte type, float inScale, int inZp, boolean perChannel, int filterZp,
      float outScale, int outZp) {
    boolean unsigned() {
      return type == TensorType.UINT8;
    }

    @Override
    public String toString() {
      String type = unsigned() ? "u8" : this.type == TensorType.INT16 ? "i16" : "i8";
      return type + " in " + inScale + "/" + inZp + (perChannel ? " pc" : "") + " out "
          + outScale + "/" + outZp;
    }
  }

  enum Op { CONV, DEPTHWISE, FC }

  /** One node: op, input shape, filter shape, window options, activation, quantization. */
  record Case(Op op, int[] input, int[] filter, byte padding, int stride, int dilation,
      byte activation, Quant q, boolean bias) {
    int channels() {
      return op == Op.DEPTHWISE ? filter[3] : filter[0];
    }

    int channelDim() {
      return op == Op.DEPTHWISE ? 3 : 0;
    }

    byte[] model(long seed, float[] filterScales, boolean unverified) {
      return model(seed, filterScales, unverified, channelDim());
    }

    byte[] model(long seed, float[] filterScales, boolean unverified, int scaleDim) {
      Random random = new Random(seed);
      int count = 1;
      for (int d : filter) {
        count *= d;
      }
      byte[] weights = new byte[count];
      for (int i = 0; i < count; i++) {
        weights[i] = (byte) (q.unsigned() ? random.nextInt(256) : random.nextInt(255) - 127);
      }
      return model(weights, random, null, filterScales, unverified, scaleDim);
    }

    /**
     * The model with the given filter values (null: the filter is a second model input) and bias
     * values (null: drawn from {@code random}).
     */
    byte[] model(byte[] weights, Random random, int[] biasValues, float[] filterScales,
        boolean unverified, int scaleDim) {
      ModelBuilder model = new ModelBuilder();
      SubgraphBuilder g = model.addSubgraph("main");
      int in = g.addTensor(TensorSpec.builder("input", q.type, input)
          .quantization(QuantizationSpec.perTensor(q.inScale, q.inZp)).build());
      int channels = channels();
      QuantizationSpec filterQuant;
      if (filterScales.length > 1) {
        filterQuant = QuantizationSpec.perChannel(filterScales, new long[filterScales.length],
            scaleDim);
      } else {
        filterQuant = QuantizationSpec.perTensor(filterScales[0], q.filterZp);
      }
      boolean wide = q.type == TensorType.INT16;
      TensorSpec.Builder filterSpec =
          TensorSpec.builder("filter", wide ? TensorType.INT8 : q.type, filter);
      if (weights != null) {
        filterSpec.buffer(model.addBuffer(weights));
      }
      int f = g.addTensor(filterSpec.quantization(filterQuant).build());
      // TFLite needs a bias on quantized nodes; "no bias" is a zero one.
      int[] values = new int[channels];
      float[] biasScales = new float[filterScales.length];
      for (int c = 0; c < channels; c++) {
        values[c] = biasValues != null ? biasValues[c] : bias ? random.nextInt(4001) - 2000 : 0;
      }
      for (int c = 0; c < biasScales.length; c++) {
        biasScales[c] = (float) ((double) q.inScale * filterScales[c]);
      }
      long[] wideValues = new long[wide ? channels : 0];
      for (int c = 0; c < wideValues.length; c++) {
        wideValues[c] = values[c] * 4000L;
      }
      int b = g.addTensor(TensorSpec.builder("bias", wide ? TensorType.INT64 : TensorType.INT32,
              channels)
          .buffer(wide ? model.addBuffer(wideValues) : model.addBuffer(values))
          .quantization(biasScales.length != channels
              ? QuantizationSpec.perTensor(biasScales[0], 0)
              : QuantizationSpec.perChannel(biasScales, new long[channels], 0))
          .build());
      int[] outShape = op == Op.FC ? new int[] {1, channels} : new int[] {1, 1, 1, channels};
      int out = g.addTensor(TensorSpec.builder("output", q.type, outShape)
          .quantization(QuantizationSpec.perTensor(q.outScale, q.outZp)).build());
      int[] inputs = {in, f, b};
      OperatorSpec.Builder spec = switch (op) {
        case CONV -> OperatorSpec.builtin(BuiltinOperator.CONV_2D).options(
            BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(fbb, padding,
                stride, stride, activation, dilation, dilation, (byte) 0));
        case DEPTHWISE -> OperatorSpec.builtin(BuiltinOperator.DEPTHWISE_CONV_2D).options(
            BuiltinOptions.DepthwiseConv2DOptions,
            fbb -> DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fbb, padding, stride,
                stride, filter[3] / input[3], activation, dilation, dilation));
        case FC -> OperatorSpec.builtin(BuiltinOperator.FULLY_CONNECTED).options(
            BuiltinOptions.FullyConnectedOptions,
            fbb -> FullyConnectedOptions.createFullyConnectedOptions(fbb, activation,
                FullyConnectedOptionsWeightsFormat.DEFAULT, false, false, (byte) 0));
      };
      g.addOperator(spec.inputs(inputs).outputs(out).build());
      if (weights != null) {
        g.inputs(in);
      } else {
        g.inputs(in, f);
      }
      g.outputs(out);
      return unverified ? model.buildUnverified() : model.build();
    }

    float[] filterScales(long seed) {
      if (!q.perChannel) {
        return new float[] {0.02f + (seed % 5) * 0.01f};
      }
      Random random = new Random(seed + 1);
      float[] scales = new float[channels()];
      for (int c = 0; c < scales.length; c++) {
        scales[c] = 0.002f + random.nextFloat() * 0.05f;
      }
      return scales;
    }
  }

  static final Quant[] QUANTS = {
    new Quant(TensorType.UINT8, 0.0078125f, 128, false, 120, 0.05f, 100),
    new Quant(TensorType.UINT8, 0.02f, 3, false, 251, 0.01f, 0),
    new Quant(TensorType.UINT8, 0.5f, 200, false, 0, 0.1f, 30),
    new Quant(TensorType.INT8, 0.01f, -5, true, 0, 0.04f, 7),
    new Quant(TensorType.INT8, 0.03f, 127, true, 0, 0.01f, -128),
    new Quant(TensorType.INT8, 0.4f, -128, false, 0, 0.05f, 20),
  };

  static final byte[] ACTIVATIONS = {ActivationFunctionType.NONE, ActivationFunctionType.RELU,
      ActivationFunctionType.RELU6, ActivationFunctionType.RELU_N1_TO_1};

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    int n = 0;
    for (Quant q : QUANTS) {
      for (int v = 0; v < 6; v++, n++) {
        byte act = ACTIVATIONS[n % ACTIVATIONS.length];
        byte pad = n % 2 == 0 ? Padding.SAME : Padding.VALID;
        int stride = 1 + v % 2;
        int dilation = v == 3 ? 2 : 1;
        boolean bias = v != 4;
        int c = 3 + v;
        cases.add(Arguments.of(new Case(Op.CONV, new int[] {1, 7 + v, 6, c},
            new int[] {5 + v, 1 + v % 3, 1 + (v + 1) % 3, c}, pad, stride, dilation, act, q,
            bias)));
        cases.add(Arguments.of(new Case(Op.DEPTHWISE, new int[] {1, 8, 7 + v, c},
            new int[] {1, 3, 1 + v % 3, c * (v == 2 ? 2 : 1)}, pad, stride, dilation, act, q,
            bias)));
        cases.add(Arguments.of(new Case(Op.FC, new int[] {1 + v % 3, 10 + 7 * v},
            new int[] {4 + 3 * v, 10 + 7 * v}, pad, 1, 1, act, q, bias)));
      }
    }
    return cases.stream();
  }

  static final Quant[] WIDE_QUANTS = {
    new Quant(TensorType.INT16, 0.001f, 0, true, 0, 0.002f, 0),
    new Quant(TensorType.INT16, 0.0005f, 0, false, 0, 0.00001f, 0),
  };

  /** int16 activations with int8 weights and int64 bias (TFLite's 16x8 kernels). */
  static Stream<Arguments> wideCases() {
    List<Arguments> cases = new ArrayList<>();
    int n = 0;
    for (Quant q : WIDE_QUANTS) {
      for (int v = 0; v < 4; v++, n++) {
        int c = 2 + 3 * v;
        cases.add(Arguments.of(new Case(Op.CONV, new int[] {1, 6 + v, 5, c},
            new int[] {3 + v, 1 + v % 3, 1 + (v + 1) % 3, c}, n % 2 == 0 ? Padding.SAME
                : Padding.VALID, 1 + v % 2, v == 3 ? 2 : 1, ACTIVATIONS[n % 4], q, v != 2)));
        cases.add(Arguments.of(new Case(Op.DEPTHWISE, new int[] {1, 5 + v, 7, c},
            new int[] {1, 1 + (v + 2) % 3, 2 + v % 2, c * (v == 1 ? 3 : 1)},
            n % 2 == 1 ? Padding.SAME : Padding.VALID, 1 + (v + 1) % 2, v == 2 ? 2 : 1,
            ACTIVATIONS[(n + 1) % 4], q, v != 3)));
        if (!q.perChannel) {
          cases.add(Arguments.of(new Case(Op.FC, new int[] {1 + v, 9 + 5 * v},
              new int[] {3 + 4 * v, 9 + 5 * v}, Padding.SAME, 1, 1, ACTIVATIONS[n % 4], q,
              v != 2)));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"cases", "wideCases"})
  void matchesTfLiteBitExactly(Case c) {
    for (long seed = 1; seed <= 2; seed++) {
      byte[] model = c.model(seed, c.filterScales(seed), false);
      Differential.assertMatchesTfLite(model, seed);
      Differential.assertMatchesTfLite(model, seed + 10, 2);
    }
  }

  /**
   * Depths whose float sums could leave the exact range (over 2^24): 255 * 127 * 2040 is about
   * 2^26, so the depth is cut into chunks. Half the weights are +127 and half -127 before a few
   * random ones, so the sums first climb far past 2^24 and then cancel: without the chunks, the
   * low bits lost on the way would show in the output, scaled to a few units.
   */
  static Stream<Arguments> deepCases() {
    Quant u8 = new Quant(TensorType.UINT8, 0.01f, 0, false, 128, 0.1f, 128);
    Quant i8 = new Quant(TensorType.INT8, 0.01f, -128, true, 0, 0.1f, 3);
    List<Arguments> cases = new ArrayList<>();
    for (Quant q : new Quant[] {u8, i8}) {
      cases.add(Arguments.of(new Case(Op.FC, new int[] {7, 4090}, new int[] {20, 4090},
          Padding.SAME, 1, 1, ActivationFunctionType.NONE, q, true)));
      cases.add(Arguments.of(new Case(Op.CONV, new int[] {1, 2, 3, 4090},
          new int[] {20, 1, 1, 4090}, Padding.SAME, 1, 1, ActivationFunctionType.NONE, q, true)));
      cases.add(Arguments.of(new Case(Op.CONV, new int[] {1, 4, 3, 1023},
          new int[] {9, 2, 2, 1023}, Padding.SAME, 1, 1, ActivationFunctionType.RELU, q, true)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deepCases")
  void deepSumsAreCutIntoExactChunks(Case c) {
    int channels = c.channels();
    int depth = Arrays.stream(c.filter).reduce(1, (a, b) -> a * b) / channels;
    byte[] weights = new byte[channels * depth];
    Random random = new Random(depth);
    int plus = c.q.unsigned() ? 255 : 127;
    int minus = c.q.unsigned() ? 1 : -127;
    for (int ch = 0; ch < channels; ch++) {
      int half = (depth - 10) / 2;
      for (int k = 0; k < depth; k++) {
        int w = k < half ? plus : k < 2 * half ? minus : random.nextInt(255) - 127
            + (c.q.unsigned() ? 128 : 0);
        weights[ch * depth + k] = (byte) w;
      }
    }
    float[] scales = c.q.perChannel ? new float[channels] : new float[] {0.01f};
    Arrays.fill(scales, 0.01f);
    byte[] model = c.model(weights, new Random(1), null, scales, false, c.channelDim());
    // Every input at the far end from its zero point: the largest products.
    byte[] extreme = new byte[Arrays.stream(c.input).reduce(1, (a, b) -> a * b)];
    Arrays.fill(extreme, (byte) (c.q.unsigned() ? 255 : 127));
    Differential.assertMatchesTfLite(model, extreme);
    Differential.assertMatchesTfLite(model, 3);
    Differential.assertMatchesTfLite(model, 4, 2);
  }

  /**
   * Zero points at the ends of their ranges, grouped convolution, dilation, channel counts that
   * leave a tail after the vectors.
   */
  static Stream<Arguments> edgeCases() {
    Quant[] quants = {
      new Quant(TensorType.UINT8, 0.05f, 0, false, 255, 0.2f, 255),
      new Quant(TensorType.UINT8, 0.05f, 255, false, 0, 0.2f, 0),
      new Quant(TensorType.INT8, 0.05f, 127, true, 0, 0.3f, -128),
      new Quant(TensorType.INT8, 0.05f, -128, false, 0, 0.3f, 127),
    };
    List<Arguments> cases = new ArrayList<>();
    for (Quant q : quants) {
      cases.add(Arguments.of(new Case(Op.CONV, new int[] {1, 7, 6, 8}, new int[] {6, 3, 3, 4},
          Padding.SAME, 2, 1, ActivationFunctionType.RELU6, q, true)));
      cases.add(Arguments.of(new Case(Op.CONV, new int[] {2, 9, 8, 5}, new int[] {7, 3, 2, 5},
          Padding.VALID, 1, 2, ActivationFunctionType.NONE, q, true)));
      cases.add(Arguments.of(new Case(Op.CONV, new int[] {1, 6, 5, 19}, new int[] {35, 1, 1, 19},
          Padding.SAME, 1, 1, ActivationFunctionType.RELU, q, true)));
      cases.add(Arguments.of(new Case(Op.DEPTHWISE, new int[] {2, 9, 9, 19},
          new int[] {1, 3, 3, 19}, Padding.SAME, 2, 1, ActivationFunctionType.RELU6, q, true)));
      cases.add(Arguments.of(new Case(Op.DEPTHWISE, new int[] {1, 10, 9, 24},
          new int[] {1, 5, 3, 24}, Padding.VALID, 1, 2, ActivationFunctionType.NONE, q, false)));
      cases.add(Arguments.of(new Case(Op.FC, new int[] {3, 33}, new int[] {17, 33}, Padding.SAME,
          1, 1, ActivationFunctionType.RELU_N1_TO_1, q, true)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edgeCases")
  void edgeCasesMatchTfLite(Case c) {
    for (long seed = 5; seed <= 6; seed++) {
      byte[] model = c.model(seed, c.filterScales(seed), false);
      Differential.assertMatchesTfLite(model, seed);
      Differential.assertMatchesTfLite(model, seed + 10, 2);
    }
  }

  /**
   * A depthwise window of 24 x 24 taps of the largest products (255 * -255 each) leaves the exact
   * float range, so the integer loop computes it. The bias cancels the sum of the extreme input
   * and a multiplier of 1 shows any low bit a float sum would have lost.
   */
  @Test
  void depthwiseWindowTooLargeForFloatMatchesTfLite() {
    Quant q = new Quant(TensorType.UINT8, 0.01f, 0, false, 255, 0.0001f, 128);
    Case c = new Case(Op.DEPTHWISE, new int[] {1, 25, 26, 8}, new int[] {1, 24, 24, 8},
        Padding.VALID, 1, 1, ActivationFunctionType.NONE, q, true);
    int taps = 24 * 24;
    byte[] weights = new byte[taps * 8];
    int[] biasValues = new int[8];
    Random random = new Random(9);
    for (int i = 0; i < weights.length; i++) {
      int w = i % 7 == 0 ? random.nextInt(256) : random.nextInt(3);
      weights[i] = (byte) w;
      biasValues[i % 8] -= 255 * (w - 255);
    }
    for (int ch = 0; ch < 8; ch++) {
      biasValues[ch] += random.nextInt(201) - 100;
    }
    byte[] model = c.model(weights, random, biasValues, new float[] {0.01f}, false, 3);
    byte[] extreme = new byte[25 * 26 * 8];
    Arrays.fill(extreme, (byte) 255);
    Differential.assertMatchesTfLite(model, extreme);
    Differential.assertMatchesTfLite(model, 7);
    Differential.assertMatchesTfLite(model, 8, 2);
  }

  /**
   * Weights that are a model input are converted (and packed) every run, the product in chunks
   * sized for the largest weights the type allows (the depths here need several).
   */
  static Stream<Arguments> variableWeightCases() {
    Quant u8 = new Quant(TensorType.UINT8, 0.02f, 255, false, 0, 2f, 10);
    Quant i8 = new Quant(TensorType.INT8, 0.02f, -128, false, 0, 2f, -10);
    List<Arguments> cases = new ArrayList<>();
    for (Quant q : new Quant[] {u8, i8}) {
      cases.add(Arguments.of(new Case(Op.FC, new int[] {2, 600}, new int[] {9, 600},
          Padding.SAME, 1, 1, ActivationFunctionType.NONE, q, true)));
      cases.add(Arguments.of(new Case(Op.CONV, new int[] {1, 5, 5, 70},
          new int[] {6, 3, 3, 70}, Padding.SAME, 1, 1, ActivationFunctionType.NONE, q, true)));
      cases.add(Arguments.of(new Case(Op.DEPTHWISE, new int[] {1, 6, 7, 20},
          new int[] {1, 3, 3, 20}, Padding.SAME, 1, 1, ActivationFunctionType.NONE, q, true)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variableWeightCases")
  void weightsThatAreInputsMatchTfLite(Case c) {
    byte[] model =
        c.model(null, new Random(3), null, new float[] {0.01f}, false, c.channelDim());
    Differential.assertMatchesTfLite(model, 11);
    Differential.assertMatchesTfLite(model, 12, 2);
  }

  private static Case conv(Quant q) {
    return new Case(Op.CONV, new int[] {1, 4, 4, 2}, new int[] {3, 3, 3, 2}, Padding.SAME, 1, 1,
        ActivationFunctionType.NONE, q, true);
  }

  private static void assertRejected(byte[] model, String fragment) {
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)).close())
        .isInstanceOf(InvalidModelException.class).hasMessageContaining(fragment);
  }

  @Test
  void rejectsZeroOutputScale() {
    Quant q = new Quant(TensorType.UINT8, 0.1f, 0, false, 0, 0f, 0);
    assertRejected(conv(q).model(1, new float[] {0.1f}, true),
        "output scale 0.0 is not a positive finite number");
  }

  @Test
  void rejectsNanFilterScale() {
    Quant q = new Quant(TensorType.INT8, 0.1f, 0, false, 0, 0.1f, 0);
    assertRejected(conv(q).model(1, new float[] {Float.NaN}, true),
        "filter scale NaN is not a positive finite number");
  }

  @Test
  void rejectsZeroPointOutsideTheType() {
    Quant q = new Quant(TensorType.INT8, 0.1f, 200, false, 0, 0.1f, 0);
    assertRejected(conv(q).model(1, new float[] {0.1f}, true),
        "input zero point 200 is outside INT8 [-128, 127]");
  }

  @Test
  void rejectsPerChannelScalesAlongTheWrongDimension() {
    Quant q = new Quant(TensorType.INT8, 0.1f, 0, true, 0, 0.1f, 0);
    Case c = new Case(Op.CONV, new int[] {1, 4, 4, 2}, new int[] {3, 3, 3, 2}, Padding.SAME, 1,
        1, ActivationFunctionType.NONE, q, true);
    assertRejected(c.model(1, new float[] {0.1f, 0.2f}, true, 3),
        "filter has 2 scales along dimension 3, expected 3 along dimension 0");
  }

  @Test
  void rejectsInt16ZeroPoint() {
    Quant q = new Quant(TensorType.INT16, 0.1f, 3, false, 0, 0.1f, 0);
    assertRejected(conv(q).model(1, new float[] {0.1f}, true),
        "int16 input and output zero points must be 0, are 3 and 0");
  }

  @Test
  void rejectsInt16DepthwiseZeroPoint() {
    Quant q = new Quant(TensorType.INT16, 0.1f, 0, false, 0, 0.1f, -2);
    Case c = new Case(Op.DEPTHWISE, new int[] {1, 4, 4, 2}, new int[] {1, 3, 3, 2},
        Padding.SAME, 1, 1, ActivationFunctionType.NONE, q, true);
    assertRejected(c.model(1, new float[] {0.1f}, true),
        "int16 input and output zero points must be 0, are 0 and -2");
  }

  @Test
  void rejectsAsymmetricInt8Filter() {
    Quant q = new Quant(TensorType.INT8, 0.1f, 0, false, 4, 0.1f, 0);
    assertRejected(conv(q).model(1, new float[] {0.1f}, true),
        "int8 filter zero point 4 must be 0");
  }

  @Test
  void rejectsMissingQuantization() {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int in = g.addTensor("input", TensorType.UINT8, 1, 4);
    int w = g.addTensor(TensorSpec.builder("w", TensorType.UINT8, 2, 4)
        .buffer(model.addBuffer(new byte[8]))
        .quantization(QuantizationSpec.perTensor(0.1f, 0)).build());
    int out = g.addTensor(TensorSpec.builder("out", TensorType.UINT8, 1, 2)
        .quantization(QuantizationSpec.perTensor(0.1f, 0)).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.FULLY_CONNECTED).inputs(in, w, -1)
        .outputs(out).build());
    g.inputs(in).outputs(out);
    assertRejected(model.buildUnverified(), "input tensor 0 has no quantization parameters");
  }
}
