package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.QuantizationParams;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;

/**
 * QUANTIZE from float32 to uint8, int8 or int16, per tensor or per channel:
 * {@code q = clamp(round(x / scale) + zeroPoint)} with rounding half away from zero and the division
 * done in double, as the optimized AffineQuantize TFLite runs. Between quantized types (uint8 and
 * int8 to either, int16 to int8 or int16) it requantizes as TFLite's Requantize: {@code
 * clamp(MultiplyByQuantizedMultiplier(q - zeroIn, scaleIn / scaleOut) + zeroOut)}.
 */
final class QuantizeKernels {
  private QuantizeKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.QUANTIZE, Quantize::new);
  }

  static final class Quantize implements Kernel {
    private float[] scales;
    private int[] zeroPoints;
    private int channelStride;
    private int channels;
    private int min;
    private int max;
    private boolean requantize;
    private int inputZeroPoint;
    private FixedPoint.Multiplier multiplier;

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      node.checkType(in, "input", DataType.FLOAT32, DataType.UINT8, DataType.INT8,
          DataType.INT16);
      requantize = in.dataType() != DataType.FLOAT32;
      if (in.dataType() == DataType.INT16) {
        node.checkType(out, "output", DataType.INT8, DataType.INT16);
      } else if (requantize) {
        node.checkType(out, "output", DataType.UINT8, DataType.INT8);
      } else {
        node.checkType(out, "output", DataType.UINT8, DataType.INT8, DataType.INT16);
      }
      QuantizationParams q = out.quantizationParams();
      if (!q.isQuantized()) {
        throw node.invalid("output tensor " + out.index() + " has no quantization parameters");
      }
      if (requantize) {
        prepareRequantize(node, in, out);
      }
      scales = q.scales();
      zeroPoints = q.zeroPoints();
      for (float s : scales) {
        if (!(s > 0) || Float.isInfinite(s)) {
          throw node.invalid("output scale " + s + " is not a positive finite number");
        }
      }
      switch (out.dataType()) {
        case UINT8 -> {
          min = 0;
          max = 255;
        }
        case INT8 -> {
          min = -128;
          max = 127;
        }
        default -> {
          min = Short.MIN_VALUE;
          max = Short.MAX_VALUE;
        }
      }
      for (int zp : zeroPoints) {
        if (zp < min || zp > max) {
          throw node.invalid("output zero point " + zp + " is outside " + out.dataType()
              + " [" + min + ", " + max + "]");
        }
      }
      int[] shape = in.shape();
      channels = scales.length;
      if (channels > 1) {
        int dim = q.quantizedDimension();
        if (dim >= shape.length || shape[dim] != channels) {
          throw node.invalid(channels + " per-channel scales do not match dimension " + dim
              + " of the input");
        }
        channelStride = Shapes.flatSize(shape, dim + 1, shape.length);
      } else {
        channelStride = 1;
      }
      if (out.dataType() == DataType.INT16 && zeroPoints[0] != 0) {
        throw node.invalid("int16 output zero point must be 0, got " + zeroPoints[0]);
      }
      node.resizeOutput(0, shape);
    }

    private void prepareRequantize(Node node, Tensor in, Tensor out) {
      float inputScale = PerTensorQuantization.check(node, in, "input");
      float outputScale = PerTensorQuantization.check(node, out, "output");
      inputZeroPoint = in.quantizationParams().zeroPoint();
      if (in.dataType() == DataType.INT16 && inputZeroPoint != 0) {
        throw node.invalid("int16 input zero point must be 0, got " + inputZeroPoint);
      }
      multiplier = FixedPoint.quantizeMultiplier((double) inputScale / outputScale);
    }

    @Override
    public void eval(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      if (requantize) {
        requantize(in, out);
        return;
      }
      float[] x = in.floats();
      int ix = in.offset();
      int n = in.numElements();
      if (out.dataType() == DataType.INT16) {
        short[] y = out.shorts();
        int iy = out.offset();
        for (int i = 0; i < n; i++) {
          y[iy + i] = (short) quantize(x[ix + i], i);
        }
      } else {
        byte[] y = out.bytes();
        int iy = out.offset();
        for (int i = 0; i < n; i++) {
          y[iy + i] = (byte) quantize(x[ix + i], i);
        }
      }
    }

    private void requantize(Tensor in, Tensor out) {
      int n = in.numElements();
      int ix = in.offset();
      int iy = out.offset();
      if (in.dataType() == DataType.INT16) {
        short[] x = in.shorts();
        if (out.dataType() == DataType.INT16) {
          short[] y = out.shorts();
          for (int i = 0; i < n; i++) {
            y[iy + i] = (short) requantize(x[ix + i]);
          }
        } else {
          byte[] y = out.bytes();
          for (int i = 0; i < n; i++) {
            y[iy + i] = (byte) requantize(x[ix + i]);
          }
        }
        return;
      }
      byte[] x = in.bytes();
      byte[] y = out.bytes();
      int mask = in.dataType() == DataType.UINT8 ? 0xff : -1;
      for (int i = 0; i < n; i++) {
        y[iy + i] = (byte) requantize(x[ix + i] & mask);
      }
    }

    private int requantize(int q) {
      int r = FixedPoint.multiplyByQuantizedMultiplier(q - inputZeroPoint, multiplier.mantissa(),
          multiplier.shift()) + zeroPoints[0];
      return Math.max(min, Math.min(max, r));
    }

    private int quantize(float value, int index) {
      int c = channels == 1 ? 0 : (index / channelStride) % channels;
      int q = FixedPoint.toInt32AsX86(FixedPoint.round(value / (double) scales[c])) + zeroPoints[c];
      return Math.max(min, Math.min(max, q));
    }
  }
}
