package dev.jlite.task.core.ops;

import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.TensorImage;
import java.util.Objects;

/**
 * Turns an image stored in a given EXIF orientation upright (rotation by quarter turns and, for
 * the mirrored orientations, a flip).
 */
public final class RotateOp implements ImageOperator {
  private final Orientation from;

  /** Makes images stored in orientation {@code from} upright. */
  public RotateOp(Orientation from) {
    this.from = Objects.requireNonNull(from, "from");
  }

  /**
   * Rotates by {@code quarterTurns} x 90 degrees counter-clockwise (negative: clockwise).
   */
  public static RotateOp counterClockwise(int quarterTurns) {
    // Making an image stored as LEFT_BOTTOM upright is one counter-clockwise quarter turn, and
    // so on.
    Orientation[] byTurns = {Orientation.TOP_LEFT, Orientation.LEFT_BOTTOM,
        Orientation.BOTTOM_RIGHT, Orientation.RIGHT_TOP};
    return new RotateOp(byTurns[Math.floorMod(quarterTurns, 4)]);
  }

  @Override
  public TensorImage apply(TensorImage image) {
    return image.orient(from, Orientation.TOP_LEFT);
  }

  @Override
  public String toString() {
    return "RotateOp(from " + from + ")";
  }
}
