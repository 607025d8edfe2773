package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.QuantizationParams;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import java.util.Arrays;

/**
 * DEQUANTIZE to float32: from float16 (exact widening, typically of constant weights) and from
 * quantized uint8, int8 and int16, per tensor or per channel: {@code real = scale[c] * (q -
 * zeroPoint[c])} with {@code c} the index along the quantized dimension.
 *
 * <p>A constant input is converted once, in prepare, and copied to the output at each run.
 * Per-channel int16 works like per-channel int8 (TFLite 2.19 rejects it at run time).
 */
final class DequantizeKernels {
  private DequantizeKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.DEQUANTIZE, Dequantize::new);
  }

  /** One DEQUANTIZE node. */
  static final class Dequantize implements Kernel {
    private float[] scales;
    private int[] zeroPoints;
    /** Product of the dimensions after the quantized one: elements per channel run. */
    private int inner;
    /** Converted constant input, or null when the input changes from run to run. */
    private float[] cached;

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      Tensor in = node.input(0);
      node.checkType(in, "input", DataType.FLOAT16, DataType.UINT8, DataType.INT8,
          DataType.INT16);
      node.checkType(node.output(0), "output", DataType.FLOAT32);
      int[] shape = in.shape();
      if (in.dataType() == DataType.FLOAT16) {
        scales = null;
      } else {
        QuantizationParams q = in.quantizationParams();
        if (!q.isQuantized()) {
          throw node.invalid(in.dataType() + " input (tensor " + in.index()
              + ") has no quantization parameters");
        }
        scales = q.scales();
        zeroPoints = q.zeroPoints();
        // The model loader checked the channels against the declared shape; a resized input is
        // checked here.
        if (q.isPerChannel()) {
          int axis = q.quantizedDimension();
          if (axis < 0 || axis >= shape.length) {
            throw node.invalid("quantized dimension " + axis + " is out of range for the input's"
                + " shape " + Arrays.toString(shape));
          }
          if (shape[axis] != scales.length) {
            throw node.invalid("input has " + scales.length + " scales for dimension " + axis
                + " of size " + shape[axis]);
          }
          inner = Shapes.flatSize(shape, axis + 1, shape.length);
        } else {
          inner = Math.max(1, in.numElements());
        }
      }
      node.resizeOutput(0, shape);
      cached = null;
      if (in.isConstant()) {
        cached = new float[in.numElements()];
        convert(in, cached, 0);
      }
    }

    @Override
    public void eval(Node node) {
      Tensor out = node.output(0);
      if (cached != null) {
        System.arraycopy(cached, 0, out.floats(), out.offset(), cached.length);
      } else {
        convert(node.input(0), out.floats(), out.offset());
      }
    }

    private void convert(Tensor in, float[] y, int yo) {
      int n = in.numElements();
      int xo = in.offset();
      if (in.dataType() == DataType.FLOAT16) {
        short[] x = in.shorts();
        for (int i = 0; i < n; i++) {
          y[yo + i] = Float16.toFloat(x[xo + i]);
        }
        return;
      }
      // Runs of `inner` elements share a channel; channels repeat over the outer dimensions.
      for (int run = 0, at = 0; at < n; run++, at += inner) {
        int c = run % scales.length;
        float scale = scales[c];
        int zero = zeroPoints[c];
        int end = at + inner;
        switch (in.dataType()) {
          case INT16 -> {
            short[] x = in.shorts();
            for (int i = at; i < end; i++) {
              y[yo + i] = scale * (x[xo + i] - zero);
            }
          }
          case UINT8 -> {
            byte[] x = in.bytes();
            for (int i = at; i < end; i++) {
              y[yo + i] = scale * ((x[xo + i] & 0xff) - zero);
            }
          }
          default -> {
            byte[] x = in.bytes();
            for (int i = at; i < end; i++) {
              y[yo + i] = scale * (x[xo + i] - zero);
            }
          }
        }
      }
    }
  }
}
