package dev.jlite.task.core;

import java.util.Objects;

/**
 * One class of a classification result: its index in the model's output, its label (from the
 * model's label file; empty if the model has none), its display name in the requested locale (empty
 * if none) and its score.
 */
public final class Category {
  private final int index;
  private final String label;
  private final String displayName;
  private final float score;

  private Category(int index, String label, String displayName, float score) {
    this.index = index;
    this.label = Objects.requireNonNull(label, "label");
    this.displayName = Objects.requireNonNull(displayName, "displayName");
    this.score = score;
  }

  public static Category create(int index, String label, String displayName, float score) {
    return new Category(index, label, displayName, score);
  }

  public int index() {
    return index;
  }

  public String label() {
    return label;
  }

  public String displayName() {
    return displayName;
  }

  public float score() {
    return score;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Category c && c.index == index && c.label.equals(label)
        && c.displayName.equals(displayName) && Float.compare(c.score, score) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, label, displayName, score);
  }

  @Override
  public String toString() {
    return "Category{index=" + index + ", label=" + label + ", displayName=" + displayName
        + ", score=" + score + "}";
  }
}
