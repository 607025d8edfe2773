package dev.jlite.task.core.ops;

import dev.jlite.task.core.ResizeMethod;
import dev.jlite.task.core.TensorImage;
import java.util.Objects;

/** Resizes an image to a fixed size; see {@link TensorImage#resize} for the sampling. */
public final class ResizeOp implements ImageOperator {
  private final int height;
  private final int width;
  private final ResizeMethod method;

  /**
   * @throws IllegalArgumentException if a size is not positive
   */
  public ResizeOp(int height, int width, ResizeMethod method) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "resize target must be positive, got " + width + "x" + height);
    }
    this.height = height;
    this.width = width;
    this.method = Objects.requireNonNull(method, "method");
  }

  @Override
  public TensorImage apply(TensorImage image) {
    return image.resize(width, height, method);
  }

  @Override
  public String toString() {
    return "ResizeOp(" + width + "x" + height + ", " + method + ")";
  }
}
