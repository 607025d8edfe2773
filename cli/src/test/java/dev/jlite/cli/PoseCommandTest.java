package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code jlite pose}: keypoints in text and JSON, and errors. */
class PoseCommandTest {
  private static final String GIRL = Cli.TESTDATA.resolve("images/girl.jpg").toString();

  @Test
  void textListsTheSeventeenKeypoints() {
    Cli.Result r = Cli.run("pose", GIRL);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines().toList()).hasSize(18);
    assertThat(r.out().lines().toList().get(1)).startsWith("  nose ");
    assertThat(r.out().lines().toList().get(17)).startsWith("  right_ankle ");
  }

  @Test
  void jsonKeypointsAreInImagePixels() throws Exception {
    Cli.Result r = Cli.run("pose", "--json", GIRL);

    assertThat(r.exitCode()).isZero();
    JsonNode keypoints =
        new ObjectMapper().readTree(r.out()).get("results").get(0).get("keypoints");
    assertThat(keypoints).hasSize(17);
    JsonNode ankle = keypoints.get(16);
    assertThat(ankle.get("name").asText()).isEqualTo("right_ankle");
    // The golden puts the right ankle at (0.709, 0.922) of the 192x192 image.
    assertThat(ankle.get("x").asDouble()).isBetween(0.68 * 192, 0.74 * 192);
    assertThat(ankle.get("y").asDouble()).isBetween(0.89 * 192, 0.95 * 192);
    assertThat(ankle.has("score")).isTrue();
  }

  @Test
  void badInputAndModel() {
    assertThat(Cli.run("pose", "--roi", "0,0,193,10", GIRL).exitCode()).isEqualTo(4);
    Path detector =
        Cli.model("object_detection/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite");
    Cli.Result r = Cli.run("pose", "--model", detector.toString(), GIRL);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("a pose estimator needs");
  }
}
