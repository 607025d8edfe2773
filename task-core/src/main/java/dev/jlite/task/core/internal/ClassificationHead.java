package dev.jlite.task.core.internal;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.task.core.LabelMap;
import dev.jlite.task.core.ScoreCalibration;
import java.util.Optional;

/**
 * What the metadata of one classification output says: its name, labels (with display names in the
 * requested locale), default score threshold and score calibration.
 *
 * @param name the tensor's metadata name, empty if none
 * @param labels the labels, empty if the metadata has no {@code TENSOR_AXIS_LABELS} file
 * @param scoreThreshold the {@code ScoreThresholdingOptions} threshold, else 0
 * @param calibration the score calibration, if the metadata has one
 */
public record ClassificationHead(String name, Optional<LabelMap> labels, float scoreThreshold,
    Optional<ScoreCalibration> calibration) {

  /** A head for an output without metadata. */
  public static ClassificationHead empty() {
    return new ClassificationHead("", Optional.empty(), 0f, Optional.empty());
  }

  /**
   * Reads a head from an output tensor's metadata.
   *
   * @throws InvalidModelException if a file the metadata names is missing or malformed, or score
   *     calibration is given without labels or without its parameter file
   */
  public static ClassificationHead from(MetadataExtractor metadata, TensorMetadata tensor,
      String locale) {
    String name = tensor.name() == null ? "" : tensor.name();
    Optional<LabelMap> labels = MetadataFiles.labelMap(metadata, tensor,
        AssociatedFileType.TENSOR_AXIS_LABELS, locale);
    float threshold = MetadataFiles.scoreThreshold(tensor).orElse(0f);
    Optional<ScoreCalibration> calibration =
        MetadataFiles.scoreCalibration(metadata, tensor, labels);
    return new ClassificationHead(name, labels, threshold, calibration);
  }
}
