package dev.jlite.task.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.schema.testing.Goldens;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.TensorImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ImageSegmenter on {@link PixelModel#asSegmenter()} models, whose class scores at a pixel are its
 * red, green and blue: the category mask is the brightest channel of each pixel of the image as
 * stored, whatever its orientation.
 */
class ImageSegmenterTest {
  // A 3x2 upright image; brightest channel per pixel: r, g, b / b, r, g.
  private static final byte[] UPRIGHT = {
      90, 10, 20, 10, 80, 30, 5, 6, 70,
      1, 2, 60, 50, 40, 30, 7, 99, 8};

  private static int[] brightest(TensorImage image) {
    byte[] p = image.pixels();
    int[] out = new int[p.length / 3];
    for (int i = 0; i < out.length; i++) {
      int best = 0;
      for (int c = 1; c < 3; c++) {
        if ((p[3 * i + c] & 0xFF) > (p[3 * i + best] & 0xFF)) {
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Orientation.class)
  void masksFollowTheStoredOrientation(Orientation orientation) {
    TensorImage stored =
        TensorImage.fromRgb(UPRIGHT, 3, 2).orient(Orientation.TOP_LEFT, orientation);
    ImageProcessingOptions options =
        ImageProcessingOptions.builder().setOrientation(orientation).build();

    Segmentation s;
    try (ImageSegmenter segmenter = ImageSegmenter.create(
        PixelModel.uint8(3, 2).asSegmenter().labels("red\ngreen\nblue\n").build(),
        ImageSegmenter.Options.DEFAULT)) {
      s = segmenter.segment(stored, options);
    }

    assertThat(s.width()).isEqualTo(stored.width());
    assertThat(s.height()).isEqualTo(stored.height());
    assertThat(s.categoryMask()).containsExactly(brightest(stored));
    assertThat(s.coloredLabels()).extracting(ColoredLabel::label)
        .containsExactly("red", "green", "blue");
    assertThat(s.coloredLabels().get(1).argb()).isEqualTo(0xFF800000);
    assertThat(s.coloredLabels().get(2).argb()).isEqualTo(0xFF008000);
  }

  @Test
  void confidenceMasksAreTheDequantizedScores() {
    Segmentation s;
    try (ImageSegmenter segmenter = ImageSegmenter.create(
        PixelModel.uint8(3, 2).asSegmenter().scale(0.5f).build(),
        ImageSegmenter.Options.builder()
            .setOutputType(Segmentation.OutputType.CONFIDENCE_MASK).build())) {
      s = segmenter.segment(TensorImage.fromRgb(UPRIGHT, 3, 2));
    }

    // Class 2 (blue) of every pixel, times the output scale 0.5.
    assertThat(s.confidenceMask(2)).containsExactly(
        new float[] {10f, 15f, 35f, 30f, 15f, 4f}, within(1e-6f));
    assertThat(s.coloredLabels().get(0).label()).isEmpty();
    assertThatThrownBy(s::categoryMask).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void classifierIsNotASegmenter() {
    Path classifier =
        Goldens.TESTDATA.resolve("models/image_classification/mobilenet_v1_0.25_224_quant.tflite");

    assertThatThrownBy(() -> ImageSegmenter.create(classifier))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("an image segmenter needs [1, height, width, classes]");
  }
}
