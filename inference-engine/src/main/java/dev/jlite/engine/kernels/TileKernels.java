package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import java.util.Arrays;

/**
 * Operators that repeat a tensor: TILE (whole copies along each dimension; every element type,
 * strings included) and BROADCAST_TO (NumPy broadcasting to a given shape of rank at most 8; every
 * numeric type). Both read the input through zero strides in one {@link StridedCopy}.
 */
final class TileKernels {
  /** TFLite's limit for BROADCAST_TO. */
  static final int MAX_BROADCAST_RANK = 8;

  private TileKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.TILE, Tile::new);
    builder.addBuiltin(BuiltinOperator.BROADCAST_TO, BroadcastTo::new);
  }

  /** Input 0 to output 0 through a copy plan. */
  private abstract static class Repeat extends ValueShapedKernel {
    StridedCopy copy;

    Repeat() {
      super(1);
    }

    void checkData(Node node, DataType... types) {
      node.checkArity(2, 2, 1);
      Tensor in = node.input(0);
      node.checkType(in, "input", types);
      node.checkType(node.output(0), "output", in.dataType());
      Tensor values = node.input(1);
      node.checkType(values, "input 1", DataType.INT32, DataType.INT64);
      if (values.numDimensions() != 1) {
        throw node.invalid("input 1 must be a vector, has shape "
            + Arrays.toString(values.shape()));
      }
    }

    @Override
    final void run(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      copy.run(ElementArrays.of(in), in.offset(), ElementArrays.of(out), out.offset());
    }
  }

  /**
   * TILE: the output, seen as [m0, d0, m1, d1, …], reads input element (i0, i1, …) for every
   * repetition index, i.e. with stride 0 along each m.
   */
  static final class Tile extends Repeat {
    @Override
    void check(Node node) {
      checkData(node, ElementArrays.WITH_STRING);
      if (node.input(1).numElements() != node.input(0).numDimensions()) {
        throw node.invalid("multiples has " + node.input(1).numElements()
            + " entries for input rank " + node.input(0).numDimensions());
      }
    }

    @Override
    void configure(Node node) {
      int[] in = node.input(0).shape();
      int[] multiples = intValues(node, 1, "multiples");
      int rank = in.length;
      int[] out = new int[rank];
      int[] inStrides = StridedCopy.strides(in);
      int[] view = new int[2 * rank];
      int[] src = new int[2 * rank];
      for (int i = 0; i < rank; i++) {
        if (multiples[i] < 0) {
          throw fail(node, "multiples " + Arrays.toString(multiples) + " hold a negative value");
        }
        out[i] = (int) Math.min(Integer.MAX_VALUE, (long) in[i] * multiples[i]);
        view[2 * i] = multiples[i];
        view[2 * i + 1] = in[i];
        src[2 * i + 1] = inStrides[i];
      }
      resize(node, 0, out);
      copy = new StridedCopy(view, src, StridedCopy.strides(view));
    }
  }

  /** BROADCAST_TO: input dimensions of size 1 (or missing in front) repeat to the shape. */
  static final class BroadcastTo extends Repeat {
    @Override
    void check(Node node) {
      checkData(node, ElementArrays.NUMERIC);
      int rank = node.input(1).numElements();
      if (rank > MAX_BROADCAST_RANK) {
        throw node.invalid("shape of rank " + rank + " exceeds " + MAX_BROADCAST_RANK);
      }
      if (node.input(0).numDimensions() > rank) {
        throw node.invalid("input rank " + node.input(0).numDimensions()
            + " exceeds the rank " + rank + " of the target shape");
      }
    }

    @Override
    void configure(Node node) {
      int[] in = node.input(0).shape();
      int[] shape = intValues(node, 1, "shape");
      int lead = shape.length - in.length;
      for (int i = 0; i < shape.length; i++) {
        int d = i < lead ? 1 : in[i - lead];
        if (shape[i] < 0 || (d != 1 && d != shape[i])) {
          throw fail(node, "input shape " + Arrays.toString(in) + " does not broadcast to "
              + Arrays.toString(shape));
        }
      }
      resize(node, 0, shape);
      copy = new StridedCopy(shape, Shapes.broadcastStrides(in, shape),
          StridedCopy.strides(shape));
    }
  }
}
