package dev.jlite.engine;

import java.util.Arrays;

/**
 * Affine quantization of a tensor: {@code real = scale * (q - zeroPoint)}, either one scale and zero
 * point for the whole tensor or one per slice along {@link #quantizedDimension()}.
 */
public final class QuantizationParams {
  static final QuantizationParams NONE = new QuantizationParams(new float[0], new int[0], 0);

  private final float[] scales;
  private final int[] zeroPoints;
  private final int quantizedDimension;

  QuantizationParams(float[] scales, int[] zeroPoints, int quantizedDimension) {
    this.scales = scales;
    this.zeroPoints = zeroPoints;
    this.quantizedDimension = quantizedDimension;
  }

  /** Whether the tensor carries quantization parameters at all. */
  public boolean isQuantized() {
    return scales.length > 0;
  }

  /** Whether there is one scale per slice along the quantized dimension. */
  public boolean isPerChannel() {
    return scales.length > 1;
  }

  /** The (first) scale, or 0 when not quantized. */
  public float scale() {
    return scales.length == 0 ? 0f : scales[0];
  }

  /** The (first) zero point, or 0 when not quantized. */
  public int zeroPoint() {
    return zeroPoints.length == 0 ? 0 : zeroPoints[0];
  }

  public float[] scales() {
    return scales.clone();
  }

  public int[] zeroPoints() {
    return zeroPoints.clone();
  }

  public int quantizedDimension() {
    return quantizedDimension;
  }

  /** Number of scales: 0 (not quantized), 1 (per tensor) or the channel count. */
  public int count() {
    return scales.length;
  }

  float scaleAt(int i) {
    return scales[i];
  }

  int zeroPointAt(int i) {
    return zeroPoints[i];
  }

  @Override
  public String toString() {
    if (!isQuantized()) {
      return "none";
    }
    if (!isPerChannel()) {
      return "scale=" + scale() + " zeroPoint=" + zeroPoint();
    }
    return scales.length + " channels along dimension " + quantizedDimension + ", scales "
        + Arrays.toString(Arrays.copyOf(scales, Math.min(4, scales.length))) + "…";
  }
}
