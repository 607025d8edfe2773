package dev.jlite.task.core.ops;

/** Quantized values to real values, {@code (q - zeroPoint) * scale}, as FLOAT32. */
public final class DequantizeOp extends NormalizeOp {
  public DequantizeOp(float zeroPoint, float scale) {
    super(zeroPoint, 1f / scale);
  }
}
