package dev.jlite.task.vision;

import dev.jlite.task.core.Category;
import dev.jlite.task.core.Rect;
import java.util.List;
import java.util.Objects;

/**
 * One detected object: its bounding box in pixels of the image as given (stored orientation, whole
 * image, not the region of interest) and its categories, best first (one for SSD models).
 */
public final class Detection {
  private final Rect boundingBox;
  private final List<Category> categories;

  private Detection(Rect boundingBox, List<Category> categories) {
    this.boundingBox = Objects.requireNonNull(boundingBox, "boundingBox");
    this.categories = List.copyOf(categories);
  }

  public static Detection create(Rect boundingBox, List<Category> categories) {
    return new Detection(boundingBox, categories);
  }

  public Rect boundingBox() {
    return boundingBox;
  }

  public List<Category> categories() {
    return categories;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Detection d && d.boundingBox.equals(boundingBox)
        && d.categories.equals(categories);
  }

  @Override
  public int hashCode() {
    return Objects.hash(boundingBox, categories);
  }

  @Override
  public String toString() {
    return "Detection{boundingBox=" + boundingBox + ", categories=" + categories + "}";
  }
}
