package dev.jlite.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.AddOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.Conv2DOptions;
import dev.jlite.schema.model.FullyConnectedOptions;
import dev.jlite.schema.model.FullyConnectedOptionsWeightsFormat;
import dev.jlite.schema.model.GatherOptions;
import dev.jlite.schema.model.Padding;
import dev.jlite.schema.model.ReshapeOptions;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.testing.OracleOperator;
import dev.jlite.schema.testing.OracleTensorInfo;
import dev.jlite.schema.testing.TensorBytes;
import dev.jlite.schema.testing.TfLiteOracle;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Models written by {@link ModelBuilder}, run in real TFLite and checked against hand-written reference loops. */
class ModelBuilderOracleTest {
  private static final int H = 5;
  private static final int W = 5;
  private static final int C_IN = 2;
  private static final int C_OUT = 2;
  private static final int K = 3;
  private static final int FLAT = H * W * C_OUT;
  private static final int UNITS = 3;

  @Test
  void floatConvReshapeFullyConnectedMatchesReferenceLoops() {
    float[] input = ramp(H * W * C_IN, 0.37);
    float[] filter = ramp(C_OUT * K * K * C_IN, 0.71);
    float[] convBias = {0.1f, -0.2f};
    float[] weights = ramp(UNITS * FLAT, 0.13);
    float[] fcBias = {0.5f, -0.25f, 0.0f};

    byte[] model = convReshapeFullyConnected(filter, convBias, weights, fcBias);

    float[] expected = fullyConnected(relu(conv2dSame(input, filter, convBias)), weights, fcBias);
    try (TfLiteOracle tflite = TfLiteOracle.open(model)) {
      float[] actual = TensorBytes.toFloats(tflite.run(TensorBytes.of(input))[0]);

      assertThat(actual).hasSize(UNITS);
      for (int i = 0; i < UNITS; i++) {
        assertThat(actual[i]).as("output %d", i).isCloseTo(expected[i], within(1e-5f));
      }
      assertThat(tflite.operators()).extracting(OracleOperator::name)
          .containsExactly("CONV_2D", "RESHAPE", "FULLY_CONNECTED");
      assertThat(tflite.outputInfo(0).shape()).containsExactly(1, UNITS);
    }
  }

  @Test
  void uint8AddIsExactAndSaturates() {
    QuantizationSpec q = QuantizationSpec.perTensor(0.5f, 128);
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder main = builder.addSubgraph("main");
    int a = main.addTensor(TensorSpec.builder("a", TensorType.UINT8, 1, 5).quantization(q).build());
    int b = main.addTensor(TensorSpec.builder("b", TensorType.UINT8, 1, 5).quantization(q).build());
    int sum = main.addTensor(TensorSpec.builder("sum", TensorType.UINT8, 1, 5).quantization(q).build());
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.ADD).inputs(a, b).outputs(sum)
        .options(BuiltinOptions.AddOptions,
            fbb -> AddOptions.createAddOptions(fbb, ActivationFunctionType.NONE, false))
        .build());
    main.inputs(a, b).outputs(sum);

    try (TfLiteOracle tflite = TfLiteOracle.open(builder.build())) {
      byte[] out = tflite.run(new byte[] {(byte) 128, (byte) 130, 100, (byte) 250, 0},
          new byte[] {(byte) 128, (byte) 140, 90, (byte) 250, 0})[0];

      // Equal scales make the sum exact: q = qa + qb - zero point, clamped to [0, 255].
      assertThat(unsigned(out)).containsExactly(128, 142, 62, 255, 0);
      OracleTensorInfo info = tflite.inputInfo(0);
      assertThat(info.type()).isEqualTo(TensorType.UINT8);
      assertThat(info.scales()).containsExactly(0.5f);
      assertThat(info.zeroPoints()).containsExactly(128);
    }
  }

  @Test
  void int8PerChannelConvMatchesIntegerReference() {
    // Scales chosen so that every output multiplier (input * filter / output scale) is a power of
    // two: the requantization is then exact and the reference needs no rounding rule.
    float inputScale = 0.5f;
    int inputZeroPoint = -1;
    float[] filterScales = {2.0f, 4.0f};
    int outputZeroPoint = 3;
    byte[] input = new byte[H * W * C_IN];
    for (int i = 0; i < input.length; i++) {
      input[i] = (byte) ((i * 7) % 9 - 4);
    }
    byte[] filter = new byte[C_OUT * K * K * C_IN];
    for (int i = 0; i < filter.length; i++) {
      filter[i] = (byte) ((i * 5) % 3 - 1);
    }
    int[] bias = {5, -7};

    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder main = builder.addSubgraph("main");
    int in = main.addTensor(TensorSpec.builder("input", TensorType.INT8, 1, H, W, C_IN)
        .quantization(QuantizationSpec.perTensor(inputScale, inputZeroPoint)).build());
    int f = main.addTensor(TensorSpec.builder("filter", TensorType.INT8, C_OUT, K, K, C_IN)
        .buffer(builder.addBuffer(filter))
        .quantization(QuantizationSpec.perChannel(filterScales, new long[] {0, 0}, 0)).build());
    int bi = main.addTensor(TensorSpec.builder("bias", TensorType.INT32, C_OUT)
        .buffer(builder.addBuffer(bias))
        .quantization(QuantizationSpec.perChannel(
            new float[] {inputScale * filterScales[0], inputScale * filterScales[1]}, new long[] {0, 0}, 0))
        .build());
    int out = main.addTensor(TensorSpec.builder("output", TensorType.INT8, 1, H, W, C_OUT)
        .quantization(QuantizationSpec.perTensor(1.0f, outputZeroPoint)).build());
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.CONV_2D).version(3).inputs(in, f, bi).outputs(out)
        .options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(
            fbb, Padding.SAME, 1, 1, ActivationFunctionType.NONE, 1, 1, TensorType.FLOAT32))
        .build());
    main.inputs(in).outputs(out);

    byte[] expected = new byte[H * W * C_OUT];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        for (int oc = 0; oc < C_OUT; oc++) {
          int acc = bias[oc];
          for (int ky = 0; ky < K; ky++) {
            for (int kx = 0; kx < K; kx++) {
              int iy = y + ky - 1;
              int ix = x + kx - 1;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
                continue; // padding holds the zero point: contributes nothing
              }
              for (int ic = 0; ic < C_IN; ic++) {
                acc += (input[(iy * W + ix) * C_IN + ic] - inputZeroPoint)
                    * filter[((oc * K + ky) * K + kx) * C_IN + ic];
              }
            }
          }
          int multiplier = (int) (inputScale * filterScales[oc]);
          int q = acc * multiplier + outputZeroPoint;
          expected[(y * W + x) * C_OUT + oc] = (byte) Math.max(-128, Math.min(127, q));
        }
      }
    }

    try (TfLiteOracle tflite = TfLiteOracle.open(builder.build())) {
      assertThat(tflite.run(input)[0]).containsExactly(expected);
      OracleTensorInfo filterInfo = tflite.tensorInfo(f);
      assertThat(filterInfo.scales()).containsExactly(2.0f, 4.0f);
      assertThat(filterInfo.zeroPoints()).containsExactly(0, 0);
      assertThat(filterInfo.quantizedDimension()).isZero();
    }
  }

  @Test
  void stringConstantLayoutIsReadByTfLiteGather() {
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder main = builder.addSubgraph("main");
    int params = main.addTensor(TensorSpec.builder("words", TensorType.STRING, 3)
        .buffer(builder.addStringBuffer(List.of("alpha", "", "γδ"))).build());
    int indices = main.addTensor("indices", TensorType.INT32, 4);
    int out = main.addTensor("picked", TensorType.STRING, 4);
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.GATHER).inputs(params, indices).outputs(out)
        .options(BuiltinOptions.GatherOptions, fbb -> GatherOptions.createGatherOptions(fbb, 0, 0))
        .build());
    main.inputs(indices).outputs(out);

    try (TfLiteOracle tflite = TfLiteOracle.open(builder.build())) {
      byte[] picked = tflite.run(TensorBytes.of(2, 0, 1, 2))[0];

      assertThat(TensorBytes.toStrings(picked)).containsExactly("γδ", "alpha", "", "γδ");
    }
  }

  private static byte[] convReshapeFullyConnected(float[] filter, float[] convBias, float[] weights,
      float[] fcBias) {
    ModelBuilder builder = new ModelBuilder().description("conv + reshape + fully connected");
    SubgraphBuilder main = builder.addSubgraph("main");
    int input = main.addTensor("input", TensorType.FLOAT32, 1, H, W, C_IN);
    int f = main.addConstant("filter", new int[] {C_OUT, K, K, C_IN}, filter);
    int cb = main.addConstant("conv_bias", new int[] {C_OUT}, convBias);
    int conv = main.addTensor("conv", TensorType.FLOAT32, 1, H, W, C_OUT);
    int newShape = main.addConstant("new_shape", new int[] {2}, new int[] {1, FLAT});
    int flat = main.addTensor("flat", TensorType.FLOAT32, 1, FLAT);
    int w = main.addConstant("weights", new int[] {UNITS, FLAT}, weights);
    int fb = main.addConstant("fc_bias", new int[] {UNITS}, fcBias);
    int output = main.addTensor("output", TensorType.FLOAT32, 1, UNITS);

    main.addOperator(OperatorSpec.builtin(BuiltinOperator.CONV_2D).inputs(input, f, cb).outputs(conv)
        .options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(
            fbb, Padding.SAME, 1, 1, ActivationFunctionType.RELU, 1, 1, TensorType.FLOAT32))
        .build());
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.RESHAPE).inputs(conv, newShape).outputs(flat)
        .options(BuiltinOptions.ReshapeOptions, fbb -> ReshapeOptions.createReshapeOptions(
            fbb, ReshapeOptions.createNewShapeVector(fbb, new int[] {1, FLAT})))
        .build());
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.FULLY_CONNECTED).inputs(flat, w, fb).outputs(output)
        .options(BuiltinOptions.FullyConnectedOptions, fbb -> FullyConnectedOptions.createFullyConnectedOptions(
            fbb, ActivationFunctionType.NONE, FullyConnectedOptionsWeightsFormat.DEFAULT, false, false,
            TensorType.FLOAT32))
        .build());
    main.inputs(input).outputs(output);
    return builder.build();
  }

  /** CONV_2D, NHWC input, OHWI filter, stride 1, SAME padding (one pixel of zeros around a 3x3 window). */
  private static float[] conv2dSame(float[] input, float[] filter, float[] bias) {
    float[] out = new float[H * W * C_OUT];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        for (int oc = 0; oc < C_OUT; oc++) {
          double sum = bias[oc];
          for (int ky = 0; ky < K; ky++) {
            for (int kx = 0; kx < K; kx++) {
              int iy = y + ky - 1;
              int ix = x + kx - 1;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
                continue;
              }
              for (int ic = 0; ic < C_IN; ic++) {
                sum += input[(iy * W + ix) * C_IN + ic] * filter[((oc * K + ky) * K + kx) * C_IN + ic];
              }
            }
          }
          out[(y * W + x) * C_OUT + oc] = (float) sum;
        }
      }
    }
    return out;
  }

  private static float[] relu(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Math.max(0, values[i]);
    }
    return out;
  }

  /** FULLY_CONNECTED: out[u] = bias[u] + sum over i of in[i] * weights[u][i]. */
  private static float[] fullyConnected(float[] in, float[] weights, float[] bias) {
    float[] out = new float[UNITS];
    for (int u = 0; u < UNITS; u++) {
      double sum = bias[u];
      for (int i = 0; i < in.length; i++) {
        sum += in[i] * weights[u * in.length + i];
      }
      out[u] = (float) sum;
    }
    return out;
  }

  /** Deterministic values in [-1, 1] that vary in sign and size. */
  private static float[] ramp(int n, double step) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) Math.sin(1 + i * step);
    }
    return values;
  }

  private static int[] unsigned(byte[] bytes) {
    int[] values = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      values[i] = Byte.toUnsignedInt(bytes[i]);
    }
    return values;
  }
}
