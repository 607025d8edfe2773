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
 * TFLite's fixed epsilon) and LOCAL_RESPONSE_NORMALIZATION ({@code x * (bias + alpha * sum(x^2 over the
 * channels within radius))^-beta}).
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

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      input = node.input(0);
      output = node.output(0);
      node.checkType(input, "input", DataType.FLOAT32);
      node.checkType(output, "output", input.dataType());
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
