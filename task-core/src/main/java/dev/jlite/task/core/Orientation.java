package dev.jlite.task.core;

/**
 * How the pixels of an image are stored relative to the upright scene, as the EXIF orientation tag
 * says: the name tells where the stored image's first row and first column are in the upright
 * scene ({@code RIGHT_TOP}, EXIF 6, is what a phone held upright writes: turn the stored image a
 * quarter turn clockwise to see the scene).
 */
public enum Orientation {
  TOP_LEFT(1),
  TOP_RIGHT(2),
  BOTTOM_RIGHT(3),
  BOTTOM_LEFT(4),
  LEFT_TOP(5),
  RIGHT_TOP(6),
  RIGHT_BOTTOM(7),
  LEFT_BOTTOM(8);

  // The two groups of EXIF values that turn into one another by rotation alone, each in order of
  // quarter turns counter-clockwise; the groups correspond position by position up to a flip.
  private static final int[] EXIF_GROUPS = {1, 6, 3, 8, 2, 5, 4, 7};

  private final int exif;

  Orientation(int exif) {
    this.exif = exif;
  }

  /** The EXIF value, 1 to 8. */
  public int exifValue() {
    return exif;
  }

  /**
   * The orientation with the given EXIF value.
   *
   * @throws IllegalArgumentException if the value is not 1 to 8
   */
  public static Orientation fromExif(int value) {
    if (value < 1 || value > 8) {
      throw new IllegalArgumentException(
          "orientation " + value + " is not an EXIF orientation (1 to 8)");
    }
    return values()[value - 1];
  }

  /** Whether turning this orientation into {@code to} swaps width and height. */
  public boolean swapsDimensions(Orientation to) {
    int angle = transform(this, to)[0];
    return angle == 90 || angle == 270;
  }

  /**
   * The transform from an image stored in orientation {@code from} to the same image stored in
   * orientation {@code to}: {@code [angle, flip]}, a counter-clockwise rotation of 0, 90, 180 or
   * 270 degrees followed by no flip (0), a vertical flip (1) or a horizontal flip (2).
   */
  static int[] transform(Orientation from, Orientation to) {
    int fromIndex = groupIndex(from);
    int toIndex = groupIndex(to);
    boolean sameGroup = (fromIndex < 4) == (toIndex < 4);
    int angle = (4 - (fromIndex % 4 - toIndex % 4)) % 4 * 90;
    int flip = sameGroup ? 0 : (toIndex % 4 % 2 == 1 ? 1 : 2);
    return new int[] {angle, flip};
  }

  private static int groupIndex(Orientation o) {
    for (int i = 0; i < EXIF_GROUPS.length; i++) {
      if (EXIF_GROUPS[i] == o.exif) {
        return i;
      }
    }
    throw new AssertionError(o);
  }

  /**
   * Maps pixel {@code (x, y)} of an image of {@code width} x {@code height} stored in orientation
   * {@code this} to its position when the image is stored in orientation {@code to}; returns
   * {@code {x', y'}}.
   */
  public int[] mapPoint(int x, int y, int width, int height, Orientation to) {
    int[] t = transform(this, to);
    int tx = x;
    int ty = y;
    switch (t[0]) {
      case 90 -> {
        tx = y;
        ty = width - x - 1;
      }
      case 180 -> {
        tx = width - x - 1;
        ty = height - y - 1;
      }
      case 270 -> {
        tx = height - y - 1;
        ty = x;
      }
      default -> { }
    }
    boolean swap = t[0] == 90 || t[0] == 270;
    int toWidth = swap ? height : width;
    int toHeight = swap ? width : height;
    if (t[1] == 1) {
      ty = toHeight - ty - 1;
    } else if (t[1] == 2) {
      tx = toWidth - tx - 1;
    }
    return new int[] {tx, ty};
  }

  /**
   * Maps a point given as fractions of an image's width and height ({@code (0, 0)} the top-left
   * corner, {@code (1, 1)} the bottom-right one) from the image stored in orientation {@code this}
   * to the same point when the image is stored in orientation {@code to}; returns {@code {x', y'}}
   * as fractions of the new width and height.
   */
  public float[] mapFraction(float x, float y, Orientation to) {
    int[] t = transform(this, to);
    float tx = x;
    float ty = y;
    switch (t[0]) {
      case 90 -> {
        tx = y;
        ty = 1 - x;
      }
      case 180 -> {
        tx = 1 - x;
        ty = 1 - y;
      }
      case 270 -> {
        tx = 1 - y;
        ty = x;
      }
      default -> { }
    }
    if (t[1] == 1) {
      ty = 1 - ty;
    } else if (t[1] == 2) {
      tx = 1 - tx;
    }
    return new float[] {tx, ty};
  }

  /**
   * Maps a rectangle of an image of {@code width} x {@code height} stored in orientation {@code
   * this} to the same region when the image is stored in orientation {@code to}.
   */
  public Rect mapRect(Rect r, int width, int height, Orientation to) {
    int[] t = transform(this, to);
    int x = r.left();
    int y = r.top();
    int w = r.width();
    int h = r.height();
    int right = width - (r.left() + r.width());
    int bottom = height - (r.top() + r.height());
    switch (t[0]) {
      case 90 -> {
        x = r.top();
        y = right;
        w = r.height();
        h = r.width();
      }
      case 180 -> {
        x = right;
        y = bottom;
      }
      case 270 -> {
        x = bottom;
        y = r.left();
        w = r.height();
        h = r.width();
      }
      default -> { }
    }
    boolean swap = t[0] == 90 || t[0] == 270;
    int toWidth = swap ? height : width;
    int toHeight = swap ? width : height;
    if (t[1] == 1) {
      y = toHeight - (y + h);
    } else if (t[1] == 2) {
      x = toWidth - (x + w);
    }
    return Rect.of(x, y, w, h);
  }
}
