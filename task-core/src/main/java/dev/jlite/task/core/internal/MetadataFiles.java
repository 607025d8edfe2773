package dev.jlite.task.core.internal;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.metadata.AssociatedFile;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.schema.metadata.ProcessUnit;
import dev.jlite.schema.metadata.ProcessUnitOptions;
import dev.jlite.schema.metadata.ScoreCalibrationOptions;
import dev.jlite.schema.metadata.ScoreThresholdingOptions;
import dev.jlite.schema.metadata.ScoreTransformationType;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.task.core.LabelMap;
import dev.jlite.task.core.ScoreCalibration;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Lookups in tensor metadata that every task makes, with TFLite's rules. */
public final class MetadataFiles {
  private MetadataFiles() {}

  /**
   * The name of the first associated file of the given type; with a locale, the first whose locale
   * equals it. Empty if there is none.
   */
  public static Optional<String> firstFile(TensorMetadata tensor, byte type, String locale) {
    for (int i = 0; i < tensor.associatedFilesLength(); i++) {
      AssociatedFile file = tensor.associatedFiles(i);
      if (file.type() != type || file.name() == null) {
        continue;
      }
      if (locale == null || locale.equals(file.locale())) {
        return Optional.of(file.name());
      }
    }
    return Optional.empty();
  }

  /**
   * The process unit with options of the given type, if any.
   *
   * @throws InvalidModelException if the tensor has several
   */
  public static Optional<ProcessUnit> processUnit(TensorMetadata tensor, byte optionsType) {
    ProcessUnit found = null;
    for (int i = 0; i < tensor.processUnitsLength(); i++) {
      ProcessUnit unit = tensor.processUnits(i);
      if (unit.optionsType() == optionsType) {
        if (found != null) {
          throw new InvalidModelException("the metadata of tensor '" + tensor.name()
              + "' has several process units of the same type (" + optionsType + ")");
        }
        found = unit;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The label map of a tensor from its first associated file of the given type (TENSOR_AXIS_LABELS
   * or TENSOR_VALUE_LABELS), with display names from the first of that type whose locale is {@code
   * locale}; empty if the tensor has no such file.
   *
   * @throws InvalidModelException if a named file is missing or malformed
   */
  public static Optional<LabelMap> labelMap(MetadataExtractor metadata, TensorMetadata tensor,
      byte type, String locale) {
    Optional<String> labelFile = firstFile(tensor, type, null);
    if (labelFile.isEmpty()) {
      return Optional.empty();
    }
    String displayNames = firstFile(tensor, type, locale).map(f -> text(metadata, f)).orElse(null);
    try {
      return Optional.of(LabelMap.parse(text(metadata, labelFile.get()), displayNames));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException("labels of tensor '" + tensor.name() + "': "
          + e.getMessage(), e);
    }
  }

  /** The {@code ScoreThresholdingOptions} threshold of a tensor, if it has one. */
  public static Optional<Float> scoreThreshold(TensorMetadata tensor) {
    return processUnit(tensor, ProcessUnitOptions.ScoreThresholdingOptions)
        .map(u -> ((ScoreThresholdingOptions) u.options(new ScoreThresholdingOptions()))
            .globalScoreThreshold());
  }

  /**
   * The score calibration of a tensor, if its metadata has {@code ScoreCalibrationOptions}.
   *
   * @param labels the labels the calibration lines belong to
   * @throws InvalidModelException if the calibration has no labels, no {@code
   *     TENSOR_AXIS_SCORE_CALIBRATION} file, or a malformed one
   */
  public static Optional<ScoreCalibration> scoreCalibration(MetadataExtractor metadata,
      TensorMetadata tensor, Optional<LabelMap> labels) {
    Optional<ProcessUnit> unit =
        processUnit(tensor, ProcessUnitOptions.ScoreCalibrationOptions);
    if (unit.isEmpty()) {
      return Optional.empty();
    }
    String name = tensor.name();
    if (labels.isEmpty()) {
      throw new InvalidModelException("tensor '" + name + "' has ScoreCalibrationOptions but no"
          + " label file, which score calibration needs");
    }
    String file = firstFile(tensor, AssociatedFileType.TENSOR_AXIS_SCORE_CALIBRATION, null)
        .orElseThrow(() -> new InvalidModelException("tensor '" + name + "' has"
            + " ScoreCalibrationOptions but no TENSOR_AXIS_SCORE_CALIBRATION file"));
    ScoreCalibrationOptions options =
        (ScoreCalibrationOptions) unit.get().options(new ScoreCalibrationOptions());
    ScoreCalibration.Transformation transformation = switch (options.scoreTransformation()) {
      case ScoreTransformationType.IDENTITY -> ScoreCalibration.Transformation.IDENTITY;
      case ScoreTransformationType.LOG -> ScoreCalibration.Transformation.LOG;
      case ScoreTransformationType.INVERSE_LOGISTIC ->
          ScoreCalibration.Transformation.INVERSE_LOGISTIC;
      default -> throw new InvalidModelException("tensor '" + name
          + "' has an unknown score transformation " + options.scoreTransformation());
    };
    try {
      return Optional.of(ScoreCalibration.parse(transformation, options.defaultScore(),
          text(metadata, file), labels.get()));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException("score calibration of tensor '" + name + "': "
          + e.getMessage(), e);
    }
  }

  /**
   * An associated file as UTF-8 text.
   *
   * @throws InvalidModelException if the model's archive has no file of that name
   */
  public static String text(MetadataExtractor metadata, String name) {
    ByteBuffer file = metadata.associatedFile(name).orElseThrow(() -> new InvalidModelException(
        "the metadata names associated file '" + name + "' but the model does not contain it"));
    byte[] bytes = new byte[file.remaining()];
    file.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
