package dev.jlite.task.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-class sigmoid score calibration, as TFLite metadata's {@code ScoreCalibrationOptions} and
 * {@code TENSOR_AXIS_SCORE_CALIBRATION} file describe it. A class's line holds {@code scale, slope,
 * offset[, min_uncalibrated_score]}; its calibrated score is {@code scale * sigmoid(slope *
 * transform(score) + offset)}. Classes with an empty line, and scores below the class's minimum,
 * get the default score. Parameters are found by label, as TFLite does (for duplicate labels the
 * last line wins). Immutable.
 */
public final class ScoreCalibration {
  /** Applied to a raw score before the sigmoid. */
  public enum Transformation {
    IDENTITY,
    LOG,
    INVERSE_LOGISTIC
  }

  private static final float LOG_SCORE_MINIMUM = 1e-16f;

  private final Transformation transformation;
  private final float defaultScore;
  private final Map<String, float[]> sigmoids;

  private ScoreCalibration(Transformation transformation, float defaultScore,
      Map<String, float[]> sigmoids) {
    this.transformation = transformation;
    this.defaultScore = defaultScore;
    this.sigmoids = sigmoids;
  }

  /**
   * Parses a calibration file: one line per label, split at {@code '\n'}.
   *
   * @throws IllegalArgumentException if the file is empty, its line count differs from the label
   *     count, a line does not have 3 or 4 comma-separated numbers
   */
  public static ScoreCalibration parse(Transformation transformation, float defaultScore,
      String file, LabelMap labels) {
    Objects.requireNonNull(transformation, "transformation");
    if (file.isEmpty()) {
      throw new IllegalArgumentException("the score calibration file is empty");
    }
    String[] lines = file.split("\n", -1);
    int count = lines.length;
    // Tolerate the final newline most text files end with.
    if (count == labels.size() + 1 && lines[count - 1].isEmpty()) {
      count--;
    }
    if (count != labels.size()) {
      throw new IllegalArgumentException("the score calibration file has " + count
          + " lines but there are " + labels.size() + " labels");
    }
    Map<String, float[]> sigmoids = new HashMap<>();
    for (int i = 0; i < count; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      String[] parts = lines[i].split(",", -1);
      if (parts.length != 3 && parts.length != 4) {
        throw new IllegalArgumentException("score calibration line " + (i + 1) + " has "
            + parts.length + " values; expected scale,slope,offset[,min_uncalibrated_score]");
      }
      float[] params = new float[] {0, 0, 0, Float.NaN};
      for (int p = 0; p < parts.length; p++) {
        try {
          params[p] = Float.parseFloat(parts[p].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("score calibration line " + (i + 1)
              + ": \"" + parts[p] + "\" is not a number", e);
        }
      }
      sigmoids.put(labels.label(i), params);
    }
    return new ScoreCalibration(transformation, defaultScore, sigmoids);
  }

  /** The calibrated score of a class with this label. */
  public float calibrate(String label, float score) {
    float[] s = sigmoids.get(label);
    if (s == null || (!Float.isNaN(s[3]) && score < s[3])) {
      return defaultScore;
    }
    float scale = s[0];
    float slope = s[1];
    float offset = s[2];
    float shifted = transform(score) * slope + offset;
    if (shifted >= 0) {
      return (float) (scale / (1.0 + Math.exp(-shifted)));
    }
    float e = (float) Math.exp(shifted);
    return scale * e / (1 + e);
  }

  private float transform(float score) {
    return switch (transformation) {
      case IDENTITY -> score;
      case LOG -> clampedLog(score);
      case INVERSE_LOGISTIC -> clampedLog(score) - clampedLog(1f - score);
    };
  }

  /** log(x), continued below a small threshold by a reflection that stays finite at 0. */
  private static float clampedLog(float x) {
    if (x < LOG_SCORE_MINIMUM) {
      return (float) (2.0 * Math.log(LOG_SCORE_MINIMUM) - Math.log(2.0 * LOG_SCORE_MINIMUM - x));
    }
    return (float) Math.log(x);
  }
}
