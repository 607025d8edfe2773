package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.GeluOptions;
import dev.jlite.schema.model.LeakyReluOptions;
import java.util.Arrays;

/**
 * Activation functions on float32: RELU, RELU6, RELU_N1_TO_1, RELU_0_TO_1, LEAKY_RELU, ELU,
 * HARD_SWISH, GELU, LOGISTIC, TANH, and PRELU with its alpha tensor broadcast against the input.
 * Quantized inputs take {@link QuantizedActivation}.
 */
final class ActivationKernels {
  private ActivationKernels() {}

  enum Op {
    RELU, RELU6, RELU_N1_TO_1, RELU_0_TO_1, LEAKY_RELU, ELU, HARD_SWISH, GELU, LOGISTIC, TANH
  }

  /** sqrt(2 / pi), the factor of GELU's tanh approximation. */
  private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.RELU, () -> new Activation(Op.RELU));
    builder.addBuiltin(BuiltinOperator.RELU6, () -> new Activation(Op.RELU6));
    builder.addBuiltin(BuiltinOperator.RELU_N1_TO_1, () -> new Activation(Op.RELU_N1_TO_1));
    builder.addBuiltin(BuiltinOperator.RELU_0_TO_1, () -> new Activation(Op.RELU_0_TO_1));
    builder.addBuiltin(BuiltinOperator.LEAKY_RELU, () -> new Activation(Op.LEAKY_RELU));
    builder.addBuiltin(BuiltinOperator.ELU, () -> new Activation(Op.ELU));
    builder.addBuiltin(BuiltinOperator.HARD_SWISH, () -> new Activation(Op.HARD_SWISH));
    builder.addBuiltin(BuiltinOperator.GELU, () -> new Activation(Op.GELU));
    builder.addBuiltin(BuiltinOperator.LOGISTIC, () -> new Activation(Op.LOGISTIC));
    builder.addBuiltin(BuiltinOperator.TANH, () -> new Activation(Op.TANH));
    builder.addBuiltin(BuiltinOperator.PRELU, Prelu::new);
  }

  /** One activation node with a single input. */
  static final class Activation implements Kernel {
    private final Op op;
    private float alpha;
    private boolean approximate;
    private QuantizedActivation quantized;

    Activation(Op op) {
      this.op = op;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      Tensor in = node.input(0);
      node.checkType(in, "input", DataType.FLOAT32, DataType.UINT8, DataType.INT8,
          DataType.INT16);
      if (op == Op.LEAKY_RELU) {
        LeakyReluOptions o = node.options(new LeakyReluOptions(), BuiltinOptions.LeakyReluOptions);
        alpha = o == null ? 0f : o.alpha();
      } else if (op == Op.GELU) {
        GeluOptions o = node.options(new GeluOptions(), BuiltinOptions.GeluOptions);
        approximate = o != null && o.approximate();
      }
      if (in.dataType() == DataType.FLOAT32) {
        node.checkType(node.output(0), "output", DataType.FLOAT32);
      } else {
        quantized = QuantizedActivation.prepare(node, op, alpha);
      }
      node.resizeOutput(0, in.shape());
    }

    @Override
    public void eval(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      if (quantized != null) {
        quantized.run(in, out);
        return;
      }
      float[] x = in.floats();
      float[] y = out.floats();
      int xo = in.offset();
      int yo = out.offset();
      int n = in.numElements();
      switch (op) {
        case RELU -> {
          for (int i = 0; i < n; i++) {
            y[yo + i] = Math.max(0f, x[xo + i]);
          }
        }
        case RELU6 -> clamp(x, xo, y, yo, n, 0f, 6f);
        case RELU_N1_TO_1 -> clamp(x, xo, y, yo, n, -1f, 1f);
        case RELU_0_TO_1 -> clamp(x, xo, y, yo, n, 0f, 1f);
        case LEAKY_RELU -> {
          // alpha may be negative or above 1, so this is a select rather than a max.
          float a = alpha;
          for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            y[yo + i] = v > 0 ? v : v * a;
          }
        }
        case ELU -> {
          for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            y[yo + i] = v < 0 ? (float) Math.expm1(v) : v;
          }
        }
        case HARD_SWISH -> {
          for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            y[yo + i] = v * Math.min(6f, Math.max(0f, v + 3f)) / 6f;
          }
        }
        case GELU -> {
          if (approximate) {
            for (int i = 0; i < n; i++) {
              y[yo + i] = geluTanh(x[xo + i]);
            }
          } else {
            for (int i = 0; i < n; i++) {
              y[yo + i] = gelu(x[xo + i]);
            }
          }
        }
        case LOGISTIC -> {
          for (int i = 0; i < n; i++) {
            y[yo + i] = (float) (1 / (1 + Math.exp(-x[xo + i])));
          }
        }
        case TANH -> {
          for (int i = 0; i < n; i++) {
            y[yo + i] = (float) Math.tanh(x[xo + i]);
          }
        }
      }
    }
  }

  private static void clamp(float[] x, int xo, float[] y, int yo, int n, float min, float max) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = Math.min(Math.max(min, x[xo + i]), max);
    }
  }

  /** Exact GELU, x * Phi(x), written with erfc as TFLite does: 0.5 x erfc(-x / sqrt 2). */
  static float gelu(float x) {
    return (float) (0.5 * x * erfc(-x * (1 / Math.sqrt(2))));
  }

  /** GELU's tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
  static float geluTanh(float x) {
    double v = x;
    return (float) (0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
  }

  /**
   * The complementary error function by the Chebyshev fit of Numerical Recipes (erfcc), whose
   * fractional error is below 1.2e-7 for every argument: far inside float GELU's tolerance, and
   * without the cancellation of 1 - erf(x) for large x.
   */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277))))))));
    double r = t * Math.exp(-z * z + poly);
    return x >= 0 ? r : 2 - r;
  }

  /**
   * PRELU: x where x >= 0, else x * alpha, alpha broadcast against x. On uint8 and int8, as
   * TFLite: non-negative {@code x - zeroIn} is rescaled by {@code scaleIn / scaleOut}, negative
   * ones are multiplied by {@code alpha - zeroAlpha} and rescaled by
   * {@code scaleIn * scaleAlpha / scaleOut}.
   */
  static final class Prelu implements Kernel {
    private BroadcastLoop loop;
    private BroadcastLoop.Row row;
    private int inputZero;
    private int alphaZero;
    private int outputZero;
    private FixedPoint.Multiplier identity;
    private FixedPoint.Multiplier negative;
    private int min;
    private int max;

    @Override
    public void prepare(Node node) {
      node.checkArity(2, 2, 1);
      Tensor in = node.input(0);
      Tensor alpha = node.input(1);
      Tensor out = node.output(0);
      node.checkType(in, "input", DataType.FLOAT32, DataType.UINT8, DataType.INT8);
      node.checkType(alpha, "alpha", in.dataType());
      node.checkType(out, "output", in.dataType());
      int[] shape = Shapes.broadcast(node, in.shape(), alpha.shape());
      if (!Arrays.equals(shape, in.shape())) {
        throw node.invalid("alpha of shape " + Arrays.toString(alpha.shape())
            + " broadcasts the input of shape " + Arrays.toString(in.shape()) + " to "
            + Arrays.toString(shape) + "; the output must keep the input's shape");
      }
      node.resizeOutput(0, shape);
      loop = new BroadcastLoop(in.shape(), alpha.shape(), shape);
      if (in.dataType() == DataType.FLOAT32) {
        row = (ia, ib, io, n, sa, sb) -> preluRow(in.floats(), in.offset() + ia, sa,
            alpha.floats(), alpha.offset() + ib, sb, out.floats(), out.offset() + io, n);
        return;
      }
      float inScale = PerTensorQuantization.check(node, in, "input");
      float alphaScale = PerTensorQuantization.check(node, alpha, "alpha");
      float outScale = PerTensorQuantization.check(node, out, "output");
      inputZero = in.quantizationParams().zeroPoint();
      alphaZero = alpha.quantizationParams().zeroPoint();
      outputZero = out.quantizationParams().zeroPoint();
      // Float arithmetic, as TFLite computes these multipliers.
      identity = FixedPoint.quantizeMultiplier(inScale / outScale);
      negative = FixedPoint.quantizeMultiplier(inScale * alphaScale / outScale);
      min = PerTensorQuantization.min(in.dataType());
      max = PerTensorQuantization.max(in.dataType());
      int mask = in.dataType() == DataType.UINT8 ? 0xff : -1;
      row = (ia, ib, io, n, sa, sb) -> quantizedRow(in.bytes(), in.offset() + ia, sa,
          alpha.bytes(), alpha.offset() + ib, sb, out.bytes(), out.offset() + io, n, mask);
    }

    @Override
    public void eval(Node node) {
      loop.run(row);
    }

    private static void preluRow(float[] x, int ix, int sx, float[] a, int ia, int sa, float[] y,
        int iy, int n) {
      for (int i = 0; i < n; i++) {
        float v = x[ix + i * sx];
        y[iy + i] = v >= 0 ? v : v * a[ia + i * sa];
      }
    }

    private void quantizedRow(byte[] x, int ix, int sx, byte[] a, int ia, int sa, byte[] y,
        int iy, int n, int mask) {
      for (int i = 0; i < n; i++) {
        int v = (x[ix + i * sx] & mask) - inputZero;
        int r;
        if (v >= 0) {
          r = FixedPoint.multiplyByQuantizedMultiplier(v, identity.mantissa(), identity.shift());
        } else {
          int slope = (a[ia + i * sa] & mask) - alphaZero;
          r = FixedPoint.multiplyByQuantizedMultiplier(v * slope, negative.mantissa(),
              negative.shift());
        }
        y[iy + i] = (byte) Math.max(min, Math.min(max, r + outputZero));
      }
    }
  }
}
