package dev.jlite.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.Metadata;
import dev.jlite.schema.model.Model;
import dev.jlite.schema.model.TensorType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataPopulatorTest {
  private static final String SSD = "models/object_detection/ssd_mobilenet_v1.tflite";
  private static final String QUANT =
      "models/image_classification/mobilenet_v1_0.25_224_quant.tflite";
  private static final String NL =
      "models/text/test_model_nl_classifier_with_associated_label.tflite";

  @TempDir
  Path dir;

  private static ModelMetadata golden(String name) {
    return MetadataJson.fromJson(Testdata.text("goldens/metadata/" + name + ".json"));
  }

  private static Map<String, byte[]> files(String... namesAndPaths) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < namesAndPaths.length; i += 2) {
      files.put(namesAndPaths[i], Testdata.bytes(namesAndPaths[i + 1]));
    }
    return files;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  @Test
  void writtenMetadataAndFilesAreReadBackByTheExtractor() {
    byte[] model = Testdata.bytes(SSD);
    ModelMetadata metadata = golden("ssd_mobilenet_v1");

    byte[] populated = MetadataPopulator.populate(model, metadata,
        files("labelmap.txt", "labels/coco_labelmap.txt"));

    MetadataExtractor extractor = MetadataExtractor.of(ModelFile.wrap(ByteBuffer.wrap(populated)));
    ModelMetadata read = ModelMetadata.fromFlatBuffer(extractor.metadataBuffer().orElseThrow());
    assertThat(read).isEqualTo(metadata.toBuilder().minParserVersion("1.2.0").build());
    assertThat(extractor.minParserVersion()).contains("1.2.0");
    assertThat(extractor.associatedFileNames()).containsExactly("labelmap.txt");
    assertThat(bytes(extractor.associatedFile("labelmap.txt").orElseThrow()))
        .isEqualTo(Testdata.bytes("labels/coco_labelmap.txt"));
  }

  @Test
  void keepsTheWholeModelByteForByteBehindAPrefix() {
    byte[] model = Testdata.bytes(SSD);

    byte[] populated = MetadataPopulator.populate(model, golden("ssd_mobilenet_v1"),
        files("labelmap.txt", "labels/coco_labelmap.txt"));

    int zipStart = StoredZip.read(ByteBuffer.wrap(populated)).start();
    int shift = zipStart - model.length;
    assertThat(shift % 16).isZero();
    assertThat(java.util.Arrays.copyOfRange(populated, shift, zipStart)).isEqualTo(model);
    ModelFile before = ModelFile.wrap(ByteBuffer.wrap(model));
    ModelFile after = ModelFile.wrap(ByteBuffer.wrap(populated));
    // The new root reuses the old operator codes, subgraphs and buffers in place.
    assertThat(after.model().subgraphs(0).getByteBuffer()).isNotNull();
    assertThat(after.model().operatorCodesLength()).isEqualTo(before.model().operatorCodesLength());
    for (int i = 0; i < before.model().buffersLength(); i++) {
      assertThat(after.bufferData(i)).isEqualTo(before.bufferData(i));
    }
  }

  @Test
  void everyTestModelKeepsItsSignaturesEntriesAndTensors() throws IOException {
    List<Path> models;
    try (var walk = Files.walk(Testdata.path("models"))) {
      models = walk.filter(p -> p.toString().endsWith(".tflite"))
          .filter(p -> !p.endsWith("tflm_person_detect.tflite")).sorted().toList();
    }
    assertThat(models).hasSizeGreaterThan(20);
    for (Path path : models) {
      byte[] model = Files.readAllBytes(path);
      ModelFile before = ModelFile.wrap(ByteBuffer.wrap(model));
      var graph = before.model().subgraphs(0);
      List<TensorMetadata> inputs = java.util.Collections.nCopies(graph.inputsLength(),
          TensorMetadata.builder().build());
      List<TensorMetadata> outputs = java.util.Collections.nCopies(graph.outputsLength(),
          TensorMetadata.builder().build());
      ModelMetadata metadata = ModelMetadata.builder().subgraphMetadata(List.of(SubGraphMetadata
          .builder().inputTensorMetadata(inputs).outputTensorMetadata(outputs).build())).build();

      byte[] populated = MetadataPopulator.populate(model, metadata, Map.of());

      Model a = before.model();
      Model b = ModelFile.wrap(ByteBuffer.wrap(populated)).model();
      assertThat(b.version()).as(path.toString()).isEqualTo(a.version());
      assertThat(b.description()).isEqualTo(a.description());
      assertThat(b.subgraphsLength()).isEqualTo(a.subgraphsLength());
      assertThat(b.subgraphs(0).tensorsLength()).isEqualTo(a.subgraphs(0).tensorsLength());
      assertThat(b.subgraphs(0).operatorsLength()).isEqualTo(a.subgraphs(0).operatorsLength());
      assertThat(b.signatureDefsLength()).isEqualTo(a.signatureDefsLength());
      for (int i = 0; i < a.signatureDefsLength(); i++) {
        assertThat(b.signatureDefs(i).signatureKey()).isEqualTo(a.signatureDefs(i).signatureKey());
      }
      List<String> namesBefore = new ArrayList<>();
      for (int i = 0; i < a.metadataLength(); i++) {
        namesBefore.add(a.metadata(i).name());
      }
      if (!namesBefore.contains(ModelFile.METADATA_NAME)) {
        namesBefore.add(ModelFile.METADATA_NAME);
      }
      List<String> namesAfter = new ArrayList<>();
      for (int i = 0; i < b.metadataLength(); i++) {
        namesAfter.add(b.metadata(i).name());
      }
      assertThat(namesAfter).as(path.toString()).isEqualTo(namesBefore);
    }
  }

  @Test
  void otherMetadataEntriesSurviveAndTheOldEntryIsReplaced() {
    byte[] model = Testdata.bytes(QUANT);
    ModelFile original = ModelFile.wrap(ByteBuffer.wrap(model));
    ModelMetadata metadata = ModelMetadata.fromFlatBuffer(
        MetadataExtractor.of(original).metadataBuffer().orElseThrow())
        .toBuilder().name("renamed").build();

    byte[] populated = MetadataPopulator.populate(model, metadata, Map.of());

    ModelFile result = ModelFile.wrap(ByteBuffer.wrap(populated));
    Model before = original.model();
    Model after = result.model();
    assertThat(after.metadataLength()).isEqualTo(before.metadataLength());
    for (int i = 0; i < before.metadataLength(); i++) {
      Metadata entry = before.metadata(i);
      assertThat(after.metadata(i).name()).isEqualTo(entry.name());
      if (!entry.name().equals(ModelFile.METADATA_NAME)) {
        assertThat(bytes(result.metadata(entry.name()).orElseThrow()))
            .isEqualTo(bytes(original.metadata(entry.name()).orElseThrow()));
      }
    }
    MetadataExtractor extractor = MetadataExtractor.of(result);
    assertThat(ModelMetadata.fromFlatBuffer(extractor.metadataBuffer().orElseThrow()).name())
        .isEqualTo("renamed");
    // The labels were already packed and are still named by the metadata: carried over.
    assertThat(extractor.associatedFileNames())
        .isEqualTo(MetadataExtractor.of(original).associatedFileNames());
  }

  @Test
  void populatedModelsRunBitIdenticallyInTflite() {
    for (String path : List.of(SSD, "models/text/movie_review.tflite",
        "models/segmentation/deeplabv3_no_metadata.tflite")) {
      byte[] model = Testdata.bytes(path);
      ModelMetadata metadata = MetadataJson.fromJson(Testdata.text(
          "goldens/metadata/" + (path.contains("ssd") ? "ssd_mobilenet_v1_default"
              : path.contains("movie") ? "movie_review_default" : "deeplabv3_default")
          + ".json"));

      byte[] populated = MetadataPopulator.populate(model, metadata, Map.of());

      assertThat(Oracle.run(populated)).as(path).isDeepEqualTo(Oracle.run(model));
    }
  }

  @Test
  void repopulatingGivesTheSameBytesAsPopulatingTheOriginal() {
    byte[] model = Testdata.bytes(SSD);
    ModelMetadata first = golden("ssd_mobilenet_v1");
    ModelMetadata second = golden("ssd_mobilenet_v1").toBuilder().name("second").build();
    Map<String, byte[]> labels = files("labelmap.txt", "labels/coco_labelmap.txt");

    byte[] once = MetadataPopulator.populate(model, second, labels);
    byte[] twice = MetadataPopulator.populate(
        MetadataPopulator.populate(model, first, labels), second, labels);

    assertThat(twice).isEqualTo(once);
    assertThat(MetadataPopulator.populate(model, second, labels)).isEqualTo(once);
  }

  @Test
  void repopulatingAModelThatCameWithMetadataIsStableToo() {
    byte[] model = Testdata.bytes(QUANT);
    ModelMetadata metadata = ModelMetadata.fromFlatBuffer(MetadataExtractor.of(
        ModelFile.wrap(ByteBuffer.wrap(model))).metadataBuffer().orElseThrow());

    byte[] once = MetadataPopulator.populate(model, metadata, Map.of());
    byte[] twice = MetadataPopulator.populate(once, metadata, Map.of());

    assertThat(twice).isEqualTo(once);
  }

  @Test
  void modelWithoutAMetadataFieldGetsANewRootAndStillRuns() {
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder main = builder.addSubgraph("main");
    int a = main.addTensor("a", TensorType.FLOAT32, 1, 3);
    int b = main.addConstant("b", new int[] {1, 3}, new float[] {1.5f, -2f, 0.25f});
    int out = main.addTensor("out", TensorType.FLOAT32, 1, 3);
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.ADD).inputs(a, b).outputs(out).build());
    main.inputs(a).outputs(out);
    builder.description("tiny");
    byte[] model = builder.build();
    assertThat(ModelFile.wrap(ByteBuffer.wrap(model)).model().metadataLength()).isZero();
    ModelMetadata metadata = ModelMetadata.builder().name("tiny").subgraphMetadata(List.of(
        SubGraphMetadata.builder()
            .inputTensorMetadata(List.of(TensorMetadata.builder().name("a").build()))
            .outputTensorMetadata(List.of(TensorMetadata.builder().name("out").build()))
            .build())).build();

    byte[] populated = MetadataPopulator.populate(model, metadata, Map.of());

    ModelFile result = ModelFile.wrap(ByteBuffer.wrap(populated));
    assertThat(result.model().description()).isEqualTo("tiny");
    assertThat(ModelMetadata.fromFlatBuffer(
        MetadataExtractor.of(result).metadataBuffer().orElseThrow()).name()).isEqualTo("tiny");
    assertThat(Oracle.run(populated)).isDeepEqualTo(Oracle.run(model));
    assertThat(MetadataPopulator.populate(populated, metadata, Map.of())).isEqualTo(populated);
  }

  @Test
  void filesAreAStoredZipThatUnzipAndJavaCanList() throws Exception {
    byte[] populated = MetadataPopulator.populate(Testdata.bytes("models/text/movie_review.tflite"),
        golden("movie_review_regex"), files("labels.txt", "labels/movie_review_labels.txt",
            "vocab.txt", "text/movie_review_vocab.txt"));
    Path file = dir.resolve("model.tflite");
    Files.write(file, populated);

    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        names.add(entry.getName());
        assertThat(entry.getMethod()).isEqualTo(ZipEntry.STORED);
      }
    }
    assertThat(names).containsExactly("labels.txt", "vocab.txt");
    Process unzip = new ProcessBuilder("unzip", "-l", file.toString()).redirectErrorStream(true)
        .start();
    String listing = new String(unzip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(unzip.waitFor()).as(listing).isZero();
    assertThat(listing).contains("labels.txt").contains("vocab.txt").contains("1980");
  }

  @Test
  void outputIsDeterministicAndTheInputUntouched(@TempDir Path temp) throws IOException {
    Path input = temp.resolve("in.tflite");
    Files.write(input, Testdata.bytes(SSD));
    Path out1 = temp.resolve("out1.tflite");
    Path out2 = temp.resolve("out2.tflite");
    Map<String, byte[]> labels = files("labelmap.txt", "labels/coco_labelmap.txt");

    MetadataPopulator.populate(input, out1, golden("ssd_mobilenet_v1"), labels);
    MetadataPopulator.populate(input, out2, golden("ssd_mobilenet_v1"), labels);

    assertThat(Files.readAllBytes(input)).isEqualTo(Testdata.bytes(SSD));
    assertThat(Files.readAllBytes(out1)).isEqualTo(Files.readAllBytes(out2));
    try (var listing = Files.list(temp)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("in.tflite", "out1.tflite", "out2.tflite");
    }
  }

  @Test
  void writesInPlaceWhenAsked(@TempDir Path temp) throws IOException {
    Path model = temp.resolve("m.tflite");
    Files.write(model, Testdata.bytes(SSD));

    MetadataPopulator.populate(model, model, golden("ssd_mobilenet_v1_default"), Map.of());

    assertThat(MetadataExtractor.of(ModelFile.read(model)).hasMetadata()).isTrue();
  }

  @Test
  void aFileNamedByTheMetadataMustBeSupplied(@TempDir Path temp) throws IOException {
    Path input = temp.resolve("in.tflite");
    Files.write(input, Testdata.bytes(SSD));
    Path output = temp.resolve("out.tflite");

    assertThatThrownBy(() -> MetadataPopulator.populate(input, output,
        golden("ssd_mobilenet_v1"), Map.of()))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("'labelmap.txt', is recorded in the metadata");
    assertThat(output).doesNotExist();
  }

  @Test
  void tensorCountsMustMatchTheModel() {
    ModelMetadata tooFew = golden("ssd_mobilenet_v1_default");
    SubGraphMetadata subgraph = tooFew.subgraph();
    ModelMetadata threeOutputs = tooFew.toBuilder().subgraphMetadata(List.of(subgraph.toBuilder()
        .outputTensorMetadata(subgraph.outputTensorMetadata().subList(0, 3)).build())).build();

    assertThatThrownBy(() -> MetadataPopulator.populate(Testdata.bytes(SSD), threeOutputs,
        Map.of())).isInstanceOf(MetadataException.class)
        .hasMessage("The number of output tensors (4) should match the number of output tensor"
            + " metadata (3)");
    assertThatThrownBy(() -> MetadataPopulator.populate(Testdata.bytes(SSD),
        tooFew.toBuilder().subgraphMetadata(List.of(subgraph, subgraph)).build(), Map.of()))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("exactly one, but got 2");
  }

  @Test
  void aCorruptModelIsRejected(@TempDir Path temp) throws IOException {
    byte[] model = Testdata.bytes(NL);
    byte[] truncated = java.util.Arrays.copyOf(model, 200);
    Path input = temp.resolve("bad.tflite");
    Files.write(input, truncated);
    Path output = temp.resolve("out.tflite");

    assertThatThrownBy(() -> MetadataPopulator.populate(input, output,
        golden("test_model_nl_classifier_with_associated_label"), Map.of()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith(input.toString());
    assertThat(output).doesNotExist();
  }

  @Test
  void anUnreadableModelIsAnIoError(@TempDir Path temp) {
    Path missing = temp.resolve("missing.tflite");

    assertThatThrownBy(() -> MetadataPopulator.populate(missing, temp.resolve("o.tflite"),
        golden("ssd_mobilenet_v1_default"), Map.of()))
        .isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining("missing.tflite");
  }

  @Test
  void repairsAModelWhoseOldMetadataIsWrong() {
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder main = builder.addSubgraph("main");
    int a = main.addTensor("a", TensorType.FLOAT32, 1, 2);
    int out = main.addTensor("out", TensorType.FLOAT32, 1, 2);
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(a).outputs(out).build());
    main.inputs(a).outputs(out);
    TensorMetadata tensor = TensorMetadata.builder().name("t").build();
    ModelMetadata wrong = ModelMetadata.builder().subgraphMetadata(List.of(SubGraphMetadata
        .builder().inputTensorMetadata(List.of(tensor, tensor))
        .outputTensorMetadata(List.of(tensor)).build())).build();
    builder.addMetadata(ModelFile.METADATA_NAME, wrong.toFlatBuffer());
    byte[] model = builder.build();
    assertThatThrownBy(() -> MetadataExtractor.of(ModelFile.wrap(ByteBuffer.wrap(model))))
        .isInstanceOf(InvalidModelException.class);
    ModelMetadata right = ModelMetadata.builder().subgraphMetadata(List.of(SubGraphMetadata
        .builder().inputTensorMetadata(List.of(tensor)).outputTensorMetadata(List.of(tensor))
        .build())).build();

    byte[] repaired = MetadataPopulator.populate(model, right, Map.of());

    MetadataExtractor extractor = MetadataExtractor.of(ModelFile.wrap(ByteBuffer.wrap(repaired)));
    assertThat(extractor.subgraphMetadata().orElseThrow().inputTensorMetadataLength()).isOne();
  }

  @Test
  void aMalformedOldArchiveIsAnInvalidModel() {
    byte[] model = Testdata.bytes(NL);
    byte[] broken = model.clone();
    // The last 22 bytes are the end record; point its directory offset past the file.
    broken[broken.length - 22 + 16] = (byte) 0xff;
    broken[broken.length - 22 + 17] = (byte) 0xff;

    assertThatThrownBy(() -> MetadataPopulator.populate(broken,
        golden("test_model_nl_classifier_with_associated_label"), Map.of()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("associated-file zip");
  }

  /**
   * The official metadata_test.py populator case: a two-input model with two other metadata
   * entries, metadata with a model-level and a tensor-level file; the displayed JSON is its golden.
   */
  @Test
  void officialPopulatorCaseMatchesItsGolden() {
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder main = builder.addSubgraph("main");
    int a = main.addTensor("a", TensorType.FLOAT32, 1, 2);
    int b = main.addTensor("b", TensorType.FLOAT32, 1, 2);
    int out = main.addTensor("out", TensorType.FLOAT32, 1, 2);
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.ADD).inputs(a, b).outputs(out).build());
    main.inputs(a, b).outputs(out);
    int empty = builder.addBuffer(new byte[0]);
    builder.addMetadata("meta", empty).addMetadata("meta", empty);
    byte[] model = builder.build();
    AssociatedFile file1 = new AssociatedFile("file1", null, null, null, null);
    AssociatedFile file2 = new AssociatedFile("file2", null, null, null, null);
    ModelMetadata metadata = ModelMetadata.builder().name("Mobilenet_quantized")
        .associatedFiles(List.of(file1))
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(List.of(TensorMetadata.builder().build(),
                TensorMetadata.builder().build()))
            .outputTensorMetadata(List.of(TensorMetadata.builder()
                .associatedFiles(List.of(file2)).build()))
            .build()))
        .build();

    byte[] populated = MetadataPopulator.populate(model, metadata,
        new LinkedHashMap<>(Map.of("file1", new byte[] {1}, "file2", new byte[] {2})));

    ModelFile result = ModelFile.wrap(ByteBuffer.wrap(populated));
    assertThat(MetadataJson.toJson(ModelMetadata.fromFlatBuffer(
        result.metadata(ModelFile.METADATA_NAME).orElseThrow())))
        .isEqualTo(Testdata.text("goldens/metadata/populator_golden_json.json"));
    Model root = result.model();
    assertThat(List.of(root.metadata(0).name(), root.metadata(1).name(), root.metadata(2).name()))
        .containsExactly("meta", "meta", ModelFile.METADATA_NAME);
    assertThat(Oracle.run(populated)).isDeepEqualTo(Oracle.run(model));
  }
}
