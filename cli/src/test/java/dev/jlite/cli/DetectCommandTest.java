package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jlite detect}: results, JSON, and the exit code of every bad input. */
class DetectCommandTest {
  private static final String CATS = Cli.TESTDATA.resolve("images/cats_and_dogs.jpg").toString();

  @Test
  void defaultModelFindsCatsAndADog() {
    Cli.Result r = Cli.run("detect", "--max-results", "4", CATS);

    assertThat(r.exitCode()).isZero();
    // The official golden's detections within its tolerances (scores 0.05, boxes 3 px), on
    // stb_image-exact pixels; ObjectDetectorGoldenTest also holds them to TFLite 2.19's boxes.
    assertThat(r.out().lines().toList()).containsExactly(CATS,
        "  0.6445  cat  [16]  left=54 top=396 width=393 height=196",
        "  0.5977  cat  [16]  left=602 top=157 width=394 height=447",
        "  0.5625  cat  [16]  left=261 top=394 width=179 height=209",
        "  0.5117  dog  [17]  left=389 top=197 width=276 height=409");
  }

  @Test
  void jsonHasBoxesInImagePixels() throws Exception {
    Cli.Result r = Cli.run("detect", "--json", "--max-results", "1", "--roi",
        "600,0,600,600", CATS);

    assertThat(r.exitCode()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("model").asText())
        .isEqualTo("bundled:coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite");
    JsonNode detection = root.get("results").get(0).get("detections").get(0);
    assertThat(detection.get("boundingBox").get("left").asInt()).isGreaterThanOrEqualTo(600);
    assertThat(detection.get("boundingBox").has("width")).isTrue();
    JsonNode category = detection.get("categories").get(0);
    assertThat(category.get("label").asText()).isEqualTo("cat");
    assertThat(category.get("score").asDouble()).isGreaterThan(0.5);
  }

  @Test
  void denyListAndThreshold() {
    Cli.Result r = Cli.run("detect", "--deny", "cat", "--score-threshold", "0.3", CATS);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("dog").doesNotContain(" cat ");
  }

  @Test
  void badInputs(@TempDir Path dir) throws Exception {
    Path text = dir.resolve("x.jpg");
    Files.writeString(text, "no");
    assertThat(Cli.run("detect", dir.resolve("none.jpg").toString()).exitCode()).isEqualTo(4);
    assertThat(Cli.run("detect", text.toString()).exitCode()).isEqualTo(4);
    assertThat(Cli.run("detect", "--roi", "0,0,0,0", CATS).exitCode()).isEqualTo(4);
    assertThat(Cli.run("detect", "--roi", "1000,0,300,10", CATS).exitCode()).isEqualTo(4);
    assertThat(Cli.run("detect", "--orientation", "0", CATS).exitCode()).isEqualTo(4);
    assertThat(Cli.run("detect", "--max-results", "0", CATS).exitCode()).isEqualTo(4);
    Cli.Result both = Cli.run("detect", "--allow", "cat", "--deny", "dog", CATS);
    assertThat(both.exitCode()).isEqualTo(4);
    assertThat(both.err()).contains("--allow and --deny are mutually exclusive");
  }

  @Test
  void classifierIsAnInvalidModelForDetect() {
    Path classifier = Cli.model("image_classification/mobilenet_v1_0.25_224_quant.tflite");

    Cli.Result r = Cli.run("detect", "--model", classifier.toString(), CATS);

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("invalid model").contains("an object detector needs 4");
  }
}
