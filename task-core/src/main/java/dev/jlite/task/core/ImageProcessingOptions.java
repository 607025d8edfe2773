package dev.jlite.task.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Which part of an image a vision task looks at and how the image is oriented. The region of
 * interest is in pixels of the image as stored (before orientation); without one the task uses the
 * whole image. The orientation says how the stored pixels relate to the upright scene (default
 * {@link Orientation#TOP_LEFT}, stored upright). Immutable.
 */
public final class ImageProcessingOptions {
  /** The whole image, stored upright. */
  public static final ImageProcessingOptions DEFAULT = builder().build();

  private final Rect roi;
  private final Orientation orientation;

  private ImageProcessingOptions(Builder b) {
    this.roi = b.roi;
    this.orientation = b.orientation;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The region of interest; empty means the whole image. */
  public Optional<Rect> roi() {
    return Optional.ofNullable(roi);
  }

  public Orientation orientation() {
    return orientation;
  }

  /**
   * The region of interest checked against an image, or the whole image if none was set.
   *
   * @throws InvalidInputException if the region is empty or not inside the image
   */
  public Rect roiWithin(int imageWidth, int imageHeight) {
    if (roi == null) {
      return Rect.of(0, 0, imageWidth, imageHeight);
    }
    if (roi.width() == 0 || roi.height() == 0) {
      throw new InvalidInputException("region of interest " + describe(roi)
          + " has zero area");
    }
    if (!roi.isInside(imageWidth, imageHeight)) {
      throw new InvalidInputException("region of interest " + describe(roi)
          + " is not inside the " + imageWidth + "x" + imageHeight + " image");
    }
    return roi;
  }

  private static String describe(Rect r) {
    return "(left " + r.left() + ", top " + r.top() + ", " + r.width() + "x" + r.height() + ")";
  }

  /** Builds {@link ImageProcessingOptions}. */
  public static final class Builder {
    private Rect roi;
    private Orientation orientation = Orientation.TOP_LEFT;

    private Builder() {}

    public Builder setRoi(Rect roi) {
      this.roi = roi;
      return this;
    }

    public Builder setOrientation(Orientation orientation) {
      this.orientation = Objects.requireNonNull(orientation, "orientation");
      return this;
    }

    public ImageProcessingOptions build() {
      return new ImageProcessingOptions(this);
    }
  }
}
