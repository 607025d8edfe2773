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
 * the last axis, float32. Subtracting the row maximum first, as TFLite does, keeps exp in range.
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
    private int tasks;

    Softmax(boolean log) {
      this.log = log;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      input = node.input(0);
      output = node.output(0);
      node.checkType(input, "input", DataType.FLOAT32);
      node.checkType(output, "output", input.dataType());
      if (input.numDimensions() < 1) {
        throw node.invalid("input must have rank 1 or more, is a scalar");
      }
      beta = 1f;
      if (!log) {
        SoftmaxOptions o = node.options(new SoftmaxOptions(), BuiltinOptions.SoftmaxOptions);
        beta = o == null ? 1f : o.beta();
      }
      node.resizeOutput(0, input.shape());
      depth = input.dim(-1);
      rows = depth == 0 ? 0 : input.numElements() / depth;
      tasks = Math.min(rows, node.threadCount());
    }

    @Override
    public void eval(Node node) {
      node.parallelFor(tasks, task);
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
