package dev.jlite.task.core.ops;

import dev.jlite.task.core.Rect;
import dev.jlite.task.core.TensorImage;
import java.util.Objects;

/** Keeps a region of an image; the region must lie inside every image it is applied to. */
public final class CropOp implements ImageOperator {
  private final Rect region;

  public CropOp(Rect region) {
    this.region = Objects.requireNonNull(region, "region");
  }

  /**
   * @throws dev.jlite.task.core.InvalidInputException if the region is not inside the image
   */
  @Override
  public TensorImage apply(TensorImage image) {
    return image.crop(region);
  }

  @Override
  public String toString() {
    return "CropOp(" + region + ")";
  }
}
