package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.QuantizationParams;
import dev.jlite.engine.Tensor;
import java.util.Arrays;

/**
 * Dynamic-range ("hybrid") quantization as TFLite 2.19 does it: float32 activations meet int8
 * weights (symmetric, one scale or one per output channel). Each batch row of the activations is
 * quantized on the fly to int8, symmetrically ({@code SymmetricQuantizeFloats}: scale
 * {@code max|x| / 127}) or asymmetrically ({@code AsymmetricQuantizeFloats}: the row's range
 * widened to hold 0, split in 255 steps, with a nudged zero point); the integer dot products are
 * exact, and the float result is {@code dot * input_scale * weight_scale + bias}.
 *
 * <p>The kernels keep each quantized value minus its zero point, so padding and the zero-point
 * correction ({@code dot - zero_point * row_sum} in TFLite) come out of the same exact integer
 * sum.
 */
final class HybridQuantization {
  private static final int SYMMETRIC_MAX = 127;
  private static final int QMIN = -128;
  private static final int QMAX = 127;

  private HybridQuantization() {}

  /** Whether input 0 is float32 and input {@code weights} int8: the hybrid path of the op. */
  static boolean applies(Node node, int weights) {
    return node.inputCount() > weights && node.hasInput(0) && node.hasInput(weights)
        && node.input(0).dataType() == DataType.FLOAT32
        && node.input(weights).dataType() == DataType.INT8;
  }

  /**
   * Checks the int8 weights' quantization and returns their scales: one, or one per channel along
   * dimension {@code channelDim} (of size {@code channels}).
   */
  static float[] weightScales(Node node, Tensor weights, int channels, int channelDim) {
    QuantizationParams q = weights.quantizationParams();
    if (!q.isQuantized()) {
      throw node.invalid("int8 weights (tensor " + weights.index()
          + ") of a float op have no quantization parameters");
    }
    float[] scales = q.scales();
    for (float s : scales) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw node.invalid("weight scale " + s + " is not a positive finite number");
      }
    }
    for (int zp : q.zeroPoints()) {
      if (zp != 0) {
        throw node.invalid("int8 weight zero point " + zp + " must be 0 (symmetric)");
      }
    }
    if (scales.length > 1
        && (q.quantizedDimension() != channelDim || scales.length != channels)) {
      throw node.invalid("weights have " + scales.length + " scales along dimension "
          + q.quantizedDimension() + ", expected " + channels + " along dimension " + channelDim);
    }
    return scales;
  }

  /** The float activation tensors (input and output) of a hybrid node. */
  static void checkFloat(Node node, Tensor input, Tensor output, Tensor bias) {
    node.checkType(input, "input", DataType.FLOAT32);
    node.checkType(output, "output", DataType.FLOAT32);
    if (bias != null) {
      node.checkType(bias, "bias", DataType.FLOAT32);
    }
  }

  /** Copies the weights' int8 values (from the model, or from the arena) into {@code dst}. */
  static void read(Tensor weights, byte[] dst) {
    if (weights.isConstant()) {
      weights.constantData().get(dst);
    } else {
      System.arraycopy(weights.bytes(), weights.offset(), dst, 0, dst.length);
    }
  }

  /** The float values of an optional bias (zeros without one), read once. */
  static float[] bias(Tensor bias, int channels) {
    float[] values = new float[channels];
    if (bias != null && bias.isConstant()) {
      bias.constantData().asFloatBuffer().get(values);
    }
    return values;
  }

  /** Refreshes a non-constant bias before a run. */
  static void refreshBias(Tensor bias, float[] values) {
    if (bias != null && !bias.isConstant()) {
      System.arraycopy(bias.floats(), bias.offset(), values, 0, values.length);
    }
  }

  /**
   * TFLite's SymmetricQuantizeFloats: {@code q = clamp(round(x * 127 / range), -127, 127)} with
   * {@code range = max|x|}; writes {@code q} to {@code out} and returns the scale
   * {@code range / 127} (1 for an all-zero row).
   */
  static float symmetric(float[] x, int off, int n, int[] out, int outOff) {
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      float v = x[off + i];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    float range = n == 0 ? 0f : Math.max(Math.abs(lo), Math.abs(hi));
    if (range == 0) {
      Arrays.fill(out, outOff, outOff + n, 0);
      return 1f;
    }
    float inverse = SYMMETRIC_MAX / range;
    for (int i = 0; i < n; i++) {
      int q = (int) FixedPoint.round(x[off + i] * inverse);
      out[outOff + i] = Math.max(-SYMMETRIC_MAX, Math.min(SYMMETRIC_MAX, q));
    }
    return range / SYMMETRIC_MAX;
  }

  /**
   * TFLite's AsymmetricQuantizeFloats, with each value stored minus the zero point: the range
   * {@code [min(0, min x), max(0, max x)]} is split in 255 steps (in double), the zero point is
   * taken from the end with the smaller error and rounded, and {@code q = clamp(round(zp + x /
   * scale), -128, 127)} in float. Returns the scale (1 for an all-zero row, zero point 0).
   */
  static float asymmetric(float[] x, int off, int n, int[] out, int outOff) {
    return asymmetric(x, off, n, out, outOff, null, 0);
  }

  /** {@link #asymmetric(float[], int, int, int[], int)}, also storing the zero point. */
  static float asymmetric(float[] x, int off, int n, int[] out, int outOff, int[] zeroPoints,
      int zpIndex) {
    float lo = 0f;
    float hi = 0f;
    for (int i = 0; i < n; i++) {
      float v = x[off + i];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double rmin = lo;
    double rmax = hi;
    if (rmin == rmax) {
      Arrays.fill(out, outOff, outOff + n, 0);
      if (zeroPoints != null) {
        zeroPoints[zpIndex] = 0;
      }
      return 1f;
    }
    double scale = (rmax - rmin) / (QMAX - QMIN);
    double fromMin = QMIN - rmin / scale;
    double fromMax = QMAX - rmax / scale;
    double errorMin = Math.abs((double) QMIN) + Math.abs(rmin / scale);
    double errorMax = Math.abs((double) QMAX) + Math.abs(rmax / scale);
    double zeroPoint = errorMin < errorMax ? fromMin : fromMax;
    int zp;
    if (zeroPoint <= QMIN) {
      zp = QMIN;
    } else if (zeroPoint >= QMAX) {
      zp = QMAX;
    } else {
      zp = (int) FixedPoint.round(zeroPoint);
    }
    if (zeroPoints != null) {
      zeroPoints[zpIndex] = zp;
    }
    float factor = (float) scale;
    float inverse = 1f / factor;
    for (int i = 0; i < n; i++) {
      int q = (int) FixedPoint.round(zp + x[off + i] * inverse);
      out[outOff + i] = Math.max(QMIN, Math.min(QMAX, q)) - zp;
    }
    return factor;
  }

  /**
   * {@code acc[j] = sum_k row[r0 + k] * weights[k * units + u0 + j]} for {@code j < count}:
   * weights laid out {@code [depth][units]}, so each input value multiplies a contiguous run (a
   * loop HotSpot vectorizes); zero inputs (common after ReLU and in padding) are skipped.
   */
  static void dot(int[] row, int r0, int depth, int[] weights, int units, int u0, int count,
      int[] acc) {
    Arrays.fill(acc, 0, count, 0);
    for (int k = 0, w = u0; k < depth; k++, w += units) {
      int a = row[r0 + k];
      if (a == 0) {
        continue;
      }
      for (int j = 0; j < count; j++) {
        acc[j] += a * weights[w + j];
      }
    }
  }

  /** Widens int8 weights {@code [units][depth]} to {@code [depth][units]} ints for {@link #dot}. */
  static void transpose(byte[] raw, int units, int depth, int[] dst) {
    for (int u = 0; u < units; u++) {
      for (int k = 0; k < depth; k++) {
        dst[k * units + u] = raw[u * depth + k];
      }
    }
  }
}
