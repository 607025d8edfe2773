package dev.jlite.task.vision;

import java.util.List;
import java.util.Objects;

/**
 * The result of an {@link ImageSegmenter}: masks at the model's output resolution, in the
 * orientation of the image as given (width and height swap for EXIF orientations 5 to 8), row by
 * row. A category mask holds one class index per pixel; confidence masks hold one score per pixel
 * and class. The colored labels say which class each index is and how to draw it.
 */
public final class Segmentation {
  /** Which masks a segmenter returns. */
  public enum OutputType {
    /** One class index per pixel (the default). */
    CATEGORY_MASK,
    /** One score per pixel for every class. */
    CONFIDENCE_MASK
  }

  private final OutputType outputType;
  private final int width;
  private final int height;
  private final int[] categoryMask;
  private final List<float[]> confidenceMasks;
  private final List<ColoredLabel> coloredLabels;

  Segmentation(OutputType outputType, int width, int height, int[] categoryMask,
      List<float[]> confidenceMasks, List<ColoredLabel> coloredLabels) {
    this.outputType = outputType;
    this.width = width;
    this.height = height;
    this.categoryMask = categoryMask;
    this.confidenceMasks = List.copyOf(confidenceMasks);
    this.coloredLabels = List.copyOf(coloredLabels);
  }

  public OutputType outputType() {
    return outputType;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /**
   * The class index of every pixel, row-major; a copy.
   *
   * @throws IllegalStateException if the segmenter returned confidence masks
   */
  public int[] categoryMask() {
    if (categoryMask == null) {
      throw new IllegalStateException("this segmentation has confidence masks, not a category mask;"
          + " set OutputType.CATEGORY_MASK");
    }
    return categoryMask.clone();
  }

  /**
   * The score of class {@code index} at every pixel, row-major; a copy.
   *
   * @throws IllegalStateException if the segmenter returned a category mask
   */
  public float[] confidenceMask(int index) {
    if (outputType != OutputType.CONFIDENCE_MASK) {
      throw new IllegalStateException("this segmentation has a category mask, not confidence"
          + " masks; set OutputType.CONFIDENCE_MASK");
    }
    Objects.checkIndex(index, confidenceMasks.size());
    return confidenceMasks.get(index).clone();
  }

  /** One entry per class of the model, by class index. */
  public List<ColoredLabel> coloredLabels() {
    return coloredLabels;
  }
}
