package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jlite.schema.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The metadata part of inspect, checked against the official MetadataDisplayer's goldens and against
 * {@link ZipFile} reading the archive appended to the model. Every test here but
 * {@link #modelsWithoutMetadataSayNull} goes through {@code MetadataExtractor}.
 */
class InspectMetadataTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Path> modelsWithMetadata() throws IOException {
    return InspectAgainstTfliteTest.models().filter(InspectMetadataTest::hasMetadata);
  }

  static Stream<Path> modelsWithoutMetadata() throws IOException {
    return InspectAgainstTfliteTest.models().filter(m -> !hasMetadata(m));
  }

  private static boolean hasMetadata(Path model) {
    try {
      return ModelFile.open(model).metadata(ModelFile.METADATA_NAME).isPresent();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode inspect(Path model) throws IOException {
    Cli.Result result = Cli.run("inspect", "--json", model.toString());
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    return JSON.readTree(result.out());
  }

  @ParameterizedTest
  @CsvSource({
      "text/test_model_nl_classifier_with_associated_label.tflite, "
          + "test_model_nl_classifier_with_associated_label.json",
      "text/test_model_nl_classifier_with_regex_tokenizer.tflite, "
          + "test_model_nl_classifier_with_regex_tokenizer.json"})
  void modelMetadataMatchesTheOfficialDisplayer(String model, String golden) throws IOException {
    JsonNode expected =
        JSON.readTree(Cli.TESTDATA.resolve("goldens/metadata").resolve(golden).toFile());

    JsonNode metadata = inspect(Cli.model(model)).get("metadata");

    assertThat(metadata.get("name").asText()).isEqualTo(expected.get("name").asText());
    assertThat(metadata.get("description").asText()).isEqualTo(expected.get("description").asText());
    assertThat(metadata.get("version").asText()).isEqualTo(expected.get("version").asText());
    assertThat(metadata.get("author").asText()).isEqualTo(expected.get("author").asText());
    assertThat(metadata.get("license").asText()).isEqualTo(expected.get("license").asText());
    assertThat(metadata.get("minParserVersion").asText())
        .isEqualTo(expected.get("min_parser_version").asText());
  }

  @ParameterizedTest
  @MethodSource("modelsWithMetadata")
  void associatedFilesMatchTheAppendedArchive(Path model) throws IOException {
    List<String> expected = new ArrayList<>();
    try (ZipFile zip = new ZipFile(model.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        expected.add(entry.getName() + " " + entry.getSize());
      }
    } catch (ZipException noArchive) {
      // Metadata without associated files: nothing is appended.
    }

    List<String> files = new ArrayList<>();
    inspect(model).at("/metadata/associatedFiles")
        .forEach(f -> files.add(f.get("name").asText() + " " + f.get("sizeBytes").asLong()));

    assertThat(files).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("modelsWithoutMetadata")
  void modelsWithoutMetadataSayNull(Path model) throws IOException {
    assertThat(inspect(model).get("metadata").isNull()).isTrue();
  }

  @Test
  void textShowsTheMetadataSummary() {
    Path model = Cli.model("image_classification/mobilenet_v1_0.25_224_quant.tflite");

    Cli.Result result = Cli.run("inspect", model.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines())
        .anySatisfy(line -> assertThat(line).matches("  name +MobileNetV1 image classifier.*"))
        .anySatisfy(line -> assertThat(line).matches("  associated files +labels\\.txt \\(10484 bytes\\)"));
  }
}
