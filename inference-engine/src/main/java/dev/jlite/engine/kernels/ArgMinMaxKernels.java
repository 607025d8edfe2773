package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.ArgMaxOptions;
import dev.jlite.schema.model.ArgMinOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.TensorType;
import java.util.Arrays;

/**
 * ARG_MAX and ARG_MIN: the index of the largest (smallest) value along an axis, as int32 or int64,
 * for float32, int32, int64, uint8 (unsigned), int8 and bool inputs (not int16, which TFLite
 * refuses). Ties go to the first index and NaN never wins past index 0, as TFLite's strict
 * comparison.
 */
final class ArgMinMaxKernels {
  private ArgMinMaxKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.ARG_MAX, () -> new ArgMinMax(true));
    builder.addBuiltin(BuiltinOperator.ARG_MIN, () -> new ArgMinMax(false));
  }

  /** One ARG_MAX or ARG_MIN node. */
  static final class ArgMinMax extends ValueShapedKernel {
    private final boolean max;
    private int outer;
    private int axisSize;
    private int inner;

    ArgMinMax(boolean max) {
      super(1);
      this.max = max;
    }

    @Override
    void check(Node node) {
      node.checkArity(2, 2, 1);
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      // TFLite's ARG_MAX and ARG_MIN refuse int16 input in prepare.
      node.checkType(in, "input", DataType.FLOAT32, DataType.INT32, DataType.INT64,
          DataType.UINT8, DataType.INT8, DataType.BOOL);
      node.checkType(out, "output", DataType.INT32, DataType.INT64);
      Tensor axis = node.input(1);
      node.checkType(axis, "axis", DataType.INT32, DataType.INT64);
      if (axis.numElements() != 1) {
        throw node.invalid("axis must hold one value, has " + axis.numElements());
      }
      int outputType = out.dataType().code();
      if (max) {
        ArgMaxOptions o = node.options(new ArgMaxOptions(), BuiltinOptions.ArgMaxOptions);
        outputType = o == null ? outputType : o.outputType();
      } else {
        ArgMinOptions o = node.options(new ArgMinOptions(), BuiltinOptions.ArgMinOptions);
        outputType = o == null ? outputType : o.outputType();
      }
      if (outputType != out.dataType().code()) {
        throw node.invalid("output_type " + (outputType >= 0 && outputType < TensorType.names.length
            ? TensorType.names[outputType] : "code " + outputType) + " differs from the output "
            + "type " + out.dataType());
      }
    }

    @Override
    void configure(Node node) {
      int[] in = node.input(0).shape();
      int value = intValues(node, 1, "axis")[0];
      int axis = value < 0 ? value + in.length : value;
      if (axis < 0 || axis >= in.length) {
        throw fail(node, "axis " + value + " is out of range for input rank " + in.length);
      }
      outer = Shapes.flatSize(in, 0, axis);
      axisSize = in[axis];
      inner = Shapes.flatSize(in, axis + 1, in.length);
      if (axisSize == 0 && outer * (long) inner > 0) {
        throw fail(node, "axis " + value + " of input shape " + Arrays.toString(in)
            + " is empty");
      }
      int[] out = new int[in.length - 1];
      for (int i = 0, k = 0; i < in.length; i++) {
        if (i != axis) {
          out[k++] = in[i];
        }
      }
      resize(node, 0, out);
    }

    @Override
    void run(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      boolean wide = out.dataType() == DataType.INT64;
      int[] o32 = wide ? null : out.ints();
      long[] o64 = wide ? out.longs() : null;
      for (int o = 0, r = out.offset(); o < outer; o++) {
        for (int i = 0; i < inner; i++, r++) {
          int start = in.offset() + o * axisSize * inner + i;
          int best = switch (in.dataType()) {
            case FLOAT32 -> best(in.floats(), start);
            case INT32 -> best(in.ints(), start);
            case INT64 -> best(in.longs(), start);
            case UINT8 -> bestUnsigned(in.bytes(), start);
            default -> best(in.bytes(), start);
          };
          if (wide) {
            o64[r] = best;
          } else {
            o32[r] = best;
          }
        }
      }
    }

    private int best(float[] a, int p) {
      int best = 0;
      float value = a[p];
      for (int k = 1; k < axisSize; k++) {
        float v = a[p + k * inner];
        if (max ? v > value : v < value) {
          value = v;
          best = k;
        }
      }
      return best;
    }

    private int best(int[] a, int p) {
      int best = 0;
      int value = a[p];
      for (int k = 1; k < axisSize; k++) {
        int v = a[p + k * inner];
        if (max ? v > value : v < value) {
          value = v;
          best = k;
        }
      }
      return best;
    }

    private int best(long[] a, int p) {
      int best = 0;
      long value = a[p];
      for (int k = 1; k < axisSize; k++) {
        long v = a[p + k * inner];
        if (max ? v > value : v < value) {
          value = v;
          best = k;
        }
      }
      return best;
    }

    /** Signed bytes (INT8) and BOOL, whose values 0 and 1 compare alike either way. */
    private int best(byte[] a, int p) {
      int best = 0;
      int value = a[p];
      for (int k = 1; k < axisSize; k++) {
        int v = a[p + k * inner];
        if (max ? v > value : v < value) {
          value = v;
          best = k;
        }
      }
      return best;
    }

    private int bestUnsigned(byte[] a, int p) {
      int best = 0;
      int value = a[p] & 0xff;
      for (int k = 1; k < axisSize; k++) {
        int v = a[p + k * inner] & 0xff;
        if (max ? v > value : v < value) {
          value = v;
          best = k;
        }
      }
      return best;
    }
  }
}
