package dev.jlite.task.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jlite.schema.testing.Goldens;
import dev.jlite.schema.testing.TensorBytes;
import dev.jlite.schema.testing.TfLiteOracle;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.ResizeMethod;
import dev.jlite.task.core.TensorImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The official object detector golden, all four detections within its tolerances (classes and
 * labels exactly, scores within 0.05, boxes within 3 px), each box also within 1 px of TFLite
 * 2.19 run on the same resized pixels.
 *
 * <p>The input is {@code cats_and_dogs.jpg} as {@link TensorImage#load} decodes it: the same
 * pixels as the official test's stb_image decoding (checked byte for byte in task-core).
 * The resize to 300x300 (ratios 4:1 and 2:1) takes libyuv's 2x2 boxes with SSE2 rounding; the
 * earlier float approximation of libyuv's bilinear filter put the second box 7 px off.
 */
class ObjectDetectorGoldenTest {
  @Test
  void catsAndDogs() throws Exception {
    JsonNode golden = Goldens.golden("cc.object_detector.detect.cats_and_dogs");
    double scoreTolerance = golden.get("tolerance").get("score_abs").asDouble();
    int boxTolerance = golden.get("tolerance").get("bbox_abs_px").asInt();
    Path model = Goldens.path(golden.get("model").asText());
    TensorImage image =
        TensorImage.load(Goldens.path(golden.get("inputs").get("image").asText()));
    ObjectDetector.Options options = ObjectDetector.Options.builder()
        .setMaxResults(golden.get("options").get("max_results").asInt())
        .build();
    List<Detection> result;
    try (ObjectDetector detector = ObjectDetector.create(model, options)) {
      result = detector.detect(image);
    }
    Rect[] tflite = tfliteBoxes(model, image);

    JsonNode expected = golden.get("expected").get("detections");
    assertThat(result).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode want = expected.get(i);
      Detection got = result.get(i);
      assertThat(got.categories()).hasSize(1);
      Category c = got.categories().get(0);
      assertThat(c.index()).isEqualTo(want.get("index").asInt());
      assertThat(c.label()).isEqualTo(want.get("class_name").asText());
      assertThat((double) c.score()).isCloseTo(want.get("score").asDouble(),
          within(scoreTolerance));
      JsonNode box = want.get("bounding_box");
      Rect golden4 = Rect.of(box.get("origin_x").asInt(), box.get("origin_y").asInt(),
          box.get("width").asInt(), box.get("height").asInt());
      assertClose(got.boundingBox(), golden4, boxTolerance);
      assertClose(got.boundingBox(), tflite[i], 1);
    }
  }

  private static void assertClose(Rect actual, Rect expected, int tolerance) {
    assertThat(actual.left()).isCloseTo(expected.left(), within(tolerance));
    assertThat(actual.top()).isCloseTo(expected.top(), within(tolerance));
    assertThat(actual.width()).isCloseTo(expected.width(), within(tolerance));
    assertThat(actual.height()).isCloseTo(expected.height(), within(tolerance));
  }

  /** Real TFLite's first boxes on the bilinear-resized pixels, in pixels of the 1200x600 image. */
  private static Rect[] tfliteBoxes(Path model, TensorImage image) throws Exception {
    byte[] input = image.resize(300, 300, ResizeMethod.BILINEAR).pixels();
    try (TfLiteOracle oracle = TfLiteOracle.open(Files.readAllBytes(model))) {
      float[] boxes = TensorBytes.toFloats(oracle.run(input)[0]);
      Rect[] out = new Rect[4];
      for (int i = 0; i < 4; i++) {
        float top = boxes[4 * i];
        float left = boxes[4 * i + 1];
        float bottom = boxes[4 * i + 2];
        float right = boxes[4 * i + 3];
        out[i] = Rect.of((int) (left * image.width()), (int) (top * image.height()),
            Math.round((right - left) * image.width()),
            Math.round((bottom - top) * image.height()));
      }
      return out;
    }
  }
}
