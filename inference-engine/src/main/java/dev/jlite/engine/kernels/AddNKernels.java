package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import java.util.Arrays;

/** ADD_N: the elementwise sum of two or more tensors of one shape, float32 or int32. */
final class AddNKernels {
  private AddNKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.ADD_N, AddN::new);
  }

  /** One ADD_N node. */
  static final class AddN implements Kernel {
    @Override
    public void prepare(Node node) {
      if (node.inputCount() < 2) {
        throw node.invalid("expects at least 2 inputs, has " + node.inputCount());
      }
      node.checkArity(node.inputCount(), node.inputCount(), 1);
      Tensor first = node.input(0);
      node.checkType(first, "input 0", DataType.FLOAT32, DataType.INT32);
      for (int i = 1; i < node.inputCount(); i++) {
        Tensor in = node.input(i);
        node.checkType(in, "input " + i, first.dataType());
        if (!Arrays.equals(in.shape(), first.shape())) {
          throw node.invalid("input " + i + " has shape " + Arrays.toString(in.shape())
              + ", input 0 has " + Arrays.toString(first.shape()) + "; all must agree");
        }
      }
      node.checkType(node.output(0), "output", first.dataType());
      node.resizeOutput(0, first.shape());
    }

    @Override
    public void eval(Node node) {
      Tensor out = node.output(0);
      int n = out.numElements();
      int o = out.offset();
      Tensor a = node.input(0);
      Tensor b = node.input(1);
      if (out.dataType() == DataType.FLOAT32) {
        float[] y = out.floats();
        float[] x0 = a.floats();
        float[] x1 = b.floats();
        int o0 = a.offset();
        int o1 = b.offset();
        for (int i = 0; i < n; i++) {
          y[o + i] = x0[o0 + i] + x1[o1 + i];
        }
        for (int k = 2; k < node.inputCount(); k++) {
          Tensor in = node.input(k);
          float[] x = in.floats();
          int ox = in.offset();
          for (int i = 0; i < n; i++) {
            y[o + i] += x[ox + i];
          }
        }
      } else {
        int[] y = out.ints();
        int[] x0 = a.ints();
        int[] x1 = b.ints();
        int o0 = a.offset();
        int o1 = b.offset();
        for (int i = 0; i < n; i++) {
          y[o + i] = x0[o0 + i] + x1[o1 + i];
        }
        for (int k = 2; k < node.inputCount(); k++) {
          Tensor in = node.input(k);
          int[] x = in.ints();
          int ox = in.offset();
          for (int i = 0; i < n; i++) {
            y[o + i] += x[ox + i];
          }
        }
      }
    }
  }
}
