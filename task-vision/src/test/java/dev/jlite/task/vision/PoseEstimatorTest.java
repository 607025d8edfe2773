package dev.jlite.task.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.schema.testing.Goldens;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.TensorImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PoseEstimator: keypoints mapped back through orientation and region of interest. */
class PoseEstimatorTest {
  private static final Path MOVENET =
      Goldens.TESTDATA.resolve("models/pose/movenet_singlepose_lightning_int8_4.tflite");
  private static final Path GIRL = Goldens.TESTDATA.resolve("images/girl.jpg");

  /**
   * The girl stored in any orientation, inside a larger image with a margin: the keypoints land on
   * the same image content, so mapping them back to upright gives the upright answer. The region
   * is the model's input size, so the pixels reach the model unchanged and the results are exact
   * up to float rounding.
   */
  @ParameterizedTest
  @EnumSource(Orientation.class)
  void keypointsFollowOrientationAndRegion(Orientation orientation) throws Exception {
    TensorImage girl = TensorImage.load(GIRL);
    TensorImage stored = girl.orient(Orientation.TOP_LEFT, orientation);
    byte[] canvas = new byte[(192 + 20) * (192 + 10) * 3];
    byte[] p = stored.pixels();
    for (int row = 0; row < 192; row++) {
      System.arraycopy(p, row * 192 * 3, canvas, ((row + 10) * 212 + 20) * 3, 192 * 3);
    }
    ImageProcessingOptions options = ImageProcessingOptions.builder()
        .setRoi(Rect.of(20, 10, 192, 192)).setOrientation(orientation).build();
    List<Keypoint> upright;
    List<Keypoint> mapped;
    try (PoseEstimator estimator = PoseEstimator.create(MOVENET)) {
      upright = estimator.estimate(girl);
      mapped = estimator.estimate(TensorImage.fromRgb(canvas, 212, 202), options);
    }

    for (int k = 0; k < upright.size(); k++) {
      Keypoint u = upright.get(k);
      // Where the upright point lies in the stored patch, plus the patch's offset.
      float[] f = Orientation.TOP_LEFT.mapFraction(u.x() / 192, u.y() / 192, orientation);
      assertThat(mapped.get(k).x()).isCloseTo(20 + f[0] * 192, within(1e-3f));
      assertThat(mapped.get(k).y()).isCloseTo(10 + f[1] * 192, within(1e-3f));
      assertThat(mapped.get(k).score()).isEqualTo(u.score());
    }
  }

  @Test
  void rightTopMovesTheNoseWhereTheStoredImageHasIt() throws Exception {
    // RIGHT_TOP: stored = upright turned a quarter turn counter-clockwise, so an upright point
    // (x, y) is stored at (y, 192 - x).
    TensorImage girl = TensorImage.load(GIRL);
    TensorImage stored = girl.orient(Orientation.TOP_LEFT, Orientation.RIGHT_TOP);
    try (PoseEstimator estimator = PoseEstimator.create(MOVENET)) {
      Keypoint nose = estimator.estimate(girl).get(0);
      Keypoint storedNose = estimator.estimate(stored, ImageProcessingOptions.builder()
          .setOrientation(Orientation.RIGHT_TOP).build()).get(0);
      assertThat(storedNose.name()).isEqualTo("nose");
      assertThat(storedNose.x()).isCloseTo(nose.y(), within(1e-3f));
      assertThat(storedNose.y()).isCloseTo(192 - nose.x(), within(1e-3f));
    }
  }

  /**
   * A MoveNet multi-pose layout whose output is the input pixels / 255: person 0 has every
   * keypoint at (x 102, y 51)/255, the box (ymin 51, xmin 102, ymax 153, xmax 204)/255 and score
   * 230/255; person 1 scores 26/255, below the minimum; person 2 scores 1; the rest 0.
   */
  @Test
  void multiPoseKeepsPeopleAboveTheMinimumScoreBestFirst() {
    byte[] values = new byte[6 * 56];
    for (int k = 0; k < 17; k++) {
      values[3 * k] = 51;
      values[3 * k + 1] = 102;
      values[3 * k + 2] = (byte) 204;
    }
    byte[] box = {51, 102, (byte) 153, (byte) 204, (byte) 230};
    System.arraycopy(box, 0, values, 51, 5);
    values[56 + 55] = 26;
    values[2 * 56 + 55] = (byte) 255;
    PixelModel model = PixelModel.float32(112, 1)
        .normalization(new float[] {0f}, new float[] {255f}).outputShape(1, 6, 56);

    List<Pose> poses;
    try (PoseEstimator estimator =
        PoseEstimator.create(model.build(), PoseEstimator.Options.DEFAULT)) {
      poses = estimator.estimatePoses(TensorImage.fromRgb(values, 112, 1),
          ImageProcessingOptions.DEFAULT);
    }

    assertThat(poses).hasSize(2);
    assertThat(poses.get(0).score()).isEqualTo((1f / 255) * 255);
    Pose first = poses.get(1);
    assertThat(first.score()).isEqualTo((1f / 255) * 230);
    // Box: left (int) (0.4 * 112) = 44, width round(0.4 * 112) = 45; 1 pixel high image.
    assertThat(first.boundingBox()).contains(Rect.of(44, 0, 45, 0));
    assertThat(first.keypoints()).hasSize(17);
    assertThat(first.keypoints().get(16).name()).isEqualTo("right_ankle");
    assertThat(first.keypoints().get(0).x()).isCloseTo(0.4f * 112, within(1e-3f));
    assertThat(first.keypoints().get(0).y()).isCloseTo(0.2f, within(1e-5f));
    assertThat(first.keypoints().get(0).score()).isEqualTo((1f / 255) * 204);
  }

  /**
   * PoseNet decoding by hand: heatmaps (0.1, 0.5 / 0.2, 0.3) peak at row 0, column 1; that cell's
   * offsets are y 0 and x 2 (values / 100). On the 4x1 input the keypoint is at y 0 / 1 * 1 + 0 =
   * 0 and x 1 / 1 * 4 + 2 = 6 input pixels, and its score is sigmoid(0.5).
   */
  @Test
  void poseNetHeatmapsAndOffsets() {
    byte[] values = {10, 50, 20, 30, 0, 0, 0, (byte) 200, 0, 0, 0, 0};
    PoseEstimator.Options options = PoseEstimator.Options.builder()
        .setNormalization(new float[] {0f}, new float[] {100f})
        .setKeypointNames(List.of("nose")).build();

    List<Keypoint> keypoints;
    try (PoseEstimator estimator = PoseEstimator.create(PoseNetModel.build(), options)) {
      keypoints = estimator.estimate(TensorImage.fromRgb(values, 4, 1));
    }

    assertThat(keypoints).hasSize(1);
    assertThat(keypoints.get(0).name()).isEqualTo("nose");
    assertThat(keypoints.get(0).x()).isCloseTo(6f, within(1e-5f));
    assertThat(keypoints.get(0).y()).isCloseTo(0f, within(1e-5f));
    assertThat(keypoints.get(0).score()).isCloseTo(0.62245933f, within(1e-6f));
  }

  @Test
  void classifierIsNotAPoseModel() {
    Path classifier =
        Goldens.TESTDATA.resolve("models/image_classification/mobilenet_v1_0.25_224_quant.tflite");

    assertThatThrownBy(() -> PoseEstimator.create(classifier))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("a pose estimator needs FLOAT32 [1, 1, keypoints, 3] (single-pose)"
            + ", [1, people, 56] (multi-pose), or [1, h, w, keypoints] heatmaps");
  }
}
