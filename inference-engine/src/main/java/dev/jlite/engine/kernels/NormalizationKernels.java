package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.L2NormOptions;
import dev.jlite.schema.model.LocalResponseNormalizationOptions;

/**
 * Normalization along the last axis, float32: L2_NORMALIZATION ({@code x / max(|x|, 1e-6)},
 * TFLite's fixed epsilon; also uint8 and int8 in TFLite's fixed-point arithmetic) and
 * LOCAL_RESPONSE_NORMALIZATION ({@code x * (bias + alpha * sum(x^2 over the channels within
 * radius))^-beta}).
 */
final class NormalizationKernels {
  /** TFLite's L2 norm floor: the norm is clamped to at least this before dividing. */
  static final float L2_EPSILON = 1e-6f;

  private NormalizationKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.L2_NORMALIZATION, L2Norm::new);
    builder.addBuiltin(BuiltinOperator.LOCAL_RESPONSE_NORMALIZATION, LocalResponseNorm::new);
  }

  /** One L2_NORMALIZATION node. */
  static final class L2Norm implements Kernel {
    private Tensor input;
    private Tensor output;
    private int depth;
    private int rows;
    private int inputZeroPoint;

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      input = node.input(0);
      output = node.output(0);
      node.checkType(input, "input", DataType.FLOAT32, DataType.UINT8, DataType.INT8);
      node.checkType(output, "output", input.dataType());
      if (input.dataType() != DataType.FLOAT32) {
        PerTensorQuantization.check(node, input, "input");
        PerTensorQuantization.check(node, output, "output");
        int zero = input.dataType() == DataType.UINT8 ? 128 : 0;
        if (output.quantizationParams().scale() != 1f / 128
            || output.quantizationParams().zeroPoint() != zero) {
          throw node.invalid("quantized output must have scale 1/128 and zero point " + zero
              + ", has " + output.quantizationParams());
        }
        inputZeroPoint = input.quantizationParams().zeroPoint();
      }
      int rank = input.numDimensions();
      if (rank < 1 || rank > 4) {
        throw node.invalid("input must have rank 1 to 4, has rank " + rank);
      }
      L2NormOptions o = node.options(new L2NormOptions(), BuiltinOptions.L2NormOptions);
      if (o != null && o.fusedActivationFunction() != ActivationFunctionType.NONE) {
        throw node.invalid("fused activation " + o.fusedActivationFunction()
            + " is not supported (TFLite supports none)");
      }
      node.resizeOutput(0, input.shape());
      depth = input.dim(-1);
      rows = depth == 0 ? 0 : input.numElements() / depth;
    }

    @Override
    public void eval(Node node) {
      if (input.dataType() != DataType.FLOAT32) {
        evalQuantized();
        return;
      }
      float[] in = input.floats();
      float[] out = output.floats();
      for (int r = 0; r < rows; r++) {
        int i0 = input.offset() + r * depth;
        int o0 = output.offset() + r * depth;
        float squares = 0f;
        for (int c = 0; c < depth; c++) {
          squares += in[i0 + c] * in[i0 + c];
        }
        float norm = Math.max((float) Math.sqrt(squares), L2_EPSILON);
        for (int c = 0; c < depth; c++) {
          out[o0 + c] = in[i0 + c] / norm;
        }
      }
    }

    /**
     * uint8 and int8 as TFLite's integer kernels: the sum of squared differences from the zero
     * point, its inverse square root as a fixed-point multiplier, and each difference scaled to
     * the 1/128 output (uint8 around 128 with 128 * diff, int8 with a shift of 7).
     */
    private void evalQuantized() {
      boolean unsigned = input.dataType() == DataType.UINT8;
      byte[] in = input.bytes();
      byte[] out = output.bytes();
      for (int r = 0; r < rows; r++) {
        int i0 = input.offset() + r * depth;
        int o0 = output.offset() + r * depth;
        int squares = 0;
        for (int c = 0; c < depth; c++) {
          int d = (unsigned ? in[i0 + c] & 0xff : in[i0 + c]) - inputZeroPoint;
          squares += d * d;
        }
        long inv = inverseSqrt(squares);
        int mantissa = (int) (inv >> 32);
        int shift = (int) inv;
        for (int c = 0; c < depth; c++) {
          int d = (unsigned ? in[i0 + c] & 0xff : in[i0 + c]) - inputZeroPoint;
          int v = unsigned
              ? 128 + FixedPoint.roundingDivideByPot(
                  FixedPoint.saturatingRoundingDoublingHighMul(128 * d, mantissa), -shift)
              : FixedPoint.multiplyByQuantizedMultiplier(d, mantissa, shift + 7);
          out[o0 + c] = (byte) (unsigned ? Math.min(255, Math.max(0, v))
              : Math.min(127, Math.max(-128, v)));
        }
      }
    }
  }

  /**
   * TFLite's GetInvSqrtQuantizedMultiplierExp with reverse shift -1: {@code 1 / sqrt(input)} as
   * a fixed-point mantissa (high 32 bits of the result) and a left shift (low 32 bits), by five
   * Newton-Raphson steps in gemmlowp's Q3.28 arithmetic.
   */
  static long inverseSqrt(int input) {
    if (input <= 1) {
      return (long) Integer.MAX_VALUE << 32;
    }
    int shift = 11;
    while (input >= (1 << 29)) {
      input /= 4;
      shift++;
    }
    int pairs = (Integer.numberOfLeadingZeros(input) - 1) / 2 - 1;
    shift -= pairs;
    input <<= 2 * pairs;
    int halfInput = FixedPoint.roundingDivideByPot(input >> 1, 1);
    int halfThree = (1 << 28) + (1 << 27);
    int x = 1 << 28;
    for (int i = 0; i < 5; i++) {
      int x3 = saturatingShiftLeft(mul(mul(x, x), x), 6);
      x = saturatingShiftLeft(mul(halfThree, x) - mul(halfInput, x3), 3);
    }
    x = mul(x, 1518500250);
    if (shift < 0) {
      x <<= -shift;
      shift = 0;
    }
    return ((long) x << 32) | (-shift & 0xffffffffL);
  }

  private static int mul(int a, int b) {
    return FixedPoint.saturatingRoundingDoublingHighMul(a, b);
  }

  /** gemmlowp's SaturatingRoundingMultiplyByPOT for a positive exponent. */
  private static int saturatingShiftLeft(int x, int exponent) {
    int limit = Integer.MAX_VALUE >> exponent;
    if (x > limit) {
      return Integer.MAX_VALUE;
    }
    if (x < -limit - 1) {
      return Integer.MIN_VALUE;
    }
    return x << exponent;
  }

  /** One LOCAL_RESPONSE_NORMALIZATION node. */
  static final class LocalResponseNorm implements Kernel {
    private Tensor input;
    private Tensor output;
    private int depth;
    private int rows;
    private int radius;
    private float bias;
    private float alpha;
    private float beta;

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      input = node.input(0);
      output = node.output(0);
      node.checkType(input, "input", DataType.FLOAT32);
      node.checkType(output, "output", input.dataType());
      if (input.numDimensions() != 4) {
        throw node.invalid("input must have rank 4, has rank " + input.numDimensions());
      }
      LocalResponseNormalizationOptions o = node.options(new LocalResponseNormalizationOptions(),
          BuiltinOptions.LocalResponseNormalizationOptions);
      if (o == null) {
        throw node.invalid("LocalResponseNormalizationOptions are missing");
      }
      radius = o.radius();
      bias = o.bias();
      alpha = o.alpha();
      beta = o.beta();
      if (radius < 0) {
        throw node.invalid("radius " + radius + " is negative");
      }
      node.resizeOutput(0, input.shape());
      depth = input.dim(-1);
      rows = depth == 0 ? 0 : input.numElements() / depth;
    }

    @Override
    public void eval(Node node) {
      float[] in = input.floats();
      float[] out = output.floats();
      for (int r = 0; r < rows; r++) {
        int i0 = input.offset() + r * depth;
        int o0 = output.offset() + r * depth;
        for (int c = 0; c < depth; c++) {
          int from = Math.max(0, c - radius);
          int to = (int) Math.min(depth - 1L, (long) c + radius);
          float squares = 0f;
          for (int k = from; k <= to; k++) {
            squares += in[i0 + k] * in[i0 + k];
          }
          float multiplier = (float) Math.pow(bias + alpha * squares, -beta);
          out[o0 + c] = in[i0 + c] * multiplier;
        }
      }
    }
  }
}
