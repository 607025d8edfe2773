package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import java.util.Arrays;

/**
 * Operators that reorder elements along whole dimensions: TRANSPOSE (a permutation of up to six
 * dimensions) and REVERSE_V2 (any set of axes reversed), for float32, int32, int64, uint8, int8,
 * int16 and bool. Both are one {@link StridedCopy}: the output walked in order, the input read
 * through permuted or negated strides.
 */
final class TransposeKernels {
  /** TFLite's limit for TRANSPOSE. */
  static final int MAX_TRANSPOSE_RANK = 6;
  /** TFLite's limit for REVERSE_V2. */
  static final int MAX_REVERSE_RANK = 8;

  private TransposeKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.TRANSPOSE, Transpose::new);
    builder.addBuiltin(BuiltinOperator.REVERSE_V2, Reverse::new);
  }

  /** Base of both: input 0 to output 0 through a copy plan. */
  private abstract static class Reorder extends ValueShapedKernel {
    StridedCopy copy;
    int sourceBase;

    Reorder() {
      super(1);
    }

    void checkData(Node node, int maxRank) {
      node.checkArity(2, 2, 1);
      Tensor in = node.input(0);
      node.checkType(in, "input", ElementArrays.NUMERIC);
      node.checkType(node.output(0), "output", in.dataType());
      if (in.numDimensions() > maxRank) {
        throw node.invalid("input rank " + in.numDimensions() + " exceeds the supported "
            + maxRank);
      }
      Tensor values = node.input(1);
      node.checkType(values, "input 1", DataType.INT32, DataType.INT64);
      if (values.numDimensions() > 1) {
        throw node.invalid("input 1 must be a vector, has shape "
            + Arrays.toString(values.shape()));
      }
    }

    @Override
    final void run(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      copy.run(ElementArrays.of(in), in.offset() + sourceBase, ElementArrays.of(out),
          out.offset());
    }
  }

  /** TRANSPOSE: output dimension i is input dimension perm[i]. */
  static final class Transpose extends Reorder {
    @Override
    void check(Node node) {
      checkData(node, MAX_TRANSPOSE_RANK);
      if (node.input(1).numElements() != node.input(0).numDimensions()) {
        throw node.invalid("permutation has " + node.input(1).numElements()
            + " entries for input rank " + node.input(0).numDimensions());
      }
    }

    @Override
    void configure(Node node) {
      int[] perm = intValues(node, 1, "permutation");
      int[] in = node.input(0).shape();
      int rank = in.length;
      boolean[] seen = new boolean[rank];
      for (int p : perm) {
        if (p < 0 || p >= rank || seen[p]) {
          throw fail(node, "permutation " + Arrays.toString(perm) + " is not a permutation of 0.."
              + (rank - 1));
        }
        seen[p] = true;
      }
      int[] inStrides = StridedCopy.strides(in);
      int[] out = new int[rank];
      int[] src = new int[rank];
      for (int i = 0; i < rank; i++) {
        out[i] = in[perm[i]];
        src[i] = inStrides[perm[i]];
      }
      resize(node, 0, out);
      copy = new StridedCopy(out, src, StridedCopy.strides(out));
    }
  }

  /** REVERSE_V2: the listed axes (negative ones count from the end) run backwards. */
  static final class Reverse extends Reorder {
    @Override
    boolean valuesShapeOutputs() {
      return false;
    }

    @Override
    void check(Node node) {
      checkData(node, MAX_REVERSE_RANK);
      if (node.input(1).numElements() > node.input(0).numDimensions()) {
        throw node.invalid(node.input(1).numElements() + " axes for input rank "
            + node.input(0).numDimensions());
      }
      node.resizeOutput(0, node.input(0).shape());
    }

    @Override
    void configure(Node node) {
      int[] axes = intValues(node, 1, "axis");
      int[] shape = node.input(0).shape();
      int rank = shape.length;
      int[] src = StridedCopy.strides(shape);
      boolean[] reversed = new boolean[rank];
      sourceBase = 0;
      for (int a : axes) {
        int axis = a < 0 ? a + rank : a;
        if (axis < 0 || axis >= rank) {
          throw fail(node, "axis " + a + " is out of range for input rank " + rank);
        }
        if (reversed[axis]) {
          throw fail(node, "axis " + a + " is listed twice in " + Arrays.toString(axes));
        }
        reversed[axis] = true;
        if (shape[axis] > 0) {
          sourceBase += (shape[axis] - 1) * src[axis];
        }
        src[axis] = -src[axis];
      }
      copy = new StridedCopy(shape, src, StridedCopy.strides(shape));
    }
  }
}
