package dev.jlite.metadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Sigmoid score calibration for a classification output: the transformation, the default score
 * and the file of per-class parameters. {@link #of} validates the file as the official writer
 * does: each line is empty (the class uses the default score) or holds 3 ({@code scale, slope,
 * offset}) or 4 ({@code + min_score}) comma-separated numbers, with a non-negative scale.
 */
public final class ScoreCalibration {
  static final String FILE_DESCRIPTION = "Contains sigmoid-based score calibration parameters. The"
      + " main purposes of score calibration is to make scores across classes comparable, so that"
      + " a common threshold can be used for all output classes.";

  private final ScoreTransformationType transformation;
  private final float defaultScore;
  private final Path file;

  private ScoreCalibration(ScoreTransformationType transformation, float defaultScore,
      Path file) {
    this.transformation = transformation;
    this.defaultScore = defaultScore;
    this.file = file;
  }

  /** The function applied to scores before calibration. */
  public ScoreTransformationType transformation() {
    return transformation;
  }

  /** The score of classes without parameters. */
  public float defaultScore() {
    return defaultScore;
  }

  /** The file of per-class parameters. */
  public Path file() {
    return file;
  }

  /**
   * Score calibration from a validated file.
   *
   * @throws IOException if the file cannot be read
   * @throws MetadataException if a line is malformed; the message gives the file and line
   */
  public static ScoreCalibration of(ScoreTransformationType transformation, float defaultScore,
      Path file) throws IOException {
    java.util.Objects.requireNonNull(transformation, "transformation");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        continue;
      }
      String[] values = line.split(",", -1);
      String where = "score calibration file " + file + " line " + (i + 1);
      if (values.length != 3 && values.length != 4) {
        throw new MetadataException(where + ": Expected empty lines or 3 or 4 parameters per"
            + " line in score calibration file, but got " + values.length + ".");
      }
      for (String value : values) {
        try {
          Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
          throw new MetadataException(where + ": \"" + value + "\" is not a number");
        }
      }
      double scale = Double.parseDouble(values[0].strip());
      if (scale < 0) {
        throw new MetadataException(where + ": Expected scale to be a non-negative value, but"
            + " got " + scale + ".");
      }
    }
    return new ScoreCalibration(transformation, defaultScore, file);
  }

  ProcessUnit processUnit() {
    return new ProcessUnit(new ScoreCalibrationOptions(transformation, defaultScore));
  }

  AssociatedFile metadata() {
    return AssociatedFile.of(file.getFileName().toString(), FILE_DESCRIPTION,
        AssociatedFileType.TENSOR_AXIS_SCORE_CALIBRATION);
  }
}
