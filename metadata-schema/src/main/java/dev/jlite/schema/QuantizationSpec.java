package dev.jlite.schema;

import java.util.Arrays;

/**
 * The quantization parameters of one tensor, as {@link ModelBuilder} writes them into the
 * {@code QuantizationParameters} table: {@code real = scale * (quantized - zero_point)}.
 *
 * <p>Per-tensor quantization has one scale and one zero point; per-channel quantization has one of
 * each per slice along {@code quantized_dimension}. The lengths are not checked against each other or
 * against the tensor's shape, so that tests can write inconsistent parameters on purpose.
 *
 * <p>Instances are immutable; the arrays are copied in and out.
 */
public final class QuantizationSpec {
  private final float[] scale;
  private final long[] zeroPoint;
  private final int quantizedDimension;
  private final float[] min;
  private final float[] max;

  private QuantizationSpec(Builder builder) {
    this.scale = builder.scale;
    this.zeroPoint = builder.zeroPoint;
    this.quantizedDimension = builder.quantizedDimension;
    this.min = builder.min;
    this.max = builder.max;
  }

  /** One scale and zero point for the whole tensor. */
  public static QuantizationSpec perTensor(float scale, long zeroPoint) {
    return builder().scale(scale).zeroPoint(zeroPoint).build();
  }

  /** One scale and zero point per slice of {@code quantizedDimension}. */
  public static QuantizationSpec perChannel(float[] scales, long[] zeroPoints, int quantizedDimension) {
    return builder().scale(scales).zeroPoint(zeroPoints).quantizedDimension(quantizedDimension).build();
  }

  /** A builder with no fields set; absent vectors are not written. */
  public static Builder builder() {
    return new Builder();
  }

  /** The scales, or {@code null} if not written. */
  public float[] scale() {
    return scale == null ? null : scale.clone();
  }

  /** The zero points, or {@code null} if not written. */
  public long[] zeroPoint() {
    return zeroPoint == null ? null : zeroPoint.clone();
  }

  /** The dimension the per-channel parameters run along; 0 for per-tensor quantization. */
  public int quantizedDimension() {
    return quantizedDimension;
  }

  /** The recorded minimum values, or {@code null} if not written. */
  public float[] min() {
    return min == null ? null : min.clone();
  }

  /** The recorded maximum values, or {@code null} if not written. */
  public float[] max() {
    return max == null ? null : max.clone();
  }

  @Override
  public String toString() {
    return "QuantizationSpec[scale=" + Arrays.toString(scale) + ", zeroPoint=" + Arrays.toString(zeroPoint)
        + ", quantizedDimension=" + quantizedDimension + ", min=" + Arrays.toString(min) + ", max="
        + Arrays.toString(max) + "]";
  }

  /** Collects the fields of a {@link QuantizationSpec}. */
  public static final class Builder {
    private float[] scale;
    private long[] zeroPoint;
    private int quantizedDimension;
    private float[] min;
    private float[] max;

    private Builder() {}

    public Builder scale(float... scale) {
      this.scale = Checks.notNull(scale, "scale").clone();
      return this;
    }

    public Builder zeroPoint(long... zeroPoint) {
      this.zeroPoint = Checks.notNull(zeroPoint, "zeroPoint").clone();
      return this;
    }

    /** Any value, also negative or out of the tensor's rank, is written as given. */
    public Builder quantizedDimension(int quantizedDimension) {
      this.quantizedDimension = quantizedDimension;
      return this;
    }

    public Builder min(float... min) {
      this.min = Checks.notNull(min, "min").clone();
      return this;
    }

    public Builder max(float... max) {
      this.max = Checks.notNull(max, "max").clone();
      return this;
    }

    public QuantizationSpec build() {
      return new QuantizationSpec(this);
    }
  }
}
