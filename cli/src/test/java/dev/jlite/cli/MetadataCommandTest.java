package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The metadata command group as registered in {@code jlite}. */
class MetadataCommandTest {
  @Test
  void showJsonPrintsTheOfficialDisplayerOutput() throws IOException {
    String name = "test_model_nl_classifier_with_associated_label";

    Cli.Result result = Cli.run("metadata", "show", Cli.model("text/" + name + ".tflite")
        .toString(), "--json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo(Files.readString(
        Cli.TESTDATA.resolve("goldens/metadata/" + name + ".json"), StandardCharsets.UTF_8));
  }

  @Test
  void failuresAreOneLineUnlessVerbose() {
    Path missing = Cli.TESTDATA.resolve("missing.tflite");

    Cli.Result plain = Cli.run("metadata", "lint", missing.toString());
    Cli.Result verbose = Cli.run("--verbose", "metadata", "lint", missing.toString());

    assertThat(plain.exitCode()).isEqualTo(3);
    assertThat(plain.errLines()).containsExactly("jlite: invalid model " + missing
        + ": no such file");
    assertThat(verbose.exitCode()).isEqualTo(3);
    assertThat(verbose.errLines().size()).isGreaterThan(1);
  }
}
