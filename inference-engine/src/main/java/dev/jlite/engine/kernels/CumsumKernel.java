package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.CumsumOptions;

/**
 * CUMSUM: running sums along one axis (a scalar int32 tensor, negative counting from the end) of a
 * float32, int32 or int64 tensor; {@code exclusive} leaves each element out of its own sum,
 * {@code reverse} sums from the end. Sums accumulate in the element type in axis order, as TFLite.
 */
final class CumsumKernel implements Kernel {
  private Tensor input;
  private Tensor axis;
  private Tensor output;
  private boolean exclusive;
  private boolean reverse;

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.CUMSUM, CumsumKernel::new);
  }

  @Override
  public void prepare(Node node) {
    node.checkArity(2, 2, 1);
    input = node.input(0);
    axis = node.input(1);
    output = node.output(0);
    node.checkType(input, "input", DataType.FLOAT32, DataType.INT32, DataType.INT64);
    node.checkType(axis, "axis", DataType.INT32);
    node.checkType(output, "output", input.dataType());
    if (axis.numElements() != 1) {
      throw node.invalid("axis must hold one value, holds " + axis.numElements());
    }
    if (input.numDimensions() < 1) {
      throw node.invalid("input must have rank 1 or more, is a scalar");
    }
    CumsumOptions o = node.options(new CumsumOptions(), BuiltinOptions.CumsumOptions);
    exclusive = o != null && o.exclusive();
    reverse = o != null && o.reverse();
    if (axis.isConstant() && resolveAxis() < 0) {
      throw node.invalid("axis " + axis.ints()[axis.offset()] + " is out of range for rank "
          + input.numDimensions());
    }
    node.resizeOutput(0, input.shape());
  }

  /** The axis in [0, rank), or -1 if out of range. */
  private int resolveAxis() {
    int rank = input.numDimensions();
    int a = axis.ints()[axis.offset()];
    int resolved = a < 0 ? a + rank : a;
    return resolved >= 0 && resolved < rank ? resolved : -1;
  }

  @Override
  public void eval(Node node) {
    int a = resolveAxis();
    if (a < 0) {
      throw new InferenceException(node + ": axis " + axis.ints()[axis.offset()]
          + " is out of range for rank " + input.numDimensions());
    }
    int[] shape = input.shape();
    int depth = shape[a];
    int inner = Shapes.flatSize(shape, a + 1, shape.length);
    int outer = Shapes.flatSize(shape, 0, a);
    if (input.numElements() == 0) {
      return;
    }
    int step = reverse ? -inner : inner;
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int start = o * depth * inner + i + (reverse ? inner * (depth - 1) : 0);
        switch (input.dataType()) {
          case FLOAT32 -> floatRun(start, step, depth);
          case INT32 -> intRun(start, step, depth);
          default -> longRun(start, step, depth);
        }
      }
    }
  }

  private void floatRun(int start, int step, int depth) {
    float[] in = input.floats();
    float[] out = output.floats();
    float acc = 0f;
    for (int k = 0, at = start; k < depth; k++, at += step) {
      float v = in[input.offset() + at];
      out[output.offset() + at] = exclusive ? acc : acc + v;
      acc += v;
    }
  }

  private void intRun(int start, int step, int depth) {
    int[] in = input.ints();
    int[] out = output.ints();
    int acc = 0;
    for (int k = 0, at = start; k < depth; k++, at += step) {
      int v = in[input.offset() + at];
      out[output.offset() + at] = exclusive ? acc : acc + v;
      acc += v;
    }
  }

  private void longRun(int start, int step, int depth) {
    long[] in = input.longs();
    long[] out = output.longs();
    long acc = 0;
    for (int k = 0, at = start; k < depth; k++, at += step) {
      long v = in[input.offset() + at];
      out[output.offset() + at] = exclusive ? acc : acc + v;
      acc += v;
    }
  }
}
