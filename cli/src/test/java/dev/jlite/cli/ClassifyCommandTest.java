package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.TensorImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jlite classify}: results, JSON, and the exit code of every bad input. */
class ClassifyCommandTest {
  private static final String BURGER = Cli.TESTDATA.resolve("images/burger.jpg").toString();
  private static final String SPARROW = Cli.TESTDATA.resolve("images/sparrow.png").toString();

  @Test
  void defaultModelFindsTheCheeseburger() {
    Cli.Result r = Cli.run("classify", BURGER);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines().toList()).hasSize(6);
    assertThat(r.out().lines().toList().get(0)).isEqualTo(BURGER);
    String top = r.out().lines().toList().get(1);
    assertThat(top).matches("  \\d\\.\\d{4}  cheeseburger  \\[934]");
    // The golden's score for this model and image is 0.96 within 0.01.
    assertThat(Double.parseDouble(top.trim().split(" ")[0])).isCloseTo(0.96, within(0.01));
  }

  /** The official golden's options through the command line, checked as the golden checks. */
  @Test
  void jsonMatchesTheGolden() throws Exception {
    Path model = Cli.model("image_classification/mobilenet_v1_0.25_224_quant.tflite");
    Cli.Result r = Cli.run("classify", "--model", model.toString(), "--max-results", "1",
        "--score-threshold", "0.5", "--json", BURGER);

    assertThat(r.exitCode()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("model").asText()).isEqualTo(model.toString());
    JsonNode head = root.get("results").get(0).get("classifications").get(0);
    assertThat(head.get("headIndex").asInt()).isZero();
    assertThat(head.get("headName").asText()).isEqualTo("probability");
    JsonNode top = head.get("categories").get(0);
    assertThat(head.get("categories")).hasSize(1);
    assertThat(top.get("index").asInt()).isEqualTo(934);
    assertThat(top.get("label").asText()).isEqualTo("cheeseburger");
    assertThat(top.get("displayName").isNull()).isTrue();
    assertThat(top.get("score").asDouble()).isCloseTo(0.96, within(0.01));
  }

  @Test
  void severalImagesAllowAndDenyLists() throws Exception {
    Cli.Result allowed = Cli.run("classify", "--allow", "plate,bagel", "--json", BURGER, SPARROW);
    Cli.Result denied = Cli.run("classify", "--deny", "cheeseburger", "--max-results", "1",
        BURGER);

    JsonNode results = new ObjectMapper().readTree(allowed.out()).get("results");
    assertThat(results).hasSize(2);
    for (JsonNode result : results) {
      for (JsonNode c : result.get("classifications").get(0).get("categories")) {
        assertThat(c.get("label").asText()).isIn("plate", "bagel");
      }
    }
    assertThat(denied.exitCode()).isZero();
    assertThat(denied.out()).doesNotContain("cheeseburger");
  }

  @Test
  void regionOfInterestAndOrientation() {
    Cli.Result r = Cli.run("classify", "--roi", "100,20,300,250", "--orientation", "1",
        "--max-results", "1", BURGER);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("cheeseburger");
  }

  /**
   * A phone-style JPEG: the burger stored turned a quarter turn counter-clockwise with EXIF
   * orientation 6. Without --orientation the command takes the file's tag and turns it upright.
   */
  @Test
  void exifOrientationIsTheDefault(@TempDir Path dir) throws Exception {
    TensorImage stored = TensorImage.load(Path.of(BURGER))
        .orient(Orientation.TOP_LEFT, Orientation.RIGHT_TOP);
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(stored.toBufferedImage(), "jpg", jpeg);
    byte[] plain = jpeg.toByteArray();
    // APP1 "Exif", big-endian TIFF, IFD0 with one entry: orientation (SHORT, 1 value) = 6.
    byte[] exif = {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0,
        0, 0, 8, 0, 1, 1, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
    byte[] file = new byte[plain.length + exif.length];
    System.arraycopy(plain, 0, file, 0, 2);
    System.arraycopy(exif, 0, file, 2, exif.length);
    System.arraycopy(plain, 2, file, 2 + exif.length, plain.length - 2);
    Path rotated = dir.resolve("rotated.jpg");
    Files.write(rotated, file);
    assertThat(TensorImage.exifOrientation(rotated)).isEqualTo(Orientation.RIGHT_TOP);

    Cli.Result r = Cli.run("classify", "--max-results", "1", rotated.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("cheeseburger");
  }

  @Test
  void missingImage(@TempDir Path dir) {
    Cli.Result r = Cli.run("classify", dir.resolve("nope.jpg").toString());

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("cannot read image").contains("nope.jpg: no such file");
  }

  @Test
  void corruptImage(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.png");
    Files.writeString(bad, "not a picture");

    Cli.Result r = Cli.run("classify", bad.toString());

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("bad.png").contains("not a JPEG, PNG, BMP or GIF image");
  }

  @Test
  void zeroAreaRoi() {
    Cli.Result r = Cli.run("classify", "--roi", "10,10,0,20", BURGER);

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("zero area");
  }

  @Test
  void roiOutsideTheImage() {
    Cli.Result r = Cli.run("classify", "--roi", "400,300,100,100", BURGER);

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("burger.jpg").contains("not inside the 480x325 image");
  }

  @Test
  void malformedRoi() {
    Cli.Result r = Cli.run("classify", "--roi", "1,2,3", BURGER);

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("--roi must be x,y,width,height");
  }

  @Test
  void orientationOutsideOneToEight() {
    Cli.Result r = Cli.run("classify", "--orientation", "9", BURGER);

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("--orientation").contains("1 to 8");
  }

  @Test
  void maxResultsZero() {
    Cli.Result r = Cli.run("classify", "--max-results", "0", BURGER);

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("--max-results must not be 0");
  }

  @Test
  void allowAndDenyTogether() {
    Cli.Result r = Cli.run("classify", "--allow", "plate", "--deny", "bagel", BURGER);

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("--allow and --deny are mutually exclusive");
  }

  @Test
  void allowListWithUnknownLabels() {
    Cli.Result r = Cli.run("classify", "--allow", "unicorn", BURGER);

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("none of the labels").contains("unicorn");
  }

  @Test
  void detectorIsAnInvalidModelForClassify() {
    Path detector =
        Cli.model("object_detection/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite");

    Cli.Result r = Cli.run("classify", "--model", detector.toString(), BURGER);

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("invalid model").contains("classification output");
  }

  @Test
  void floatModelWithoutNormalizationNamesTheOption() {
    Path model = Cli.model("image_classification/mobilenet_v1_0.25_224_1_default_1.tflite");

    Cli.Result r = Cli.run("classify", "--model", model.toString(), BURGER);

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("setNormalization(mean, std)");
  }

  @Test
  void missingModel(@TempDir Path dir) {
    Cli.Result r = Cli.run("classify", "--model", dir.resolve("none.tflite").toString(), BURGER);

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("invalid model").contains("no such file");
  }

  @Test
  void badUsage() {
    assertThat(Cli.run("classify").exitCode()).isEqualTo(2);
    assertThat(Cli.run("classify", "--threads", "0", BURGER).exitCode()).isEqualTo(2);
  }
}
