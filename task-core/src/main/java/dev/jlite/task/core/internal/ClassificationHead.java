package dev.jlite.task.core.internal;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.schema.metadata.ProcessUnit;
import dev.jlite.schema.metadata.ProcessUnitOptions;
import dev.jlite.schema.metadata.ScoreCalibrationOptions;
import dev.jlite.schema.metadata.ScoreThresholdingOptions;
import dev.jlite.schema.metadata.ScoreTransformationType;
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
    Optional<String> labelFile =
        MetadataFiles.firstFile(tensor, AssociatedFileType.TENSOR_AXIS_LABELS, null);
    Optional<LabelMap> labels = Optional.empty();
    if (labelFile.isPresent()) {
      String displayNames = MetadataFiles
          .firstFile(tensor, AssociatedFileType.TENSOR_AXIS_LABELS, locale)
          .map(f -> MetadataFiles.text(metadata, f))
          .orElse(null);
      try {
        labels = Optional.of(
            LabelMap.parse(MetadataFiles.text(metadata, labelFile.get()), displayNames));
      } catch (IllegalArgumentException e) {
        throw new InvalidModelException("labels of output '" + name + "': " + e.getMessage(), e);
      }
    }
    float threshold = MetadataFiles
        .processUnit(tensor, ProcessUnitOptions.ScoreThresholdingOptions)
        .map(u -> ((ScoreThresholdingOptions) u.options(new ScoreThresholdingOptions()))
            .globalScoreThreshold())
        .orElse(0f);
    Optional<ProcessUnit> calibrationUnit =
        MetadataFiles.processUnit(tensor, ProcessUnitOptions.ScoreCalibrationOptions);
    Optional<ScoreCalibration> calibration = Optional.empty();
    if (calibrationUnit.isPresent()) {
      calibration = Optional.of(calibration(metadata, tensor, name, labels, calibrationUnit.get()));
    }
    return new ClassificationHead(name, labels, threshold, calibration);
  }

  private static ScoreCalibration calibration(MetadataExtractor metadata, TensorMetadata tensor,
      String name, Optional<LabelMap> labels, ProcessUnit unit) {
    if (labels.isEmpty()) {
      throw new InvalidModelException("output '" + name + "' has ScoreCalibrationOptions but no"
          + " TENSOR_AXIS_LABELS file, which score calibration needs");
    }
    String file = MetadataFiles
        .firstFile(tensor, AssociatedFileType.TENSOR_AXIS_SCORE_CALIBRATION, null)
        .orElseThrow(() -> new InvalidModelException("output '" + name + "' has"
            + " ScoreCalibrationOptions but no TENSOR_AXIS_SCORE_CALIBRATION file"));
    ScoreCalibrationOptions options =
        (ScoreCalibrationOptions) unit.options(new ScoreCalibrationOptions());
    ScoreCalibration.Transformation transformation = switch (options.scoreTransformation()) {
      case ScoreTransformationType.IDENTITY -> ScoreCalibration.Transformation.IDENTITY;
      case ScoreTransformationType.LOG -> ScoreCalibration.Transformation.LOG;
      case ScoreTransformationType.INVERSE_LOGISTIC ->
          ScoreCalibration.Transformation.INVERSE_LOGISTIC;
      default -> throw new InvalidModelException("output '" + name
          + "' has an unknown score transformation " + options.scoreTransformation());
    };
    try {
      return ScoreCalibration.parse(transformation, options.defaultScore(),
          MetadataFiles.text(metadata, file), labels.get());
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException("score calibration of output '" + name + "': "
          + e.getMessage(), e);
    }
  }
}
