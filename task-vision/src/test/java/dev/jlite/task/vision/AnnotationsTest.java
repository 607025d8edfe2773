package dev.jlite.task.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.task.core.Category;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.TensorImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnotationsTest {
  private static final TensorImage GRAY = TensorImage.fromRgb(filled(100, 80, 128), 100, 80);

  private static byte[] filled(int width, int height, int value) {
    byte[] p = new byte[width * height * 3];
    java.util.Arrays.fill(p, (byte) value);
    return p;
  }

  private static int rgb(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xFFFFFF;
  }

  @Test
  void boxesAreDrawnWhereTheDetectionsAre() {
    Detection d = Detection.create(Rect.of(20, 40, 50, 30),
        List.of(Category.create(16, "cat", "", 0.9f)));

    BufferedImage out = Annotations.detections(GRAY, List.of(d));

    // The box's bottom edge, left of the label, in the first palette color.
    assertThat(rgb(out, 45, 70)).isEqualTo(0xE6194B);
    assertThat(rgb(out, 45, 55)).isEqualTo(0x808080);
    assertThat(rgb(out, 5, 75)).isEqualTo(0x808080);
  }

  @Test
  void confidentKeypointsAreDrawn() {
    List<Keypoint> keypoints = new ArrayList<>();
    for (int k = 0; k < 17; k++) {
      keypoints.add(Keypoint.create(k, PoseEstimator.COCO_KEYPOINTS.get(k), 10 + 4 * k, 40,
          k == 16 ? 0.1f : 0.9f));
    }

    BufferedImage out = Annotations.pose(GRAY, keypoints);

    assertThat(rgb(out, 10, 40)).isEqualTo(0xF58231);
    // The last keypoint scores below the threshold and is not drawn.
    assertThat(rgb(out, 74, 40)).isNotEqualTo(0xF58231);
  }

  @Test
  void maskIsBlendedOverItsRegion() {
    // A 2x1 mask: class 0 (black) on the left, class 1 (128, 0, 0) on the right.
    Segmentation s = new Segmentation(Segmentation.OutputType.CATEGORY_MASK, 2, 1,
        new int[] {0, 1}, List.of(),
        List.of(ColoredLabel.create("a", "", 0), ColoredLabel.create("b", "", 0x800000)));

    BufferedImage out = Annotations.segmentation(GRAY, s, Rect.of(10, 10, 40, 20));

    assertThat(rgb(out, 15, 15)).isEqualTo(0x404040);
    assertThat(rgb(out, 45, 15)).isEqualTo(0x804040);
    assertThat(rgb(out, 60, 15)).isEqualTo(0x808080);
  }

  @Test
  void captionShowsTheBestClass() {
    Classifications c = Classifications.create(0, "", List.of(
        Category.create(934, "cheeseburger", "", 0.96f)));

    BufferedImage out = Annotations.classifications(GRAY, List.of(c));

    assertThat(rgb(out, 1, 1)).isEqualTo(0xE6194B);
    assertThat(rgb(out, 90, 70)).isEqualTo(0x808080);
  }
}
