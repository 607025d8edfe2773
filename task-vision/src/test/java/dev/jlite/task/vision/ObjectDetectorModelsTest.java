package dev.jlite.task.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.testing.Goldens;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.TensorImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ObjectDetector on the real models of testdata. */
class ObjectDetectorModelsTest {
  private static final Path MODELS = Goldens.TESTDATA.resolve("models");
  private static final Path WITH_METADATA =
      MODELS.resolve("object_detection/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite");
  private static final Path CATS = Goldens.TESTDATA.resolve("images/cats_and_dogs.jpg");

  /** The same network without metadata: default output order and the post-process box layout. */
  @Test
  void modelWithoutMetadataFindsTheSameBoxes() throws Exception {
    TensorImage image = TensorImage.load(CATS);
    ObjectDetector.Options options = ObjectDetector.Options.builder().setMaxResults(3).build();
    List<Detection> with;
    List<Detection> without;
    try (ObjectDetector a = ObjectDetector.create(WITH_METADATA, options);
        ObjectDetector b = ObjectDetector.create(
            MODELS.resolve("object_detection/ssd_mobilenet_v1.tflite"), options)) {
      with = a.detect(image);
      without = b.detect(image);
    }

    assertThat(without).extracting(Detection::boundingBox)
        .isEqualTo(with.stream().map(Detection::boundingBox).toList());
    assertThat(without.get(0).categories().get(0).index()).isEqualTo(16);
    assertThat(without.get(0).categories().get(0).label()).isEmpty();
  }

  @Test
  void regionOfInterestBoxesAreInImagePixels() throws Exception {
    TensorImage image = TensorImage.load(CATS);
    // The right half holds the cat found at (605, 154) in the whole image.
    ImageProcessingOptions right =
        ImageProcessingOptions.builder().setRoi(Rect.of(600, 0, 600, 600)).build();
    try (ObjectDetector detector = ObjectDetector.create(WITH_METADATA,
        ObjectDetector.Options.builder().setMaxResults(1).build())) {
      Detection top = detector.detect(image, right).get(0);
      Category c = top.categories().get(0);
      assertThat(c.label()).isEqualTo("cat");
      assertThat(top.boundingBox().left()).isGreaterThanOrEqualTo(600);
      assertThat(top.boundingBox().left() + top.boundingBox().width()).isLessThanOrEqualTo(1200);

      assertThatThrownBy(() -> detector.detect(image,
          ImageProcessingOptions.builder().setRoi(Rect.of(900, 0, 600, 600)).build()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("not inside the 1200x600 image");
    }
  }

  @Test
  void classifierModelIsNotADetector() {
    assertThatThrownBy(() -> ObjectDetector.create(
        MODELS.resolve("image_classification/mobilenet_v1_0.25_224_quant.tflite")))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("an object detector needs 4");
  }

  @Test
  void allowListMustNameALabel() {
    assertThatThrownBy(() -> ObjectDetector.create(WITH_METADATA,
        ObjectDetector.Options.builder().setLabelAllowList(List.of("unicorn")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none of the labels in labelAllowList [unicorn]");
  }
}
