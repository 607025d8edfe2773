package dev.jlite.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.schema.model.TensorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The building blocks of the writers against the official {@code metadata_info_test.py} goldens:
 * each block is wrapped as the official test wraps it (a tensor as the only input tensor
 * metadata, a process unit as the only input process unit) and displayed.
 */
class MetadataInfoGoldenTest {
  private static final double[] MEAN = {0, 127.5, 255};
  private static final double[] STD = {127.5, 127.5, 127.5};

  @TempDir
  Path dir;

  private static String golden(String name) {
    return Testdata.text("goldens/metadata/metadata_info/" + name + ".json");
  }

  private static String asInput(TensorMetadata tensor) {
    return MetadataJson.toJson(ModelMetadata.builder().subgraphMetadata(List.of(
        SubGraphMetadata.builder().inputTensorMetadata(List.of(tensor)).build())).build());
  }

  private static String asInputUnit(ProcessUnit unit) {
    return MetadataJson.toJson(ModelMetadata.builder().subgraphMetadata(List.of(
        SubGraphMetadata.builder().inputProcessUnits(List.of(unit)).build())).build());
  }

  private static List<LabelFile> enAndCn() {
    return List.of(new LabelFile(Path.of("labels.txt"), "en"),
        new LabelFile(Path.of("labels_cn.txt"), "cn"));
  }

  private ScoreCalibration calibration(ScoreTransformationType type) throws IOException {
    Path file = Files.write(dir.resolve("score_calibration.txt"),
        Testdata.bytes("labels/mobilenet_v2_score_calibration.txt"));
    return ScoreCalibration.of(type, 0.2f, file);
  }

  @Test
  void inputImageTensors() {
    assertThat(asInput(TensorInfo.image("image", "The input image.", MEAN, STD,
        TensorType.FLOAT32))).isEqualTo(golden("input_image_tensor_float_meta"));
    assertThat(asInput(TensorInfo.image("image", "The input image.", MEAN, STD,
        TensorType.UINT8))).isEqualTo(golden("input_image_tensor_uint8_meta"));
    assertThat(asInput(TensorInfo.image("image", "The input image.", MEAN, STD,
        TensorType.INT16))).isEqualTo(golden("input_image_tensor_unsupported_meta"));
  }

  @Test
  void classificationTensors() throws IOException {
    ScoreCalibration identity = calibration(ScoreTransformationType.IDENTITY);
    String name = "probability";
    String description = "The classification result tensor.";

    assertThat(asInput(TensorInfo.classification(name, description, enAndCn(),
        TensorType.FLOAT32, identity))).isEqualTo(golden("classification_tensor_float_meta"));
    assertThat(asInput(TensorInfo.classification(name, description, enAndCn(),
        TensorType.UINT8, identity))).isEqualTo(golden("classification_tensor_uint8_meta"));
    assertThat(asInput(TensorInfo.classification(name, description, enAndCn(),
        TensorType.INT16, identity))).isEqualTo(golden("classification_tensor_unsupported_meta"));
  }

  @Test
  void categoryTextAndAudioTensors() {
    assertThat(asInput(TensorInfo.category("category", "The category tensor.", enAndCn())))
        .isEqualTo(golden("category_tensor_float_meta"));
    assertThat(asInput(TensorInfo.text("input text", "The input string.",
        new Tokenizer.Regex("[^\\w\\']+", Path.of("vocab.txt")))))
        .isEqualTo(golden("input_text_tesnor_meta"));
    assertThat(asInput(TensorInfo.text(null, null, null)))
        .isEqualTo(golden("input_text_tesnor_default_meta"));
    assertThat(asInput(TensorInfo.plain("input text", "The input string.", null, null,
        new AudioProperties(10, 2), null).build())).isEqualTo(golden("input_audio_tesnor_meta"));
    assertThat(asInput(TensorInfo.plain(null, null, null, null, new AudioProperties(0, 0), null)
        .build())).isEqualTo(golden("input_audio_tesnor_default_meta"));
  }

  @Test
  void plainTensorsOfEveryContentType() {
    List<AssociatedFile> files = List.of(
        new AssociatedFile("labels.txt", null, null, "en", null),
        new AssociatedFile("labels_cn.txt", null, null, "cn", null));
    ContentProperties[] contents = {new FeatureProperties(), new ImageProperties(null, null),
        new BoundingBoxProperties(null, null, null)};
    String[] goldens = {"feature_tensor_meta", "image_tensor_meta", "bounding_box_tensor_meta"};
    for (int i = 0; i < contents.length; i++) {
      assertThat(asInput(TensorInfo.plain("input", "The input tensor.", List.of(0f),
          List.of(1f), contents[i], files).build())).isEqualTo(golden(goldens[i]));
    }
  }

  @Test
  void tokenizersAndScoreCalibration() throws IOException {
    assertThat(asInputUnit(new Tokenizer.Regex("[^\\w\\']+", Path.of("vocab.txt"))
        .processUnit())).isEqualTo(golden("regex_tokenizer_meta"));
    assertThat(asInputUnit(new Tokenizer.Bert(Path.of("vocab.txt")).processUnit()))
        .isEqualTo(golden("bert_tokenizer_meta"));
    assertThat(asInputUnit(new Tokenizer.SentencePiece(Path.of("sp.model"),
        Path.of("vocab.txt")).processUnit())).isEqualTo(golden("sentence_piece_tokenizer_meta"));
    ScoreCalibration log = calibration(ScoreTransformationType.LOG);
    assertThat(asInputUnit(log.processUnit())).isEqualTo(golden("score_calibration_tensor_meta"));
    assertThat(MetadataJson.toJson(ModelMetadata.builder()
        .associatedFiles(List.of(log.metadata())).build()))
        .isEqualTo(golden("score_calibration_file_meta"));
  }

  @Test
  void generalInformationAndAssociatedFiles() {
    assertThat(MetadataJson.toJson(ModelMetadata.builder().name("model").version("v1")
        .description("A ML model.").author("TensorFlow").license("Apache").build()))
        .isEqualTo(golden("general_meta"));
    assertThat(MetadataJson.toJson(ModelMetadata.builder().associatedFiles(List.of(
        new AssociatedFile("label.txt", "The label file.", AssociatedFileType.TENSOR_AXIS_LABELS,
            "en", null))).build())).isEqualTo(golden("associated_file_meta"));
  }
}
