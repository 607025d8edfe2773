package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ReshapeOptions;
import dev.jlite.schema.model.ShapeOptions;
import dev.jlite.schema.model.SqueezeOptions;
import dev.jlite.schema.model.TensorType;
import java.util.Arrays;

/**
 * Operators that change a tensor's shape but not its elements: RESHAPE, SQUEEZE, EXPAND_DIMS (the
 * data is copied unchanged), and SHAPE (the shape as a tensor). Every element type moves, strings
 * included.
 */
final class ReshapeKernels {
  private ReshapeKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.RESHAPE, Reshape::new);
    builder.addBuiltin(BuiltinOperator.SQUEEZE, Squeeze::new);
    builder.addBuiltin(BuiltinOperator.EXPAND_DIMS, ExpandDims::new);
    builder.addBuiltin(BuiltinOperator.SHAPE, Shape::new);
  }

  /** Types a relabelling kernel moves: the data-movement types, strings and complex64. */
  private static final DataType[] RELABELLED = {DataType.FLOAT32, DataType.INT32, DataType.INT64,
      DataType.UINT8, DataType.INT8, DataType.INT16, DataType.BOOL, DataType.STRING,
      DataType.COMPLEX64};

  /** Copies input 0 to output 0 element for element. */
  private abstract static class Relabel extends ValueShapedKernel {
    Relabel(int... valueInputs) {
      super(valueInputs);
    }

    void checkData(Node node) {
      node.checkType(node.input(0), "input", RELABELLED);
      node.checkType(node.output(0), "output", node.input(0).dataType());
    }

    @Override
    final void run(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      // Complex values are two floats each (an FFT's output is often reshaped).
      int width = in.dataType() == DataType.COMPLEX64 ? 2 : 1;
      System.arraycopy(ElementArrays.of(in), in.offset(), ElementArrays.of(out), out.offset(),
          in.numElements() * width);
    }
  }

  /** RESHAPE: the new shape from the 1-D int32 shape input, else from ReshapeOptions.new_shape. */
  static final class Reshape extends Relabel {
    Reshape() {
      super(1);
    }

    @Override
    void check(Node node) {
      node.checkArity(1, 2, 1);
      checkData(node);
    }

    @Override
    void configure(Node node) {
      int[] shape = requestedShape(node);
      long inputCount = node.input(0).numElements();
      long nonZeroInput = 1;
      for (int d : node.input(0).shape()) {
        nonZeroInput *= d == 0 ? 1 : d;
      }
      int stretch = -1;
      long outputCount = 1;
      long nonZeroOutput = 1;
      for (int i = 0; i < shape.length; i++) {
        int d = shape[i];
        if (d == -1) {
          if (stretch >= 0) {
            throw fail(node, "new shape " + Arrays.toString(shape) + " has more than one -1");
          }
          stretch = i;
          continue;
        }
        if (d < 0) {
          throw fail(node, "new shape " + Arrays.toString(shape) + " has the negative dimension "
              + d);
        }
        outputCount *= d;
        nonZeroOutput *= d == 0 ? 1 : d;
        if (nonZeroOutput > Integer.MAX_VALUE) {
          throw fail(node, "new shape " + Arrays.toString(shape) + " has more than 2^31 elements");
        }
      }
      if (stretch >= 0) {
        // As TFLite: the -1 absorbs the input's non-zero dimensions, or is 0 for an empty input.
        long inferred = inputCount == 0 && outputCount != 0 ? 0 : nonZeroInput / nonZeroOutput;
        shape[stretch] = (int) inferred;
        outputCount *= inferred;
      }
      if (outputCount != inputCount) {
        throw fail(node, "new shape " + Arrays.toString(shape) + " has " + outputCount
            + " elements, the input " + Arrays.toString(node.input(0).shape()) + " has "
            + inputCount);
      }
      resize(node, 0, shape);
    }

    private int[] requestedShape(Node node) {
      Tensor shapeTensor = node.input(1);
      if (shapeTensor != null && shapeTensor.numDimensions() == 1
          && shapeTensor.dataType() == DataType.INT32) {
        return intValues(node, 1, "shape");
      }
      ReshapeOptions options = node.options(new ReshapeOptions(), BuiltinOptions.ReshapeOptions);
      int n = options == null ? 0 : options.newShapeLength();
      if (n == 1 && options.newShape(0) == 0) {
        // Legacy converters wrote [0] for a scalar.
        return new int[0];
      }
      int[] shape = new int[n];
      for (int i = 0; i < n; i++) {
        shape[i] = options.newShape(i);
      }
      return shape;
    }
  }

  /** SQUEEZE: drops the listed size-1 dimensions (negative ones count from the end), or all. */
  static final class Squeeze extends Relabel {
    @Override
    void check(Node node) {
      node.checkArity(1, 1, 1);
      checkData(node);
    }

    @Override
    void configure(Node node) {
      int[] in = node.input(0).shape();
      boolean[] drop = new boolean[in.length];
      SqueezeOptions options = node.options(new SqueezeOptions(), BuiltinOptions.SqueezeOptions);
      int n = options == null ? 0 : options.squeezeDimsLength();
      if (n == 0) {
        for (int i = 0; i < in.length; i++) {
          drop[i] = in[i] == 1;
        }
      }
      for (int k = 0; k < n; k++) {
        int axis = Shapes.axis(node, options.squeezeDims(k), in.length, "squeeze dimension");
        if (in[axis] != 1) {
          throw node.invalid("squeeze dimension " + options.squeezeDims(k) + " has size "
              + in[axis] + ", not 1, in input shape " + Arrays.toString(in));
        }
        drop[axis] = true;
      }
      int[] out = new int[in.length];
      int rank = 0;
      for (int i = 0; i < in.length; i++) {
        if (!drop[i]) {
          out[rank++] = in[i];
        }
      }
      node.resizeOutput(0, Arrays.copyOf(out, rank));
    }
  }

  /** EXPAND_DIMS: inserts a size-1 dimension at the axis input, in [-rank-1, rank]. */
  static final class ExpandDims extends Relabel {
    ExpandDims() {
      super(1);
    }

    @Override
    void check(Node node) {
      node.checkArity(2, 2, 1);
      checkData(node);
      node.checkType(node.input(1), "axis", DataType.INT32, DataType.INT64);
      if (node.input(1).numElements() != 1) {
        throw node.invalid("axis must hold one value, has " + node.input(1).numElements());
      }
    }

    @Override
    void configure(Node node) {
      int[] in = node.input(0).shape();
      int axis = intValues(node, 1, "axis")[0];
      int resolved = axis < 0 ? axis + in.length + 1 : axis;
      if (resolved < 0 || resolved > in.length) {
        throw fail(node, "axis " + axis + " is out of range [" + (-in.length - 1) + ", "
            + in.length + "] for input rank " + in.length);
      }
      int[] out = new int[in.length + 1];
      System.arraycopy(in, 0, out, 0, resolved);
      out[resolved] = 1;
      System.arraycopy(in, resolved, out, resolved + 1, in.length - resolved);
      resize(node, 0, out);
    }
  }

  /** SHAPE: the input's dimensions as an int32 or int64 vector. */
  static final class Shape extends ValueShapedKernel {
    @Override
    void check(Node node) {
      node.checkArity(1, 1, 1);
      Tensor out = node.output(0);
      node.checkType(out, "output", DataType.INT32, DataType.INT64);
      ShapeOptions options = node.options(new ShapeOptions(), BuiltinOptions.ShapeOptions);
      if (options != null && options.outType() != out.dataType().code()) {
        int code = options.outType();
        throw node.invalid("out_type " + (code >= 0 && code < TensorType.names.length
            ? TensorType.names[code] : "code " + code) + " differs from the output type "
            + out.dataType());
      }
    }

    @Override
    void configure(Node node) {
      node.resizeOutput(0, node.input(0).numDimensions());
    }

    @Override
    void run(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      int rank = in.numDimensions();
      if (out.dataType() == DataType.INT32) {
        int[] o = out.ints();
        for (int i = 0; i < rank; i++) {
          o[out.offset() + i] = in.dim(i);
        }
      } else {
        long[] o = out.longs();
        for (int i = 0; i < rank; i++) {
          o[out.offset() + i] = in.dim(i);
        }
      }
    }
  }
}
