package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.SoftmaxOptions;

/**
 * SOFTMAX ({@code exp(beta * (x - max)) / sum}) and LOG_SOFTMAX ({@code x - max - log(sum)}) over
 * the last axis, float32; SOFTMAX also from uint8 or int8 to the same type or int16. Subtracting
 * the row maximum first, as TFLite does, keeps exp in range. The quantized path is TFLite's
 * optimized one: a float table of {@code exp(-inputScale * beta * d)} for the 256 possible
 * differences {@code d} from the row maximum, a float sum, and each probability divided by the
 * output scale and rounded.
 */
final class SoftmaxKernels {
  private SoftmaxKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.SOFTMAX, () -> new Softmax(false));
    builder.addBuiltin(BuiltinOperator.LOG_SOFTMAX, () -> new Softmax(true));
  }

  /** One SOFTMAX or LOG_SOFTMAX node. */
  static final class Softmax implements Kernel {
    private final boolean log;
    private float beta;
    private int depth;
    private int rows;
    private Tensor input;
    private Tensor output;
    private final ParallelTask task = (t, thread) -> rows(t);
    private final ParallelTask quantizedTask = (t, thread) -> quantizedRows(t);
    private boolean quantized;
    private float[] table;
    private float outputScale;
    private int outputZeroPoint;
    private int tasks;

    Softmax(boolean log) {
      this.log = log;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      input = node.input(0);
      output = node.output(0);
      if (log) {
        node.checkType(input, "input", DataType.FLOAT32);
        node.checkType(output, "output", input.dataType());
      } else {
        node.checkType(input, "input", DataType.FLOAT32, DataType.UINT8, DataType.INT8);
        if (input.dataType() == DataType.FLOAT32) {
          node.checkType(output, "output", DataType.FLOAT32);
        } else {
          node.checkType(output, "output", input.dataType(), DataType.INT16);
        }
      }
      quantized = input.dataType() != DataType.FLOAT32;
      if (input.numDimensions() < 1) {
        throw node.invalid("input must have rank 1 or more, is a scalar");
      }
      beta = 1f;
      if (!log) {
        SoftmaxOptions o = node.options(new SoftmaxOptions(), BuiltinOptions.SoftmaxOptions);
        beta = o == null ? 1f : o.beta();
      }
      if (quantized) {
        PerTensorQuantization.check(node, input, "input");
        PerTensorQuantization.check(node, output, "output");
        table = expTable(input.quantizationParams().scale(), beta);
        outputScale = output.quantizationParams().scale();
        outputZeroPoint = output.quantizationParams().zeroPoint();
        if (output.dataType() == DataType.INT8) {
          // TFLite's prepare insists on the conventional int8 probability encoding.
          float delta = Math.abs(outputScale - 1f / 256);
          if (outputZeroPoint != -128 || delta > 0.001f * (1f / 256)) {
            throw node.invalid("int8 output must have scale 1/256 and zero point -128, has "
                + output.quantizationParams());
          }
        }
      }
      node.resizeOutput(0, input.shape());
      depth = input.dim(-1);
      rows = depth == 0 ? 0 : input.numElements() / depth;
      tasks = Math.min(rows, node.threadCount());
    }

    @Override
    public void eval(Node node) {
      node.parallelFor(tasks, quantized ? quantizedTask : task);
    }

    /**
     * {@code table[255 - d] = exp(-inputScale * beta * d)} in float, as TFLite's
     * PopulateSoftmaxLookupTable computes it, so a value {@code x} of a row with maximum
     * {@code m} reads {@code table[255 - m + x]}.
     */
    private static float[] expTable(float inputScale, float beta) {
      float[] t = new float[256];
      float scale = -inputScale * beta;
      for (int d = 0; d <= 255; d++) {
        t[255 - d] = (float) Math.exp(scale * d);
      }
      return t;
    }

    /** Quantized rows of task {@code t} of {@link #tasks}. */
    private void quantizedRows(int t) {
      boolean unsigned = input.dataType() == DataType.UINT8;
      DataType outType = output.dataType();
      byte[] in = input.bytes();
      byte[] outBytes = outType == DataType.INT16 ? null : output.bytes();
      short[] outShorts = outType == DataType.INT16 ? output.shorts() : null;
      int lowest = PerTensorQuantization.min(outType);
      int highest = PerTensorQuantization.max(outType);
      int from = (int) ((long) rows * t / tasks);
      int to = (int) ((long) rows * (t + 1) / tasks);
      for (int r = from; r < to; r++) {
        int i0 = input.offset() + r * depth;
        int o0 = output.offset() + r * depth;
        int max = unsigned ? 0 : Byte.MIN_VALUE;
        for (int c = 0; c < depth; c++) {
          max = Math.max(max, unsigned ? in[i0 + c] & 0xff : in[i0 + c]);
        }
        int base = 255 - max;
        float sum = 0f;
        for (int c = 0; c < depth; c++) {
          sum += table[base + (unsigned ? in[i0 + c] & 0xff : in[i0 + c])];
        }
        float inverse = 1f / (sum * outputScale);
        for (int c = 0; c < depth; c++) {
          float p = table[base + (unsigned ? in[i0 + c] & 0xff : in[i0 + c])] * inverse;
          int q = Math.min(Math.max(quantize(p, outType), lowest), highest);
          if (outShorts != null) {
            outShorts[o0 + c] = (short) q;
          } else {
            outBytes[o0 + c] = (byte) q;
          }
        }
      }
    }

    /**
     * TFLite's QuantizeSoftmaxOutput on x86-64: uint8 adds 0.5 and truncates, ignoring the zero
     * point; the other types round half away from zero and add the zero point.
     */
    private int quantize(float p, DataType outType) {
      if (outType == DataType.UINT8) {
        return PerTensorQuantization.truncateToInt(p + 0.5f);
      }
      float rounded = Float.isNaN(p) ? p : (float) FixedPoint.roundHalfAway(p);
      return PerTensorQuantization.truncateToInt(rounded) + outputZeroPoint;
    }

    /** Rows of task {@code t} of {@link #tasks}. */
    private void rows(int t) {
      float[] in = input.floats();
      float[] out = output.floats();
      int from = (int) ((long) rows * t / tasks);
      int to = (int) ((long) rows * (t + 1) / tasks);
      for (int r = from; r < to; r++) {
        int i0 = input.offset() + r * depth;
        int o0 = output.offset() + r * depth;
        float max = -Float.MAX_VALUE;
        for (int c = 0; c < depth; c++) {
          max = Math.max(max, in[i0 + c]);
        }
        float sum = 0f;
        if (log) {
          for (int c = 0; c < depth; c++) {
            sum += (float) Math.exp(in[i0 + c] - max);
          }
          float logSum = (float) Math.log(sum);
          for (int c = 0; c < depth; c++) {
            out[o0 + c] = in[i0 + c] - max - logSum;
          }
        } else {
          for (int c = 0; c < depth; c++) {
            float e = (float) Math.exp((in[i0 + c] - max) * beta);
            out[o0 + c] = e;
            sum += e;
          }
          for (int c = 0; c < depth; c++) {
            out[o0 + c] /= sum;
          }
        }
      }
    }
  }
}
