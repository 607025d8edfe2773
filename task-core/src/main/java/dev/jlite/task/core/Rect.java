package dev.jlite.task.core;

/**
 * An axis-aligned rectangle in pixels: a region of interest or a bounding box. {@code left} and
 * {@code top} are the coordinates of its top-left pixel.
 */
public final class Rect {
  private final int left;
  private final int top;
  private final int width;
  private final int height;

  private Rect(int left, int top, int width, int height) {
    this.left = left;
    this.top = top;
    this.width = width;
    this.height = height;
  }

  /**
   * A rectangle; it may lie partly outside an image (tasks check regions of interest against the
   * image they are used with).
   *
   * @throws IllegalArgumentException if the width or height is negative
   */
  public static Rect of(int left, int top, int width, int height) {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException(
          "rectangle width and height must not be negative, got " + width + "x" + height);
    }
    return new Rect(left, top, width, height);
  }

  public int left() {
    return left;
  }

  public int top() {
    return top;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Whether the rectangle has at least one pixel and lies inside an image of the given size. */
  public boolean isInside(int imageWidth, int imageHeight) {
    return width > 0 && height > 0 && left >= 0 && top >= 0
        && (long) left + width <= imageWidth && (long) top + height <= imageHeight;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rect r && r.left == left && r.top == top && r.width == width
        && r.height == height;
  }

  @Override
  public int hashCode() {
    return ((left * 31 + top) * 31 + width) * 31 + height;
  }

  @Override
  public String toString() {
    return "Rect{left=" + left + ", top=" + top + ", width=" + width + ", height=" + height + "}";
  }
}
