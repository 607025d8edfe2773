package dev.jlite.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.metadata.LintFinding.Severity;
import dev.jlite.schema.ModelFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataLintTest {
  private static final double[] HALF = {127.5};
  private static final String SSD = "models/object_detection/ssd_mobilenet_v1.tflite";
  private static final String DEEPLAB = "models/segmentation/deeplabv3_no_metadata.tflite";

  @TempDir
  Path dir;

  private static List<LintFinding> lint(byte[] model) {
    return MetadataLint.lint(ModelFile.wrap(ByteBuffer.wrap(model)));
  }

  private Path as(String name, String testdata) throws IOException {
    return Files.write(dir.resolve(name), Testdata.bytes(testdata));
  }

  @Test
  void officialWriterOutputIsClean() throws IOException {
    byte[] detector = ObjectDetectorWriter.createForInference(Testdata.bytes(SSD), HALF, HALF,
        List.of(LabelFile.of(as("labelmap.txt", "labels/coco_labelmap.txt"))), null).populate();
    byte[] segmenter = ImageSegmenterWriter.createForInference(Testdata.bytes(DEEPLAB), HALF,
        HALF, List.of(LabelFile.of(as("pascal.txt", "labels/pascal_voc_labelmap.txt"))))
        .populate();

    assertThat(lint(detector)).isEmpty();
    assertThat(lint(segmenter)).isEmpty();
  }

  @Test
  void releasedModelWithMetadataLacksOnlyItsParserVersion() {
    assertThat(lint(Testdata.bytes(
        "models/image_classification/mobilenet_v1_0.25_224_quant.tflite")))
        .extracting(LintFinding::toString).containsExactly(
            "warning: metadata: min_parser_version is not set; the metadata needs 1.0.0");
  }

  @Test
  void fewerLabelsThanClasses() throws IOException {
    Path labels = Files.writeString(dir.resolve("labels.txt"), "background\n\nperson\n");
    byte[] model = ImageSegmenterWriter.createForInference(Testdata.bytes(DEEPLAB), HALF, HALF,
        List.of(LabelFile.of(labels))).populate();

    assertThat(lint(model)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.location()).startsWith("output 0");
      assertThat(f.message()).contains("label file \"labels.txt\" has 2 labels, but the tensor"
          + " has 21 classes");
    });
  }

  @Test
  void statsInconsistentWithNormalization() throws IOException {
    MetadataWriter writer = ImageEmbedderWriter.createForInference(Testdata.bytes(
        "models/image_classification/mobilenet_v1_0.25_224_1_default_1.tflite"), HALF, HALF);
    ModelMetadata metadata = writer.metadata();
    SubGraphMetadata subgraph = metadata.subgraph();
    TensorMetadata input = subgraph.inputTensorMetadata().get(0).toBuilder()
        .stats(new Stats(List.of(255f), List.of(0f))).build();
    ModelMetadata edited = metadata.toBuilder().subgraphMetadata(List.of(subgraph.toBuilder()
        .inputTensorMetadata(List.of(input)).build())).build();

    byte[] model = MetadataPopulator.populate(Testdata.bytes(
        "models/image_classification/mobilenet_v1_0.25_224_1_default_1.tflite"), edited,
        Map.of());

    assertThat(lint(model)).singleElement().satisfies(f -> assertThat(f.message())
        .contains("inconsistent with normalization").contains("expected min [-1.0], max [1.0]"));
  }

  @Test
  void floatImageWithoutNormalization() throws IOException {
    byte[] model = ImageEmbedderWriter.createForInference(Testdata.bytes(
        "models/image_classification/mobilenet_v1_0.25_224_1_default_1.tflite"), null, null)
        .populate();

    assertThat(lint(model)).singleElement().satisfies(f -> assertThat(f.message())
        .contains("float image without NormalizationOptions"));
  }

  @Test
  void missingAndUnreferencedAssociatedFiles() throws IOException {
    byte[] populated = ImageSegmenterWriter.createForInference(Testdata.bytes(DEEPLAB), HALF,
        HALF, List.of(LabelFile.of(as("labelmap.txt", "labels/pascal_voc_labelmap.txt"))))
        .populate();
    byte[] withoutZip =
        Arrays.copyOf(populated, StoredZip.read(ByteBuffer.wrap(populated)).start());
    ModelMetadata metadata = ModelMetadata.fromFlatBuffer(ModelFile.wrap(ByteBuffer.wrap(
        populated)).metadata(ModelFile.METADATA_NAME).orElseThrow());
    byte[] extra = MetadataPopulator.populate(Testdata.bytes(DEEPLAB), metadata, Map.of(
        "labelmap.txt", Testdata.bytes("labels/pascal_voc_labelmap.txt"),
        "notes.txt", new byte[] {'x'}));

    assertThat(lint(withoutZip)).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.toString()).isEqualTo("error: file \"labelmap.txt\": is named in the metadata"
          + " but not packed in the model");
    });
    assertThat(lint(extra)).singleElement().satisfies(f -> assertThat(f.toString())
        .isEqualTo("warning: file \"notes.txt\": is packed in the model but not named in the"
            + " metadata"));
  }

  @Test
  void wrongMinParserVersion() throws IOException {
    MetadataWriter writer = ObjectDetectorWriter.createForInference(Testdata.bytes(SSD), HALF,
        HALF, List.of(), null);
    byte[] populated = writer.populate();
    // Patch the recorded version in place: "1.2.0" becomes "1.0.0".
    byte[] tampered = populated.clone();
    String text = new String(tampered, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.indexOf("1.2.0");
    tampered[at + 2] = '0';

    assertThat(lint(populated)).isEmpty();
    assertThat(lint(tampered)).singleElement().satisfies(f -> assertThat(f.message())
        .isEqualTo("min_parser_version is 1.0.0, but the metadata needs 1.2.0"));
  }

  @Test
  void tensorGroupsOfUnequalLengthOrUnknownNames() {
    byte[] model = SyntheticModels.unequalOutputs();
    List<TensorMetadata> tensors = List.of(TensorInfo.feature("a", null),
        TensorInfo.feature("b", null));
    ModelMetadata metadata = ModelMetadata.builder().subgraphMetadata(List.of(SubGraphMetadata
        .builder().inputTensorMetadata(tensors).outputTensorMetadata(tensors)
        .outputTensorGroups(List.of(new TensorGroup("unequal", List.of("a", "b")),
            new TensorGroup("unknown", List.of("boxes"))))
        .build())).build();

    byte[] populated = MetadataPopulator.populate(model, metadata, Map.of());

    assertThat(lint(populated)).extracting(LintFinding::toString).containsExactly(
        "warning: output tensor group \"unequal\": groups tensors of unequal length (dimension"
            + " 1): [a [1, 4], b [1, 2]]",
        "error: output tensor group \"unknown\": names \"boxes\", which no output tensor"
            + " metadata has");
  }

  @Test
  void modelWithoutMetadata() {
    assertThat(lint(Testdata.bytes(SSD))).singleElement().satisfies(f -> assertThat(f.message())
        .startsWith("has no TFLITE_METADATA metadata"));
  }
}
