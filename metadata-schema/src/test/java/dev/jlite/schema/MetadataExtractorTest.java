package dev.jlite.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.schema.metadata.ContentProperties;
import dev.jlite.schema.metadata.ModelMetadata;
import dev.jlite.schema.metadata.TensorMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataExtractorTest {
  private static MetadataExtractor extract(String model) throws IOException {
    return MetadataExtractor.of(ModelFile.open(TestModels.path(model)));
  }

  private static MetadataExtractor extract(byte[] model) {
    return MetadataExtractor.of(ModelFile.wrap(ByteBuffer.wrap(model)));
  }

  private static String text(ByteBuffer file) {
    byte[] bytes = new byte[file.remaining()];
    file.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void imageClassifierMetadataAndLabels() throws IOException {
    MetadataExtractor extractor =
        extract("models/image_classification/mobilenet_v1_0.25_224_quant.tflite");

    assertThat(extractor.hasMetadata()).isTrue();
    ModelMetadata metadata = extractor.modelMetadata().orElseThrow();
    assertThat(metadata.name()).isEqualTo("MobileNetV1 image classifier (quantized)");
    assertThat(metadata.version()).isEqualTo("v1");
    assertThat(metadata.author()).isEqualTo("TensorFlow");
    assertThat(extractor.minParserVersion()).isEmpty();
    assertThat(extractor.isMinimumParserVersionSatisfied()).isTrue();

    TensorMetadata input = extractor.inputTensorMetadata(0).orElseThrow();
    assertThat(input.name()).isEqualTo("image");
    assertThat(input.content().contentPropertiesType()).isEqualTo(ContentProperties.ImageProperties);
    TensorMetadata output = extractor.outputTensorMetadata(0).orElseThrow();
    assertThat(output.name()).isEqualTo("probability");
    assertThat(output.associatedFiles(0).name()).isEqualTo("labels.txt");
    assertThat(output.associatedFiles(0).type()).isEqualTo(AssociatedFileType.TENSOR_AXIS_LABELS);

    assertThat(extractor.associatedFileNames()).containsExactly("labels.txt");
    // unzip -p of the model gives exactly testdata/labels/imagenet_labels_1001.txt.
    assertThat(text(extractor.associatedFile("labels.txt").orElseThrow()))
        .isEqualTo(Files.readString(TestModels.path("labels/imagenet_labels_1001.txt")))
        .startsWith("background\ntench\ngoldfish\n");
  }

  @Test
  void objectDetectorHasFourOutputsAndLabelMap() throws IOException {
    MetadataExtractor extractor =
        extract("models/object_detection/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite");

    assertThat(extractor.modelMetadata().orElseThrow().name()).isEqualTo("Coco SSD MobileNetV1");
    assertThat(extractor.minParserVersion()).contains("1.0.0");
    assertThat(extractor.subgraphMetadata().orElseThrow().outputTensorMetadataLength()).isEqualTo(4);
    assertThat(extractor.outputTensorMetadata(1).orElseThrow().name()).isEqualTo("classes");
    assertThat(extractor.outputTensorMetadata(3).orElseThrow().name())
        .isEqualTo("number of detections");
    assertThat(extractor.associatedFileNames()).containsExactly("labelmap.txt");
    assertThat(text(extractor.associatedFile("labelmap.txt").orElseThrow()))
        .isEqualTo(Files.readString(TestModels.path("labels/coco_labelmap.txt")))
        .startsWith("person\nbicycle\ncar\n");
  }

  @Test
  void audioClassifierRecordsSampleRateAndVersion() throws IOException {
    MetadataExtractor extractor =
        extract("models/audio/yamnet_audio_classifier_with_metadata.tflite");

    assertThat(extractor.minParserVersion()).contains("1.3.0");
    assertThat(extractor.isMinimumParserVersionSatisfied()).isTrue();
    TensorMetadata input = extractor.inputTensorMetadata(0).orElseThrow();
    assertThat(input.name()).isEqualTo("audio_clip");
    assertThat(input.content().contentPropertiesType()).isEqualTo(ContentProperties.AudioProperties);
    assertThat(extractor.associatedFileNames()).containsExactly("yamnet_label_list.txt");
    assertThat(text(extractor.associatedFile("yamnet_label_list.txt").orElseThrow()))
        .isEqualTo(Files.readString(TestModels.path("labels/yamnet_521_labels.txt")))
        .startsWith("Speech\nChild speech, kid speaking\n");
  }

  @Test
  void textClassifierWithTwoPackedFiles() throws IOException {
    MetadataExtractor extractor =
        extract("models/text/test_model_nl_classifier_with_regex_tokenizer.tflite");

    assertThat(extractor.minParserVersion()).contains("1.2.1");
    assertThat(extractor.associatedFileNames()).containsExactly("vocab.txt", "labels.txt");
    assertThat(text(extractor.associatedFile("labels.txt").orElseThrow()))
        .isEqualTo("Negative\nPositive");
    ByteBuffer vocab = extractor.associatedFile("vocab.txt").orElseThrow();
    assertThat(vocab.remaining()).isEqualTo(125_062);
    assertThat(text(vocab)).startsWith("<PAD> 0\n<START> 1\n<UNKNOWN> 2\n<UNUSED> 3\nthe 4\n");
  }

  @Test
  void smallModelWithLabelsHasFourOutputTensorMetadata() {
    MetadataExtractor extractor = extract(TestModels.bytes(TestModels.NL_WITH_LABELS));

    assertThat(extractor.outputTensorMetadata(0).orElseThrow().name())
        .isEqualTo("scores_dequantized");
    assertThat(extractor.outputTensorMetadata(3).orElseThrow().name())
        .isEqualTo("scores_dequantized_float64");
    assertThat(text(extractor.associatedFile("test_labels.txt").orElseThrow()))
        .isEqualTo("label0\nlabel1\nlabel2\n");
  }

  @Test
  void metadataWithoutSubgraphMetadataHasNoTensorMetadata() throws IOException {
    MetadataExtractor extractor = extract(
        "models/image_classification/mobilenet_v1_0.25_224_quant_without_subgraph_metadata.tflite");

    assertThat(extractor.hasMetadata()).isTrue();
    assertThat(extractor.subgraphMetadata()).isEmpty();
    assertThat(extractor.inputTensorMetadata(0)).isEmpty();
    assertThat(extractor.outputTensorMetadata(0)).isEmpty();
    assertThat(extractor.associatedFileNames()).containsExactly("labels.txt");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "models/text/test_model_nl_classifier_bool_output.tflite",
      "models/image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite",
      "models/segmentation/deeplabv3_no_metadata.tflite"})
  void modelWithoutMetadataOrArchive(String model) throws IOException {
    MetadataExtractor extractor = extract(model);

    assertThat(extractor.hasMetadata()).isFalse();
    assertThat(extractor.modelMetadata()).isEmpty();
    assertThat(extractor.subgraphMetadata()).isEmpty();
    assertThat(extractor.metadataBuffer()).isEmpty();
    assertThat(extractor.minParserVersion()).isEmpty();
    assertThat(extractor.isMinimumParserVersionSatisfied()).isTrue();
    assertThat(extractor.inputTensorMetadata(0)).isEmpty();
    assertThat(extractor.associatedFileNames()).isEmpty();
    assertThat(extractor.associatedFile("labels.txt")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("everyModel")
  void everyModelInTestdataIsAccepted(Path model) throws IOException {
    MetadataExtractor extractor = MetadataExtractor.of(ModelFile.open(model));

    assertThat(extractor.isMinimumParserVersionSatisfied()).isTrue();
    for (String name : extractor.associatedFileNames()) {
      assertThat(extractor.associatedFile(name)).isPresent();
    }
  }

  static List<Path> everyModel() {
    return TestModels.accepted();
  }

  @Test
  void metadataBufferIsTheM001Flatbuffer() {
    ByteBuffer metadata = extract(TestModels.bytes(TestModels.NL_WITH_LABELS))
        .metadataBuffer().orElseThrow();

    assertThat(metadata.isReadOnly()).isTrue();
    assertThat(metadata.position()).isZero();
    assertThat(metadata.remaining()).isEqualTo(752);
    assertThat(ModelMetadata.ModelMetadataBufferHasIdentifier(metadata)).isTrue();
  }

  @Test
  void associatedFilesAreReadOnlyViewsThatCallersCannotDisturb() {
    MetadataExtractor extractor = extract(TestModels.bytes(TestModels.NL_WITH_LABELS));

    ByteBuffer first = extractor.associatedFile("test_labels.txt").orElseThrow();
    assertThat(first.isReadOnly()).isTrue();
    first.position(first.limit());
    assertThat(extractor.associatedFile("test_labels.txt").orElseThrow().remaining()).isEqualTo(21);
    assertThat(extractor.associatedFile("TEST_LABELS.TXT")).isEmpty();
    assertThat(extractor.associatedFile("../test_labels.txt")).isEmpty();
  }

  @Test
  void tensorIndexOutsideTheModelIsACallerError() {
    MetadataExtractor extractor = extract(TestModels.bytes(TestModels.NL_WITH_LABELS));

    assertThatThrownBy(() -> extractor.inputTensorMetadata(1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> extractor.outputTensorMetadata(-1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void wrongMetadataIdentifierNamesFoundAndExpected() {
    byte[] model = TestModels.withMetadata(TestModels.bytes(TestModels.NL_WITH_LABELS),
        TestModels.metadata(1, 4, null, "M002"));

    assertThatThrownBy(() -> extract(model))
        .isExactlyInstanceOf(InvalidModelException.class)
        .hasMessageContaining("metadata")
        .hasMessageContaining("\"M002\", expected M001");
  }

  @Test
  void structurallyBrokenMetadataIsRejected() {
    byte[] metadata = TestModels.metadata(1, 4, null, "M001");
    // The root offset now points past the end of the metadata.
    metadata[0] = (byte) 0xF0;

    assertThatThrownBy(() -> extract(TestModels.withMetadata(
            TestModels.bytes(TestModels.NL_WITH_LABELS), metadata)))
        .isExactlyInstanceOf(InvalidModelException.class)
        .hasMessageContaining("Malformed metadata")
        .hasMessageContaining("past the end");
  }

  @Test
  void inputCountMismatchNamesBothCounts() {
    byte[] model = TestModels.withMetadata(TestModels.bytes(TestModels.NL_WITH_LABELS),
        TestModels.metadata(2, 4, null, "M001"));

    assertThatThrownBy(() -> extract(model))
        .isExactlyInstanceOf(InvalidModelException.class)
        .hasMessageContaining("metadata describes 2 input tensors, but subgraph 0 has 1 inputs");
  }

  @Test
  void outputCountMismatchNamesBothCounts() {
    byte[] model = TestModels.withMetadata(TestModels.bytes(TestModels.NL_WITH_LABELS),
        TestModels.metadata(1, 1, null, "M001"));

    assertThatThrownBy(() -> extract(model))
        .isExactlyInstanceOf(InvalidModelException.class)
        .hasMessageContaining("metadata describes 1 output tensors, but subgraph 0 has 4 outputs");
  }

  @Test
  void metadataEntryPointingPastTheBuffersIsRejected() {
    byte[] model = TestModels.withMetadataBufferIndex(
        TestModels.bytes(TestModels.NL_WITH_LABELS), 1_000_000);

    assertThatThrownBy(() -> extract(model))
        .isExactlyInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith("model buffer: ")
        .hasMessageContaining("metadata entry 0 'TFLITE_METADATA': buffer index 1000000 is out of range");
  }

  @ParameterizedTest
  @CsvSource({
      "1.0.0, true",
      "1.5.0, true",
      "1.5, true",
      "1, true",
      "1.4.9, true",
      "1.5.0.0, true",
      "01.005.000, true",
      "1.5.1, false",
      "1.6, false",
      "1.10.0, false",
      "2, false",
      "1.5.0.1, false",
      "99999999999999999999.0, false"})
  void minimumParserVersionIsComparedNumerically(String version, boolean satisfied) {
    byte[] model = TestModels.withMetadata(TestModels.bytes(TestModels.NL_WITH_LABELS),
        TestModels.metadata(1, 4, version, "M001"));

    MetadataExtractor extractor = extract(model);

    assertThat(extractor.minParserVersion()).contains(version);
    assertThat(extractor.isMinimumParserVersionSatisfied()).isEqualTo(satisfied);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.x", "1..0", "v1.5", "1.5.", "-1"})
  void minimumParserVersionThatIsNotANumberIsRejected(String version) {
    byte[] model = TestModels.withMetadata(TestModels.bytes(TestModels.NL_WITH_LABELS),
        TestModels.metadata(1, 4, version, "M001"));

    assertThatThrownBy(() -> extract(model))
        .isExactlyInstanceOf(InvalidModelException.class)
        .hasMessageContaining("min_parser_version \"" + version + "\" is not a dotted version");
  }

  @Test
  void minimumParserVersionThatIsNotUtf8IsRejected() {
    byte[] metadata = TestModels.metadata(1, 4, "1.9.9", "M001");
    int at = indexOf(metadata, "1.9.9".getBytes(StandardCharsets.US_ASCII));
    metadata[at + 1] = (byte) 0xC3;

    assertThatThrownBy(() -> extract(TestModels.withMetadata(
            TestModels.bytes(TestModels.NL_WITH_LABELS), metadata)))
        .isExactlyInstanceOf(InvalidModelException.class)
        .hasMessageContaining("ModelMetadata.min_parser_version: string is not valid UTF-8");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }
}
