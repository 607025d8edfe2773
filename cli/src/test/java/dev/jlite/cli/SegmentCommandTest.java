package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code jlite segment}: text summary, the JSON category mask, and errors. */
class SegmentCommandTest {
  private static final String IMAGE =
      Cli.TESTDATA.resolve("images/segmentation_input_rotation0.jpg").toString();

  @Test
  void textListsTheClassesFound() {
    Cli.Result r = Cli.run("segment", IMAGE);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines().toList()).containsExactly(IMAGE + "  (mask 257x257)",
        "   37.9%  background  [0]  #000000",
        "   28.6%  horse  [13]  #c00080",
        "   33.5%  person  [15]  #c08080");
  }

  /**
   * The pixel counts TFLite 2.19's own mask gives on stb_image's decoding of the JPEG (as the
   * official test decodes it); the official golden mask, within its 1% tolerance of this one, has
   * 25044, 18884 and 22121 px.
   */
  @Test
  void jsonHasTheWholeCategoryMask() throws Exception {
    Cli.Result r = Cli.run("segment", "--json", IMAGE);

    assertThat(r.exitCode()).isZero();
    JsonNode result = new ObjectMapper().readTree(r.out()).get("results").get(0);
    assertThat(result.get("width").asInt()).isEqualTo(257);
    assertThat(result.get("height").asInt()).isEqualTo(257);
    int[] counts = new int[21];
    for (JsonNode c : result.get("mask")) {
      counts[c.asInt()]++;
    }
    assertThat(new int[] {counts[0], counts[13], counts[15]}).containsExactly(25039, 18898, 22112);
    JsonNode person = result.get("coloredLabels").get(15);
    assertThat(person.get("label").asText()).isEqualTo("person");
    assertThat(person.get("r").asInt()).isEqualTo(192);
    assertThat(person.get("g").asInt()).isEqualTo(128);
    assertThat(person.get("b").asInt()).isEqualTo(128);
  }

  @Test
  void rotatedInputGivesAMaskInTheStoredOrientation() throws Exception {
    Cli.Result r = Cli.run("segment", "--json", "--orientation", "6", "--roi", "0,0,257,200",
        IMAGE);

    JsonNode result = new ObjectMapper().readTree(r.out()).get("results").get(0);
    assertThat(r.exitCode()).isZero();
    // The model's 257x257 output, turned back: still square.
    assertThat(result.get("width").asInt()).isEqualTo(257);
    assertThat(result.get("mask").size()).isEqualTo(257 * 257);
  }

  @Test
  void badInputAndModel() {
    assertThat(Cli.run("segment", "--orientation", "9", IMAGE).exitCode()).isEqualTo(4);
    assertThat(Cli.run("segment", "--roi", "0,0,300,10", IMAGE).exitCode()).isEqualTo(4);
    Path classifier = Cli.model("image_classification/mobilenet_v1_0.25_224_quant.tflite");
    Cli.Result r = Cli.run("segment", "--model", classifier.toString(), IMAGE);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("an image segmenter needs");
  }
}
