package dev.jlite.task.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.task.core.ScoreCalibration.Transformation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values worked out by hand from scale * sigmoid(slope * transform(x) + offset). */
class ScoreCalibrationTest {
  private static final LabelMap LABELS = LabelMap.of(List.of("a", "b", "c"));

  @Test
  void identityTransformation() {
    ScoreCalibration c = ScoreCalibration.parse(Transformation.IDENTITY, 0.1f,
        "1.0,2.0,-1.0\n0.5,4.0,0.0\n\n", LABELS);

    assertThat(c.calibrate("a", 0.5f)).isCloseTo(0.5f, within(1e-7f)); // sigmoid(0)
    assertThat(c.calibrate("b", -0.25f)).isCloseTo(0.5f * 0.26894142f, within(1e-7f)); // s(-1)
    assertThat(c.calibrate("c", 0.9f)).isEqualTo(0.1f); // empty line: default score
  }

  @Test
  void logTransformation() {
    ScoreCalibration c =
        ScoreCalibration.parse(Transformation.LOG, 0f, "2,1,0\n1,1,0\n1,1,0", LABELS);

    // log(e^-1) = -1; 2 * sigmoid(-1).
    assertThat(c.calibrate("a", (float) Math.exp(-1))).isCloseTo(0.53788284f, within(1e-6f));
  }

  @Test
  void inverseLogisticTransformation() {
    ScoreCalibration c =
        ScoreCalibration.parse(Transformation.INVERSE_LOGISTIC, 0f, "1,1,0\n1,1,0\n1,1,0", LABELS);

    // logit(0.75) = log 3, and sigmoid(log 3) = 0.75: the identity calibration.
    assertThat(c.calibrate("b", 0.75f)).isCloseTo(0.75f, within(1e-6f));
  }

  @Test
  void scoresBelowTheMinimumGetTheDefault() {
    ScoreCalibration c =
        ScoreCalibration.parse(Transformation.IDENTITY, 0.25f, "1,1,0,0.3\n1,1,0\n1,1,0", LABELS);

    assertThat(c.calibrate("a", 0.2f)).isEqualTo(0.25f);
    assertThat(c.calibrate("a", 0.3f)).isCloseTo(0.57444252f, within(1e-6f)); // sigmoid(0.3)
  }

  @Test
  void logOfZeroStaysFinite() {
    ScoreCalibration c = ScoreCalibration.parse(Transformation.LOG, 0f, "1,1,0\n\n\n", LABELS);

    assertThat(c.calibrate("a", 0f)).isGreaterThan(0f).isLessThan(1e-15f);
  }

  @Test
  void rejectsMalformedFiles() {
    assertThatThrownBy(() -> ScoreCalibration.parse(Transformation.IDENTITY, 0, "1,1,0", LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 lines but there are 3 labels");
    assertThatThrownBy(
        () -> ScoreCalibration.parse(Transformation.IDENTITY, 0, "1,1\n\n\n", LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1 has 2 values");
    assertThatThrownBy(
        () -> ScoreCalibration.parse(Transformation.IDENTITY, 0, "1,x,0\n\n\n", LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"x\" is not a number");
  }
}
