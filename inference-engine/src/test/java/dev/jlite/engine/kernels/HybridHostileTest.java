package dev.jlite.engine.kernels;

import dev.jlite.engine.Differential;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BatchMatMulOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.Conv2DOptions;
import dev.jlite.schema.model.DepthwiseConv2DOptions;
import dev.jlite.schema.model.FullyConnectedOptions;
import dev.jlite.schema.model.FullyConnectedOptionsWeightsFormat;
import dev.jlite.schema.model.Padding;
import dev.jlite.schema.model.TensorType;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hybrid nodes with broken weight quantization are rejected in prepare; int8 weights that are not
 * constants are accepted (TFLite runs them too) and computed like constant ones.
 */
class HybridHostileTest {
  private static final Random RANDOM = new Random(3);

  /** FULLY_CONNECTED [2, 6] x int8 [4, 6] with the given weight quantization (null: none). */
  private static byte[] fc(QuantizationSpec weights, boolean constant) {
    OpModel m = new OpModel();
    int in = m.input(TensorType.FLOAT32, 2, 6);
    int w;
    if (constant) {
      w = weights == null
          ? m.constant(TensorType.INT8, new int[] {4, 6}, HybridTesting.weights(RANDOM, 24))
          : m.constant(TensorType.INT8, new int[] {4, 6}, HybridTesting.weights(RANDOM, 24),
              weights);
    } else {
      w = m.input(TensorType.INT8, weights, 4, 6);
    }
    int out = m.output(TensorType.FLOAT32, 2, 4);
    m.op(OperatorSpec.builtin(BuiltinOperator.FULLY_CONNECTED).inputs(in, w).outputs(out)
        .options(BuiltinOptions.FullyConnectedOptions,
            fbb -> FullyConnectedOptions.createFullyConnectedOptions(fbb,
                ActivationFunctionType.NONE, FullyConnectedOptionsWeightsFormat.DEFAULT, false,
                true, (byte) 0))
        .build());
    return m.buildUnverified();
  }

  /** CONV_2D [1, 4, 4, 2] with an int8 filter [3, 2, 2, filterIn]. */
  private static byte[] conv(QuantizationSpec weights, int filterIn, boolean constant) {
    OpModel m = new OpModel();
    int in = m.input(TensorType.FLOAT32, 1, 4, 4, 2);
    int[] shape = {3, 2, 2, filterIn};
    int f = constant
        ? m.constant(TensorType.INT8, shape,
            HybridTesting.weights(RANDOM, OpModel.elements(shape)), weights)
        : m.input(TensorType.INT8, weights, shape);
    int b = m.constant(TensorType.FLOAT32, new int[] {3}, HybridTesting.bias(RANDOM, 3));
    int out = m.output(TensorType.FLOAT32, 1, 4, 4, 3);
    m.op(OperatorSpec.builtin(BuiltinOperator.CONV_2D).inputs(in, f, b).outputs(out)
        .options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(fbb,
            Padding.SAME, 1, 1, ActivationFunctionType.RELU, 1, 1, (byte) 0))
        .build());
    return m.buildUnverified();
  }

  /** DEPTHWISE_CONV_2D [1, 5, 5, 2] with an int8 filter [1, 3, 3, 4]. */
  private static byte[] depthwise(QuantizationSpec weights, int multiplierOption,
      boolean constant) {
    OpModel m = new OpModel();
    int in = m.input(TensorType.FLOAT32, 1, 5, 5, 2);
    int[] shape = {1, 3, 3, 4};
    int f = constant
        ? m.constant(TensorType.INT8, shape, HybridTesting.weights(RANDOM, 36), weights)
        : m.input(TensorType.INT8, weights, shape);
    int b = m.constant(TensorType.FLOAT32, new int[] {4}, HybridTesting.bias(RANDOM, 4));
    int out = m.output(TensorType.FLOAT32, 1, 5, 5, 4);
    m.op(OperatorSpec.builtin(BuiltinOperator.DEPTHWISE_CONV_2D).inputs(in, f, b).outputs(out)
        .options(BuiltinOptions.DepthwiseConv2DOptions,
            fbb -> DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fbb, Padding.SAME, 1, 1,
                multiplierOption, ActivationFunctionType.NONE, 1, 1))
        .build());
    return m.buildUnverified();
  }

  /** BATCH_MATMUL [2, 3, 5] x int8 [5, 4]. */
  private static byte[] bmm(QuantizationSpec weights, boolean constant) {
    OpModel m = new OpModel();
    int in = m.input(TensorType.FLOAT32, 2, 3, 5);
    int w = constant
        ? m.constant(TensorType.INT8, new int[] {5, 4}, HybridTesting.weights(RANDOM, 20),
            weights)
        : m.input(TensorType.INT8, weights, 5, 4);
    int out = m.output(TensorType.FLOAT32, 2, 3, 4);
    m.op(OperatorSpec.builtin(BuiltinOperator.BATCH_MATMUL).inputs(in, w).outputs(out)
        .options(BuiltinOptions.BatchMatMulOptions,
            fbb -> BatchMatMulOptions.createBatchMatMulOptions(fbb, false, false, true))
        .build());
    return m.buildUnverified();
  }

  private static QuantizationSpec channels(int n, int dim) {
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = 0.01f * (i + 1);
    }
    return QuantizationSpec.perChannel(s, new long[n], dim);
  }

  @Test
  void weightsWithoutQuantizationAreRejected() {
    OpModel.assertRejected(fc(null, true), "int8 weights", "no quantization parameters");
  }

  @Test
  void zeroScaleIsRejected() {
    OpModel.assertRejected(conv(QuantizationSpec.perTensor(0f, 0), 2, true),
        "weight scale 0.0 is not a positive finite number");
  }

  @Test
  void negativeScaleIsRejected() {
    OpModel.assertRejected(fc(QuantizationSpec.perTensor(-0.5f, 0), true),
        "weight scale -0.5 is not a positive finite number");
  }

  @Test
  void infiniteScaleIsRejected() {
    OpModel.assertRejected(bmm(QuantizationSpec.perTensor(Float.POSITIVE_INFINITY, 0), true),
        "weight scale Infinity");
  }

  @Test
  void nonZeroWeightZeroPointIsRejected() {
    OpModel.assertRejected(fc(QuantizationSpec.perTensor(0.1f, 3), true),
        "zero point 3 must be 0");
  }

  @Test
  void perChannelCountOtherThanOutputChannelsIsRejected() {
    // The loader already checks a count against its own dimension; these match a wrong one.
    OpModel.assertRejected(conv(channels(2, 3), 2, true), "2 scales along dimension 3",
        "expected 3 along dimension 0");
    OpModel.assertRejected(fc(channels(6, 1), true), "expected 4 along dimension 0");
    OpModel.assertRejected(depthwise(channels(3, 1), 2, true), "expected 4 along dimension 3");
    OpModel.assertRejected(bmm(channels(5, 0), true), "expected 4 along dimension 1");
  }

  @Test
  void depthwiseNeedsOneScalePerChannel() {
    OpModel.assertRejected(depthwise(QuantizationSpec.perTensor(0.1f, 0), 2, true),
        "needs one per output channel (4)");
  }

  @Test
  void depthwiseMultiplierOptionMustAgreeWithShapes() {
    OpModel.assertRejected(depthwise(channels(4, 3), 1, true), "depth_multiplier 1 disagrees");
  }

  @Test
  void groupedHybridConvolutionIsRejected() {
    OpModel.assertRejected(conv(QuantizationSpec.perTensor(0.1f, 0), 1, true),
        "grouped hybrid convolution is not supported");
  }

  /** TFLite runs hybrid nodes whose int8 weights are graph inputs; so does jlite, read per run. */
  @Test
  void nonConstantWeightsMatchTfLite() {
    Differential.assertMatchesTfLite(fc(QuantizationSpec.perTensor(0.02f, 0), false), 11);
    Differential.assertMatchesTfLite(fc(channels(4, 0), false), 12);
    Differential.assertMatchesTfLite(conv(QuantizationSpec.perTensor(0.02f, 0), 2, false), 13);
    Differential.assertMatchesTfLite(conv(channels(3, 0), 2, false), 14);
    Differential.assertMatchesTfLite(depthwise(channels(4, 3), 2, false), 15);
    Differential.assertMatchesTfLite(bmm(channels(4, 1), false), 16);
  }
}
