package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.Tensor;

/**
 * A kernel whose output shapes depend on the values of some inputs (a shape, an axis, begin/end
 * indices, paddings, multiples…). When those inputs are constants everything is computed once in
 * prepare; otherwise the outputs are marked dynamic and {@link #configure} runs again at the start
 * of every eval, as TFLite does with {@code SetTensorToDynamic}.
 *
 * <p>Errors found by {@link #configure} are {@code InvalidModelException}s in prepare and
 * {@link InferenceException}s in eval, where they depend on the data just computed: use
 * {@link #fail}.
 */
abstract class ValueShapedKernel implements Kernel {
  private final int[] valueInputs;
  private boolean dynamic;
  private boolean evaluating;

  /** @param valueInputs the inputs whose values decide output shapes (absent ones are skipped) */
  ValueShapedKernel(int... valueInputs) {
    this.valueInputs = valueInputs;
  }

  /** Checks arity, types and options: everything that does not depend on input values. */
  abstract void check(Node node);

  /** Reads the value inputs, validates them, sizes the outputs and builds the copy plan. */
  abstract void configure(Node node);

  /** Moves the data; allocates nothing. */
  abstract void run(Node node);

  /**
   * Whether the value inputs decide output shapes (the usual case). Kernels whose value inputs only
   * steer the copy (REVERSE_V2's axes) return false: their outputs are sized in {@link #check} and
   * stay planned even when the values arrive at run time.
   */
  boolean valuesShapeOutputs() {
    return true;
  }

  @Override
  public final void prepare(Node node) {
    evaluating = false;
    check(node);
    dynamic = false;
    for (int i : valueInputs) {
      if (node.hasInput(i) && !node.input(i).isConstant()) {
        dynamic = true;
      }
    }
    if (dynamic && valuesShapeOutputs()) {
      for (int o = 0; o < node.outputCount(); o++) {
        node.markOutputDynamic(o);
      }
    } else if (!dynamic) {
      configure(node);
    }
  }

  @Override
  public final void eval(Node node) {
    if (dynamic) {
      evaluating = true;
      try {
        configure(node);
      } finally {
        evaluating = false;
      }
    }
    run(node);
  }

  /** An error in the node's values: invalid model in prepare, failed inference in eval. */
  final RuntimeException fail(Node node, String reason) {
    return evaluating ? new InferenceException(node + ": " + reason) : node.invalid(reason);
  }

  /**
   * The values of an int32 or int64 input as ints.
   *
   * @throws RuntimeException via {@link #fail} when an int64 value does not fit an int
   */
  final int[] intValues(Node node, int input, String role) {
    Tensor t = node.input(input);
    int n = t.numElements();
    int[] values = new int[n];
    if (t.dataType() == DataType.INT64) {
      long[] a = t.longs();
      for (int i = 0; i < n; i++) {
        long v = a[t.offset() + i];
        if (v != (int) v) {
          throw fail(node, role + " value " + v + " is out of the int32 range");
        }
        values[i] = (int) v;
      }
    } else {
      System.arraycopy(t.ints(), t.offset(), values, 0, n);
    }
    return values;
  }

  /** Output {@code i} sized to {@code shape}, reported through {@link #fail} when impossible. */
  final void resize(Node node, int i, int[] shape) {
    long count = 1;
    int bytes = Math.max(1, node.output(i).dataType().byteSize());
    for (int d : shape) {
      if (d < 0) {
        throw fail(node, "output " + i + " would have the negative dimension " + d + " in "
            + java.util.Arrays.toString(shape));
      }
      count *= d;
      if (count * bytes > Integer.MAX_VALUE) {
        throw fail(node, "output " + i + " shape " + java.util.Arrays.toString(shape)
            + " exceeds 2 GiB");
      }
    }
    node.resizeOutput(i, shape);
  }
}
