package dev.jlite.task.core.ops;

/**
 * Real values to quantized values, {@code x / scale + zeroPoint}, still as FLOAT32 (follow with a
 * {@link CastOp} to store them as UINT8).
 */
public final class QuantizeOp extends NormalizeOp {
  public QuantizeOp(float zeroPoint, float scale) {
    super(-zeroPoint * scale, scale);
  }
}
