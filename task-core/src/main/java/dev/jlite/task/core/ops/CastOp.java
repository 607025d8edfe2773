package dev.jlite.task.core.ops;

import dev.jlite.engine.DataType;
import dev.jlite.task.core.TensorBuffer;
import java.util.Objects;

/**
 * Converts values to FLOAT32 or UINT8; to UINT8, each value is clamped to [0, 255] and its fraction
 * dropped, as TFLite's support library does.
 */
public final class CastOp implements TensorOperator {
  private final DataType to;

  /**
   * @throws IllegalArgumentException for any type other than FLOAT32 and UINT8
   */
  public CastOp(DataType to) {
    Objects.requireNonNull(to, "to");
    if (to != DataType.FLOAT32 && to != DataType.UINT8) {
      throw new IllegalArgumentException("CastOp converts to FLOAT32 or UINT8, not " + to);
    }
    this.to = to;
  }

  @Override
  public TensorBuffer apply(TensorBuffer buffer) {
    if (buffer.dataType() == to) {
      return buffer;
    }
    return TensorBuffer.of(to, buffer.floatArray(), buffer.shape());
  }
}
