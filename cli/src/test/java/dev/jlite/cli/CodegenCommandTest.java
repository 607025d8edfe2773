package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.codegen.Codegen;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jlite codegen}: the processor's source, written under a source root. */
class CodegenCommandTest {
  private static final Path SSD =
      Cli.model("object_detection/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite");

  @TempDir
  Path dir;

  @Test
  void writesTheSourceTheProcessorGenerates() throws Exception {
    Cli.Result r = Cli.run("codegen", SSD.toString(), "--package", "com.example",
        "--class", "Ssd", "--out", dir.toString());
    Path file = dir.resolve("com/example/Ssd.java");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out().strip()).isEqualTo(file.toString());
    String expected = Codegen.generate(ByteBuffer.wrap(Files.readAllBytes(SSD)), "com.example",
        "Ssd", "coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite").source();
    assertThat(Files.readString(file)).isEqualTo(expected)
        .contains("public List<Detection> getDetectionsAsDetectionList()");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void classNameAndResourceHaveDefaults() throws Exception {
    Cli.Result r = Cli.run("codegen",
        Cli.model("image_classification/mobilenet_v1_0.25_224_quant.tflite").toString(),
        "--package", "p", "--out", dir.toString(), "--resource", "models/m.tflite");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(dir.resolve("p/MobilenetV1025224Quant.java")))
        .contains("MODEL_PATH = \"models/m.tflite\"");
  }

  @Test
  void invalidClassNameIsBadUsage() {
    Cli.Result r = Cli.run("codegen", SSD.toString(), "--package", "p", "--class", "int",
        "--out", dir.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines().get(0)).isEqualTo("'int' is not a valid class name");
  }

  @Test
  void unsupportedModelExitsWithThreeAndOneLine() {
    Path model = Cli.model("text/movie_review.tflite");
    Cli.Result r = Cli.run("codegen", model.toString(), "--package", "p", "--out",
        dir.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.errLines()).containsExactly("jlite: " + model + ": unsupported tensor: input 0"
        + " 'input_3' is INT32; wrappers handle FLOAT32, UINT8 and INT8 tensors");
  }

  @Test
  void notAModelExitsWithThree() throws Exception {
    Path bogus = Files.writeString(dir.resolve("bogus.tflite"), "not a model");
    Cli.Result r = Cli.run("codegen", bogus.toString(), "--package", "p", "--out",
        dir.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("jlite: invalid model " + bogus + ": ");
  }
}
