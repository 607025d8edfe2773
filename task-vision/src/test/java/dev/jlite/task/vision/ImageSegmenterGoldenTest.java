package dev.jlite.task.vision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jlite.schema.testing.Goldens;
import dev.jlite.task.core.TensorImage;
import java.awt.image.BufferedImage;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The official image segmenter golden, checked as the official test checks it. */
class ImageSegmenterGoldenTest {
  @Test
  void categoryMask() throws Exception {
    JsonNode golden = Goldens.golden("cc.image_segmenter.segment.category_mask");
    JsonNode expected = golden.get("expected").get("segmentation");
    double tolerance = golden.get("tolerance").get("kGoldenMaskTolerance").asDouble();
    int magnification = golden.get("tolerance").get("kGoldenMaskMagnificationFactor").asInt();
    Segmentation result;
    try (ImageSegmenter segmenter =
        ImageSegmenter.create(Goldens.path(golden.get("model").asText()))) {
      result = segmenter.segment(
          TensorImage.load(Goldens.path(golden.get("inputs").get("image").asText())));
    }

    assertThat(result.outputType()).isEqualTo(Segmentation.OutputType.CATEGORY_MASK);
    assertThat(result.width()).isEqualTo(expected.get("width").asInt());
    assertThat(result.height()).isEqualTo(expected.get("height").asInt());
    List<ColoredLabel> labels = result.coloredLabels();
    JsonNode colored = expected.get("colored_labels");
    assertThat(labels).hasSize(colored.size());
    for (int i = 0; i < colored.size(); i++) {
      JsonNode want = colored.get(i);
      assertThat(labels.get(i).r()).isEqualTo(want.get("r").asInt());
      assertThat(labels.get(i).g()).isEqualTo(want.get("g").asInt());
      assertThat(labels.get(i).b()).isEqualTo(want.get("b").asInt());
      assertThat(labels.get(i).label()).isEqualTo(want.get("class_name").asText());
      assertThat(labels.get(i).displayName()).isEmpty();
    }
    BufferedImage mask = ImageIO.read(
        Goldens.path(golden.get("inputs").get("golden_mask").asText()).toFile());
    assertThat(mask.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    byte[] goldenPixels = new byte[mask.getWidth() * mask.getHeight()];
    mask.getRaster().getDataElements(0, 0, mask.getWidth(), mask.getHeight(), goldenPixels);
    int[] category = result.categoryMask();
    int inconsistent = 0;
    for (int i = 0; i < goldenPixels.length; i++) {
      if (category[i] * magnification != (goldenPixels[i] & 0xFF)) {
        inconsistent++;
      }
    }
    assertThat((double) inconsistent / goldenPixels.length).isLessThan(tolerance);
  }

  @Test
  void colorMapBeyondTheGolden() {
    // Entries of the official 256-color table: 64 -> (32, 0, 0), 255 -> (224, 224, 192).
    assertThat(ColoredLabel.pascalVocColor(64)).isEqualTo(0x200000);
    assertThat(ColoredLabel.pascalVocColor(255)).isEqualTo(0xE0E0C0);
    assertThat(ColoredLabel.pascalVocColor(15)).isEqualTo(0xC08080);
  }
}
