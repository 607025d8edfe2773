package dev.jlite.task.core;

import java.util.List;
import java.util.Objects;

/**
 * The classes one classification head returned, best first. The head index is the index of its
 * output tensor; the head name is that tensor's name in the metadata (empty if none).
 */
public final class Classifications {
  private final int headIndex;
  private final String headName;
  private final List<Category> categories;

  private Classifications(int headIndex, String headName, List<Category> categories) {
    this.headIndex = headIndex;
    this.headName = Objects.requireNonNull(headName, "headName");
    this.categories = List.copyOf(categories);
  }

  public static Classifications create(int headIndex, String headName, List<Category> categories) {
    return new Classifications(headIndex, headName, categories);
  }

  public int headIndex() {
    return headIndex;
  }

  public String headName() {
    return headName;
  }

  /** The categories, highest score first. */
  public List<Category> categories() {
    return categories;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Classifications c && c.headIndex == headIndex
        && c.headName.equals(headName) && c.categories.equals(categories);
  }

  @Override
  public int hashCode() {
    return Objects.hash(headIndex, headName, categories);
  }

  @Override
  public String toString() {
    return "Classifications{headIndex=" + headIndex + ", headName=" + headName
        + ", categories=" + categories + "}";
  }
}
