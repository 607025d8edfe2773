package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import java.util.Arrays;

/**
 * Tensors made from a shape or scalars: FILL (a dims tensor and a scalar value), ZEROS_LIKE and
 * RANGE (start, limit and delta scalars). FILL and RANGE size their output in prepare when the
 * inputs that decide it are constant, and otherwise at each run (a dynamic output).
 */
final class FillKernels {
  private FillKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.FILL, Fill::new);
    builder.addBuiltin(BuiltinOperator.ZEROS_LIKE, ZerosLike::new);
    builder.addBuiltin(BuiltinOperator.RANGE, Range::new);
  }

  /** FILL: an output of shape {@code dims} with every element equal to {@code value}. */
  static final class Fill implements Kernel {
    private boolean dynamic;

    @Override
    public void prepare(Node node) {
      node.checkArity(2, 2, 1);
      Tensor dims = node.input(0);
      Tensor value = node.input(1);
      Tensor out = node.output(0);
      node.checkType(dims, "dims", DataType.INT32, DataType.INT64);
      node.checkType(value, "value", DataType.FLOAT32, DataType.INT32, DataType.INT64,
          DataType.BOOL, DataType.INT8, DataType.INT16, DataType.FLOAT16);
      node.checkType(out, "output", value.dataType());
      if (dims.numDimensions() != 1) {
        throw node.invalid("dims must be 1-D, has shape " + Arrays.toString(dims.shape()));
      }
      if (value.numDimensions() != 0) {
        throw node.invalid("value must be a scalar, has shape " + Arrays.toString(value.shape()));
      }
      dynamic = !dims.isConstant();
      if (dynamic) {
        node.markOutputDynamic(0);
      } else {
        int[] shape = shape(node, dims);
        if (shape == null) {
          throw node.invalid("dims " + dimsText(dims) + " " + badDims(dims));
        }
        node.resizeOutput(0, shape);
      }
    }

    @Override
    public void eval(Node node) {
      Tensor dims = node.input(0);
      Tensor value = node.input(1);
      Tensor out = node.output(0);
      if (dynamic) {
        int[] shape = shape(node, dims);
        if (shape == null) {
          throw new InferenceException(node + ": dims " + dimsText(dims) + " " + badDims(dims));
        }
        node.resizeOutput(0, shape);
      }
      int from = out.offset();
      int to = from + out.numElements();
      switch (value.dataType()) {
        case FLOAT32 -> Arrays.fill(out.floats(), from, to, value.floats()[value.offset()]);
        case INT32 -> Arrays.fill(out.ints(), from, to, value.ints()[value.offset()]);
        case INT64 -> Arrays.fill(out.longs(), from, to, value.longs()[value.offset()]);
        case INT16, FLOAT16 -> Arrays.fill(out.shorts(), from, to, value.shorts()[value.offset()]);
        case BOOL -> Arrays.fill(out.bytes(), from, to,
            (byte) (value.bytes()[value.offset()] != 0 ? 1 : 0));
        default -> Arrays.fill(out.bytes(), from, to, value.bytes()[value.offset()]);
      }
    }

    /** The output shape, or null when a dimension is negative or the size is too large. */
    private static int[] shape(Node node, Tensor dims) {
      int rank = dims.numElements();
      int[] shape = new int[rank];
      long elements = 1;
      for (int i = 0; i < rank; i++) {
        long d = dims.dataType() == DataType.INT32 ? dims.ints()[dims.offset() + i]
            : dims.longs()[dims.offset() + i];
        if (d < 0 || d > Integer.MAX_VALUE) {
          return null;
        }
        shape[i] = (int) d;
        elements = Math.min(elements * d, 1L << 40);
      }
      if (elements * node.output(0).dataType().byteSize() > Integer.MAX_VALUE) {
        return null;
      }
      return shape;
    }

    private static String dimsText(Tensor dims) {
      return dims.dataType() == DataType.INT32
          ? Arrays.toString(Arrays.copyOfRange(dims.ints(), dims.offset(),
              dims.offset() + dims.numElements()))
          : Arrays.toString(Arrays.copyOfRange(dims.longs(), dims.offset(),
              dims.offset() + dims.numElements()));
    }

    private static String badDims(Tensor dims) {
      for (int i = 0; i < dims.numElements(); i++) {
        long d = dims.dataType() == DataType.INT32 ? dims.ints()[dims.offset() + i]
            : dims.longs()[dims.offset() + i];
        if (d < 0) {
          return "must not be negative";
        }
      }
      return "give a tensor larger than 2 GiB";
    }
  }

  /** ZEROS_LIKE: zeros of the input's shape and type. */
  static final class ZerosLike implements Kernel {
    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      Tensor in = node.input(0);
      node.checkType(in, "input", DataType.FLOAT32, DataType.INT32, DataType.INT64);
      node.checkType(node.output(0), "output", in.dataType());
      node.resizeOutput(0, in.shape());
    }

    @Override
    public void eval(Node node) {
      Tensor out = node.output(0);
      int from = out.offset();
      int to = from + out.numElements();
      switch (out.dataType()) {
        case FLOAT32 -> Arrays.fill(out.floats(), from, to, 0f);
        case INT32 -> Arrays.fill(out.ints(), from, to, 0);
        default -> Arrays.fill(out.longs(), from, to, 0L);
      }
    }
  }

  /**
   * RANGE: start, start + delta, ... up to but excluding limit. Like TFLite, elements are produced
   * by repeated addition of delta (which matters for float32), and start equal to limit gives an
   * empty output.
   */
  static final class Range implements Kernel {
    private boolean dynamic;

    @Override
    public void prepare(Node node) {
      node.checkArity(3, 3, 1);
      Tensor start = node.input(0);
      Tensor limit = node.input(1);
      Tensor delta = node.input(2);
      node.checkType(start, "start", DataType.INT32, DataType.INT64, DataType.FLOAT32);
      node.checkType(limit, "limit", start.dataType());
      node.checkType(delta, "delta", start.dataType());
      node.checkType(node.output(0), "output", start.dataType());
      for (int i = 0; i < 3; i++) {
        if (node.input(i).numDimensions() != 0) {
          throw node.invalid(new String[] {"start", "limit", "delta"}[i] + " must be a scalar,"
              + " has shape " + Arrays.toString(node.input(i).shape()));
        }
      }
      dynamic = !(start.isConstant() && limit.isConstant() && delta.isConstant());
      if (dynamic) {
        node.markOutputDynamic(0);
      } else {
        String error = check(node);
        if (error != null) {
          throw node.invalid(error);
        }
        node.resizeOutput(0, size(node));
      }
    }

    @Override
    public void eval(Node node) {
      if (dynamic) {
        String error = check(node);
        if (error != null) {
          throw new InferenceException(node + ": " + error);
        }
        node.resizeOutput(0, size(node));
      }
      Tensor start = node.input(0);
      Tensor delta = node.input(2);
      Tensor out = node.output(0);
      int n = out.numElements();
      int o = out.offset();
      switch (out.dataType()) {
        case INT32 -> {
          int[] y = out.ints();
          int d = delta.ints()[delta.offset()];
          int v = start.ints()[start.offset()];
          for (int i = 0; i < n; i++, v += d) {
            y[o + i] = v;
          }
        }
        case INT64 -> {
          long[] y = out.longs();
          long d = delta.longs()[delta.offset()];
          long v = start.longs()[start.offset()];
          for (int i = 0; i < n; i++, v += d) {
            y[o + i] = v;
          }
        }
        default -> {
          float[] y = out.floats();
          float d = delta.floats()[delta.offset()];
          float v = start.floats()[start.offset()];
          for (int i = 0; i < n; i++, v += d) {
            y[o + i] = v;
          }
        }
      }
    }

    /** Why start, limit and delta form no range, or null when they do. */
    private static String check(Node node) {
      Tensor start = node.input(0);
      Tensor limit = node.input(1);
      Tensor delta = node.input(2);
      String values = "start " + text(start) + ", limit " + text(limit) + ", delta "
          + text(delta);
      int deltaSign;
      int order;
      if (start.dataType() == DataType.FLOAT32) {
        float s = start.floats()[start.offset()];
        float l = limit.floats()[limit.offset()];
        float d = delta.floats()[delta.offset()];
        // NaN fails every comparison, so it gives no range.
        deltaSign = d > 0 ? 1 : d < 0 ? -1 : 0;
        order = s < l ? 1 : s > l ? -1 : s == l ? 0 : 2;
      } else {
        deltaSign = Long.signum(integer(delta));
        order = Long.compare(integer(limit), integer(start));
      }
      if (deltaSign == 0) {
        return values + ": delta must not be 0";
      }
      if (order != 0 && order != deltaSign) {
        return values + ": delta's sign must lead from start to limit";
      }
      if (count(node) > Integer.MAX_VALUE / node.output(0).dataType().byteSize()) {
        return values + ": the output would exceed 2 GiB";
      }
      return null;
    }

    /**
     * The element count, as TFLite's GetSize: the ceiling of |limit - start| / |delta|, exact for
     * integers (whose difference may not fit the type) and from a float quotient for float32.
     * Called only with delta != 0.
     * Counts beyond 2^40 are reported as 2^40.
     */
    private static long count(Node node) {
      Tensor start = node.input(0);
      Tensor limit = node.input(1);
      Tensor delta = node.input(2);
      long huge = 1L << 40;
      if (start.dataType() == DataType.FLOAT32) {
        float q = Math.abs((limit.floats()[limit.offset()] - start.floats()[start.offset()])
            / delta.floats()[delta.offset()]);
        double size = Math.ceil(q);
        return size > huge ? huge : (long) size;
      }
      long start64 = integer(start);
      long limit64 = integer(limit);
      long delta64 = integer(delta);
      // |limit - start| and |delta| read as unsigned are exact for every pair of int64 values.
      long span = limit64 >= start64 ? limit64 - start64 : start64 - limit64;
      long step = delta64 < 0 ? -delta64 : delta64;
      long steps = Long.divideUnsigned(span, step)
          + (Long.remainderUnsigned(span, step) == 0 ? 0 : 1);
      return Long.compareUnsigned(steps, huge) > 0 ? huge : steps;
    }

    private static int size(Node node) {
      return (int) count(node);
    }

    private static long integer(Tensor t) {
      return t.dataType() == DataType.INT32 ? t.ints()[t.offset()] : t.longs()[t.offset()];
    }

    private static String text(Tensor t) {
      return t.dataType() == DataType.FLOAT32 ? String.valueOf(t.floats()[t.offset()])
          : String.valueOf(integer(t));
    }
  }
}
