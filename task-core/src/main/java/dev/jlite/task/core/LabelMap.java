package dev.jlite.task.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The labels of a model's classes, index by index, with optional display names in one locale.
 * Labels and display names are empty strings where a model gives none. Immutable.
 */
public final class LabelMap {
  private final List<String> labels;
  private final List<String> displayNames;

  private LabelMap(List<String> labels, List<String> displayNames) {
    this.labels = List.copyOf(labels);
    this.displayNames = List.copyOf(displayNames);
  }

  /** Labels without display names. */
  public static LabelMap of(List<String> labels) {
    return new LabelMap(labels, emptyStrings(labels.size()));
  }

  /** {@code size} classes without labels. */
  public static LabelMap unlabelled(int size) {
    return new LabelMap(emptyStrings(size), emptyStrings(size));
  }

  private static List<String> emptyStrings(int size) {
    String[] empty = new String[size];
    Arrays.fill(empty, "");
    return Arrays.asList(empty);
  }

  /**
   * Parses a label file and an optional display-name file (null for none) as TFLite does: one entry
   * per line, split at {@code '\n'} only, a final empty line ignored.
   *
   * @throws IllegalArgumentException if the label file is empty, or the display-name file has a
   *     different number of entries
   */
  public static LabelMap parse(String labelFile, String displayNameFile) {
    Objects.requireNonNull(labelFile, "labelFile");
    if (labelFile.isEmpty()) {
      throw new IllegalArgumentException("the label file is empty");
    }
    List<String> labels = lines(labelFile);
    if (displayNameFile == null || displayNameFile.isEmpty()) {
      return of(labels);
    }
    List<String> displayNames = lines(displayNameFile);
    if (displayNames.size() != labels.size()) {
      throw new IllegalArgumentException("the label file has " + labels.size()
          + " entries but the display-name file has " + displayNames.size());
    }
    return new LabelMap(labels, displayNames);
  }

  private static List<String> lines(String file) {
    List<String> lines = new ArrayList<>(Arrays.asList(file.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  public int size() {
    return labels.size();
  }

  /** Whether at least one class has a non-empty label. */
  public boolean hasLabels() {
    return labels.stream().anyMatch(l -> !l.isEmpty());
  }

  public String label(int index) {
    return labels.get(index);
  }

  public String displayName(int index) {
    return displayNames.get(index);
  }

  public List<String> labels() {
    return labels;
  }
}
