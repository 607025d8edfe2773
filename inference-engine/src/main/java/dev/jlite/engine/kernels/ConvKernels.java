package dev.jlite.engine.kernels;

import dev.jlite.engine.OpResolver;
import dev.jlite.schema.model.BuiltinOperator;

/**
 * The convolution and matrix-product family on float32: CONV_2D, DEPTHWISE_CONV_2D,
 * FULLY_CONNECTED, TRANSPOSE_CONV, BATCH_MATMUL and MediaPipe's custom
 * {@code Convolution2DTransposeBias}. All but depthwise run on one packed-panel GEMM
 * ({@link Sgemm}); the Vector API or scalar implementation is picked by {@link VectorSupport}.
 * CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED also take uint8 and int8, CONV_2D and
 * FULLY_CONNECTED int16 activations with int8 weights ({@link ConvQuantization}).
 */
final class ConvKernels {
  /** MediaPipe's transposed convolution with bias, a custom operator in its segmentation models. */
  static final String TRANSPOSE_CONV_BIAS = "Convolution2DTransposeBias";

  private ConvKernels() {}

  static void register(OpResolver.Builder builder) {
    register(builder, VectorSupport.ENABLED);
  }

  /** Registers the family with the vector kernels or the scalar ones (tests use both). */
  static void register(OpResolver.Builder builder, boolean vector) {
    builder.addBuiltin(BuiltinOperator.CONV_2D, () -> new Conv2D(Sgemm.create(vector)));
    builder.addBuiltin(BuiltinOperator.DEPTHWISE_CONV_2D,
        () -> new DepthwiseConv2D(DepthwiseRow.create(vector)));
    builder.addBuiltin(BuiltinOperator.FULLY_CONNECTED,
        () -> new FullyConnected(Sgemm.create(vector)));
    builder.addBuiltin(BuiltinOperator.BATCH_MATMUL, () -> new BatchMatMul(Sgemm.create(vector)));
    builder.addBuiltin(BuiltinOperator.TRANSPOSE_CONV,
        () -> new TransposeConv(Sgemm.create(vector), false));
    builder.addCustom(TRANSPOSE_CONV_BIAS, () -> new TransposeConv(Sgemm.create(vector), true));
  }
}
