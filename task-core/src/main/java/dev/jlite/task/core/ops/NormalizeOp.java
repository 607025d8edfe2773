package dev.jlite.task.core.ops;

import dev.jlite.engine.DataType;
import dev.jlite.task.core.TensorBuffer;
import java.util.Arrays;

/**
 * {@code (x - mean) / std} per channel, giving FLOAT32. One mean and std apply to every value;
 * several apply channel by channel along the last axis, whose size must equal their count. Computed
 * as {@code (1 / std) * (x - mean)} in float, as TFLite's task library does.
 */
public class NormalizeOp implements TensorOperator {
  private final float[] mean;
  private final float[] inverseStd;

  public NormalizeOp(float mean, float std) {
    this(new float[] {mean}, new float[] {std});
  }

  /**
   * @throws IllegalArgumentException if the arrays are empty or of different lengths, or a std is
   *     0 (or too close to 0 to invert)
   */
  public NormalizeOp(float[] mean, float[] std) {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException("normalization needs as many means as stds (at least one),"
          + " got " + Arrays.toString(mean) + " and " + Arrays.toString(std));
    }
    this.mean = mean.clone();
    this.inverseStd = new float[std.length];
    for (int i = 0; i < std.length; i++) {
      if (Math.abs(std[i]) < Math.ulp(1f) || !Float.isFinite(std[i])) {
        throw new IllegalArgumentException(
            "normalization std must be a finite non-zero number, got " + Arrays.toString(std));
      }
      inverseStd[i] = 1f / std[i];
    }
  }

  /**
   * @throws IllegalArgumentException if several means are given and the last axis does not have
   *     that many values
   */
  @Override
  public TensorBuffer apply(TensorBuffer buffer) {
    int[] shape = buffer.shape();
    int channels = mean.length;
    if (channels > 1 && (shape.length == 0 || shape[shape.length - 1] != channels)) {
      throw new IllegalArgumentException("normalization has " + channels
          + " channels but the tensor's shape is " + Arrays.toString(shape));
    }
    float[] values = buffer.floatArray();
    for (int i = 0; i < values.length; i++) {
      int c = i % channels;
      values[i] = inverseStd[c] * (values[i] - mean[c]);
    }
    return TensorBuffer.of(DataType.FLOAT32, values, shape);
  }
}
