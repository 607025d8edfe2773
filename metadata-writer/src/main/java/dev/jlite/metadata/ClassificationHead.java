package dev.jlite.metadata;

import java.util.List;
import java.util.Objects;

/**
 * One classification output of a multi-head model: its metadata name and description, label
 * files, optional score calibration, and the model tensor it describes ({@code null} to take the
 * outputs in model order).
 */
public record ClassificationHead(String name, String description, List<LabelFile> labels,
    ScoreCalibration calibration, String tensorName) {
  public ClassificationHead {
    labels = List.copyOf(Objects.requireNonNullElse(labels, List.of()));
  }
}
