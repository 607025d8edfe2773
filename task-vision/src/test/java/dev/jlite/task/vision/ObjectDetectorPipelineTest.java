package dev.jlite.task.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.metadata.BoundingBoxType;
import dev.jlite.schema.metadata.CoordinateType;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.TensorImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Box layouts, output matching and the mapping of boxes back through orientation and region of
 * interest, on {@link PixelDetector}s whose outputs are their input pixels / 255.
 */
class ObjectDetectorPipelineTest {
  /**
   * Pixels of the 4x1 upright input: box values 0-3, class 1 (255), score 0.8 (204), count 1 (255).
   * With the default index (tensor order top, left, bottom, right): top 51/255 = 0.2, left 103/255
   * = 0.404, bottom 1, right 230/255 = 0.902. In a 4x1 upright region that is left (int) 1.6 = 1,
   * top 0, width round(0.498 * 4) = 2, height round(0.8) = 1.
   */
  private static final byte[] BOUNDARIES = pixels(51, 103, 255, 230);

  private static final float SCORE = (1f / 255) * 204;

  private static byte[] pixels(int v0, int v1, int v2, int v3) {
    return new byte[] {(byte) v0, (byte) v1, (byte) v2, (byte) v3, (byte) 255, (byte) 204,
        (byte) 255, 0, 0, 0, 0, 0};
  }

  private static List<Detection> detect(PixelDetector model, ObjectDetector.Options options,
      TensorImage image, ImageProcessingOptions processing) {
    try (ObjectDetector detector = ObjectDetector.create(model.build(), options)) {
      return detector.detect(image, processing);
    }
  }

  private static List<Detection> detect(PixelDetector model, byte[] pixels) {
    return detect(model, ObjectDetector.Options.DEFAULT,
        TensorImage.fromRgb(pixels, PixelDetector.WIDTH, 1), ImageProcessingOptions.DEFAULT);
  }

  @Test
  void boundariesInTheIndexOrderOfTheMetadata() {
    List<Detection> result = detect(new PixelDetector(), BOUNDARIES);

    assertThat(result).hasSize(1);
    assertThat(result.get(0).boundingBox()).isEqualTo(Rect.of(1, 0, 2, 1));
    Category c = result.get(0).categories().get(0);
    assertThat(c.index()).isEqualTo(1);
    assertThat(c.label()).isEqualTo("one");
    // The preprocessing computes (1 / 255) * 204 in float.
    assertThat(c.score()).isEqualTo(SCORE);
  }

  @Test
  void otherIndexOrdersAndBoxTypes() {
    // Tensor order left, top, right, bottom.
    assertThat(detect(new PixelDetector().index(0, 1, 2, 3), pixels(103, 51, 230, 255))
        .get(0).boundingBox()).isEqualTo(Rect.of(1, 0, 2, 1));
    // UPPER_LEFT: left, top, width 128/255, height 204/255.
    assertThat(detect(new PixelDetector().index(0, 1, 2, 3)
        .boxType(BoundingBoxType.UPPER_LEFT, CoordinateType.RATIO), pixels(103, 51, 128, 204))
        .get(0).boundingBox()).isEqualTo(Rect.of(1, 0, 2, 1));
    // CENTER: centre (166, 153)/255 = (0.651, 0.6), size (128, 204)/255.
    assertThat(detect(new PixelDetector().index(0, 1, 2, 3)
        .boxType(BoundingBoxType.CENTER, CoordinateType.RATIO), pixels(166, 153, 128, 204))
        .get(0).boundingBox()).isEqualTo(Rect.of(1, 0, 2, 1));
  }

  @Test
  void outputsAreMatchedByMetadataName() {
    assertThat(detect(new PixelDetector().permuted(), BOUNDARIES).get(0).boundingBox())
        .isEqualTo(Rect.of(1, 0, 2, 1));
  }

  @Test
  void unknownNamesFallBackToTheDefaultOrder() {
    assertThat(detect(new PixelDetector().names("a", "b", "c", "d"), BOUNDARIES)).hasSize(1);
  }

  @Test
  void modelsWithoutMetadataUseThePostProcessLayout() {
    List<Detection> result = detect(new PixelDetector().withoutMetadata(),
        ObjectDetector.Options.builder()
            .setNormalization(new float[] {0f}, new float[] {255f}).build(),
        TensorImage.fromRgb(BOUNDARIES, 4, 1), ImageProcessingOptions.DEFAULT);

    assertThat(result.get(0).boundingBox()).isEqualTo(Rect.of(1, 0, 2, 1));
    assertThat(result.get(0).categories().get(0).label()).isEmpty();
  }

  @Test
  void boxesAreMappedBackThroughRegionOfInterestAndOrientation() {
    // The 4x1 upright scene, stored as RIGHT_TOP (1 wide, 4 tall), pasted at (2, 3) of a 5x8
    // stored image; the region of interest is that 1x4 patch.
    TensorImage upright = TensorImage.fromRgb(BOUNDARIES, 4, 1);
    byte[] patch = upright.orient(Orientation.TOP_LEFT, Orientation.RIGHT_TOP).pixels();
    byte[] stored = new byte[5 * 8 * 3];
    for (int row = 0; row < 4; row++) {
      System.arraycopy(patch, row * 3, stored, ((3 + row) * 5 + 2) * 3, 3);
    }
    ImageProcessingOptions options = ImageProcessingOptions.builder()
        .setRoi(Rect.of(2, 3, 1, 4)).setOrientation(Orientation.RIGHT_TOP).build();

    List<Detection> result = detect(new PixelDetector(), ObjectDetector.Options.DEFAULT,
        TensorImage.fromRgb(stored, 5, 8), options);

    // Upright columns 1-2 of the scene are stored rows 2-1 of the patch (stored row 0 is the
    // upright right side): left 2 + 0, top 3 + 1, 1 wide, 2 tall.
    assertThat(result.get(0).boundingBox()).isEqualTo(Rect.of(2, 4, 1, 2));
  }

  @Test
  void scoreThresholdIsStrictAndListsFilterClasses() {
    TensorImage image = TensorImage.fromRgb(BOUNDARIES, 4, 1);
    ImageProcessingOptions whole = ImageProcessingOptions.DEFAULT;

    assertThat(detect(new PixelDetector(),
        ObjectDetector.Options.builder().setScoreThreshold(SCORE).build(), image, whole)).isEmpty();
    assertThat(detect(new PixelDetector(),
        ObjectDetector.Options.builder().setScoreThreshold(0.79f).build(), image, whole))
        .hasSize(1);
    assertThat(detect(new PixelDetector(),
        ObjectDetector.Options.builder().setLabelAllowList(List.of("zero")).build(), image,
        whole)).isEmpty();
    assertThat(detect(new PixelDetector(),
        ObjectDetector.Options.builder().setLabelDenyList(List.of("zero")).build(), image,
        whole)).hasSize(1);
  }

  @Test
  void classifierIsNotADetector() {
    assertThatThrownBy(() -> ObjectDetector.create(PixelModel.uint8(2, 1).build(),
        ObjectDetector.Options.DEFAULT))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("1 outputs; an object detector needs 4");
  }
}
