package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.InstanceOfAssertFactories;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What inspect does with files that are not models, and with bad usage. */
class InspectErrorsTest {
  private static final Path GOOD_MODEL =
      Cli.model("image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite");

  @TempDir
  static Path dir;

  static Stream<Arguments> hostileFiles() throws IOException {
    byte[] good = Files.readAllBytes(GOOD_MODEL);
    byte[] random = new byte[4096];
    new Random(42).nextBytes(random);
    byte[] wrongIdentifier = good.clone();
    // Bytes 4..7 hold the file identifier, TFL3 for models.
    System.arraycopy("XXXX".getBytes(StandardCharsets.US_ASCII), 0, wrongIdentifier, 4, 4);
    return Stream.of(
        Arguments.of("truncated", write("truncated.tflite", Arrays.copyOf(good, good.length / 2))),
        Arguments.of("random bytes", write("random.tflite", random)),
        Arguments.of("wrong identifier", write("identifier.tflite", wrongIdentifier)),
        Arguments.of("empty", write("empty.tflite", new byte[0])),
        Arguments.of("nonexistent", dir.resolve("does-not-exist.tflite")),
        Arguments.of("directory", dir));
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFiles")
  void invalidModelExitsWith3AndOneLine(String what, Path file) {
    for (String[] args : new String[][] {
        {"inspect", file.toString()}, {"inspect", "--json", file.toString()}}) {
      Cli.Result result = Cli.run(args);

      assertThat(result.exitCode()).isEqualTo(3);
      assertThat(result.out()).isEmpty();
      assertThat(result.errLines()).singleElement(InstanceOfAssertFactories.STRING)
          .startsWith("jlite: invalid model " + file + ": ")
          .doesNotContain("Exception");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFiles")
  void verboseAddsTheStackTrace(String what, Path file) {
    for (String[] args : new String[][] {
        {"--verbose", "inspect", file.toString()}, {"inspect", file.toString(), "--verbose"}}) {
      Cli.Result result = Cli.run(args);

      assertThat(result.exitCode()).isEqualTo(3);
      assertThat(result.errLines().get(0)).startsWith("jlite: invalid model " + file + ": ");
      assertThat(result.err()).contains("\tat dev.jlite.cli.");
    }
  }

  @Test
  void reasonsAreSpecific() {
    assertThat(Cli.run("inspect", dir.resolve("nope.tflite").toString()).errLines())
        .containsExactly("jlite: invalid model " + dir.resolve("nope.tflite") + ": no such file");
    assertThat(Cli.run("inspect", dir.toString()).errLines())
        .containsExactly("jlite: invalid model " + dir + ": is a directory");
  }

  static Stream<Arguments> badUsage() {
    return Stream.of(
        Arguments.of((Object) new String[] {}),
        Arguments.of((Object) new String[] {"inspect"}),
        Arguments.of((Object) new String[] {"inspect", "--bogus", GOOD_MODEL.toString()}),
        Arguments.of((Object) new String[] {"inspect", GOOD_MODEL.toString(), "extra"}),
        Arguments.of((Object) new String[] {"frobnicate"}));
  }

  @ParameterizedTest
  @MethodSource("badUsage")
  void badUsageExitsWith2AndShowsUsage(String[] args) {
    Cli.Result result = Cli.run(args);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("Usage: jlite");
  }

  @Test
  void helpExitsWith0() {
    Cli.Result result = Cli.run("inspect", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Usage: jlite inspect").contains("--json");
  }
}
