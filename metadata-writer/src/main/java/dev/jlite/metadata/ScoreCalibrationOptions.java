package dev.jlite.metadata;

/**
 * Sigmoid score calibration, with per-class parameters in a {@link
 * AssociatedFileType#TENSOR_AXIS_SCORE_CALIBRATION} file; metadata schema table {@code
 * ScoreCalibrationOptions}.
 *
 * @param scoreTransformation the function applied to the score first
 * @param defaultScore the score of classes without parameters or below their minimum
 */
public record ScoreCalibrationOptions(ScoreTransformationType scoreTransformation,
    float defaultScore) implements ProcessUnitOptions {
  public ScoreCalibrationOptions {
    scoreTransformation =
        scoreTransformation == null ? ScoreTransformationType.IDENTITY : scoreTransformation;
  }
}
