package dev.jlite.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.ModelFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers checked against official goldens through stand-in models, and jlite's own writers. */
class MoreWritersTest {
  /** The input order of the official BERT NL classifier test model. */
  private static final String[] BERT_INPUTS = {BertNlClassifierWriter.DEFAULT_IDS_NAME,
      BertNlClassifierWriter.DEFAULT_SEGMENT_NAME, BertNlClassifierWriter.DEFAULT_MASK_NAME};

  @TempDir
  Path dir;

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private Path as(String name, String testdata) throws IOException {
    return Files.write(dir.resolve(name), Testdata.bytes(testdata));
  }

  /**
   * The official BERT NL classifier writer's populated JSON depends on the model only through
   * its input names, input order and output type, which the stand-in model shares.
   */
  @Test
  void bertNlClassifierWithBertTokenizerMatchesTheOfficialGolden() throws IOException {
    byte[] model = SyntheticModels.intInputsFloatOutputs(BERT_INPUTS, "probs");

    MetadataWriter writer = BertNlClassifierWriter.createForInference(model,
        new Tokenizer.Bert(Testdata.path("text/mobilebert_vocab.txt")),
        List.of(LabelFile.of(as("labels.txt", "labels/bert_nl_classifier_labels.txt"))));

    assertThat(writer.populatedMetadataJson()).isEqualTo(
        Testdata.text("goldens/metadata/bert_nl_classifier_with_bert_tokenizer.json"));
    assertThat(writer.files().keySet()).containsExactly("labels.txt", "mobilebert_vocab.txt");
    assertThat(Oracle.run(writer.populate())).isDeepEqualTo(Oracle.run(model));
  }

  @Test
  void bertNlClassifierDefaultsMatchTheOfficialGolden() throws IOException {
    byte[] model = SyntheticModels.intInputsFloatOutputs(BERT_INPUTS, "probs");

    assertThat(BertNlClassifierWriter.createWithDefaults(model).metadataJson())
        .isEqualTo(Testdata.text("goldens/metadata/bert_nl_classifier_default.json"));
  }

  @Test
  void bertNlClassifierWithSentencePieceMatchesTheOfficialGolden() throws IOException {
    byte[] model = SyntheticModels.intInputsFloatOutputs(BERT_INPUTS, "probs");

    MetadataWriter writer = BertNlClassifierWriter.createForInference(model,
        new Tokenizer.SentencePiece(file("30k-clean.model", "stand-in"), null),
        List.of(LabelFile.of(as("labels.txt", "labels/bert_nl_classifier_labels.txt"))));

    assertThat(writer.populatedMetadataJson()).isEqualTo(
        Testdata.text("goldens/metadata/bert_nl_classifier_with_sentence_piece.json"));
  }

  @Test
  void bertQuestionAnswererFollowsTheOfficialQaModelsMetadata() throws IOException {
    byte[] model = SyntheticModels.intInputsFloatOutputs(
        new String[] {"input_ids", "input_mask", "segment_ids"}, "start_logits", "end_logits");

    MetadataWriter writer = BertQuestionAnswererWriter.createForInference(model,
        new Tokenizer.Bert(Testdata.path("text/mobilebert_vocab.txt")));

    ModelMetadata metadata = writer.metadata();
    SubGraphMetadata subgraph = metadata.subgraph();
    assertThat(subgraph.inputTensorMetadata()).extracting(TensorMetadata::name)
        .containsExactly("ids", "mask", "segment_ids");
    assertThat(subgraph.outputTensorMetadata()).extracting(TensorMetadata::name)
        .containsExactly("start_logits", "end_logits");
    assertThat(subgraph.inputProcessUnits()).singleElement()
        .extracting(ProcessUnit::options).isInstanceOf(BertTokenizerOptions.class);
    assertThat(writer.populatedMetadataJson()).contains("\"min_parser_version\": \"1.1.0\"")
        .contains("\"name\": \"mobilebert_vocab.txt\"");
    assertThat(Oracle.run(writer.populate())).isDeepEqualTo(Oracle.run(model));
  }

  @Test
  void poseEstimatorRecordsKeypointNamesAsAxisLabels() throws IOException {
    byte[] model = Testdata.bytes("models/pose/movenet_singlepose_lightning_int8_4.tflite");
    Path names = file("keypoints.txt", "nose\nleft_eye\nright_eye\n");

    MetadataWriter writer = PoseEstimatorWriter.createForInference(model, new double[] {127.5},
        new double[] {127.5}, LabelFile.of(names));

    TensorMetadata output = writer.metadata().subgraph().outputTensorMetadata().get(0);
    assertThat(output.name()).isEqualTo("keypoints");
    assertThat(output.associatedFiles()).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("keypoints.txt");
      assertThat(f.type()).isEqualTo(AssociatedFileType.TENSOR_AXIS_LABELS);
    });
    TensorMetadata input = writer.metadata().subgraph().inputTensorMetadata().get(0);
    assertThat(input.stats()).isEqualTo(new Stats(List.of(255f), List.of(0f)));
    byte[] populated = writer.populate();
    assertThat(MetadataExtractor.of(ModelFile.wrap(ByteBuffer.wrap(populated)))
        .associatedFileNames()).containsExactly("keypoints.txt");
    assertThat(Oracle.run(populated)).isDeepEqualTo(Oracle.run(model));
  }

  @Test
  void imageEmbedderOfAFloatModelRecordsNormalizedBounds() throws IOException {
    byte[] model = Testdata.bytes(
        "models/image_classification/mobilenet_v1_0.25_224_1_default_1.tflite");

    MetadataWriter writer = ImageEmbedderWriter.createForInference(model,
        new double[] {127.5, 127.5, 127.5}, new double[] {127.5, 127.5, 127.5});

    TensorMetadata input = writer.metadata().subgraph().inputTensorMetadata().get(0);
    assertThat(input.stats()).isEqualTo(new Stats(List.of(1f, 1f, 1f), List.of(-1f, -1f, -1f)));
    assertThat(writer.metadata().subgraph().outputTensorMetadata().get(0).name())
        .isEqualTo("embedding");
    assertThat(writer.populatedMetadataJson()).contains("\"min_parser_version\": \"1.0.0\"");
  }

  /**
   * The official multi-head cases (audio_classifier_test.py): the JSON depends on the model only
   * through its output names and order, which the stand-in shares with the official two_heads
   * model.
   */
  @Test
  void multiHeadAudioClassifierMatchesTheOfficialGoldens() throws IOException {
    byte[] model = SyntheticModels.intInputsFloatOutputs(new String[] {"audio"}, "Identity",
        "Identity_1");
    ClassificationHead head1 = new ClassificationHead("head1", null,
        List.of(LabelFile.of(file("labels_en_1.txt", "a\n")),
            LabelFile.of(file("labels_cn_1.txt", "a\n"))),
        ScoreCalibration.of(ScoreTransformationType.LOG, 0.2f,
            file("score_cali_1.txt", "1.0,2.0,3.0,4.0")), "Identity_1");
    ClassificationHead head2 = new ClassificationHead("head2", null,
        List.of(LabelFile.of(file("labels_en_2.txt", "b\n")),
            LabelFile.of(file("labels_cn_2.txt", "b\n"))),
        ScoreCalibration.of(ScoreTransformationType.LOG, 0.2f,
            file("score_cali_2.txt", "1.0,2.0,3.0,4.0")), "Identity");

    MetadataWriter writer = AudioClassifierWriter.createForMultihead(model,
        new GeneralInfo("AudioClassifier", null, null, null, null),
        new AudioInput("audio_clip", null, 2, 1), List.of(head1, head2));
    MetadataWriter defaults = AudioClassifierWriter.createForMultihead(model, null, null, null);

    assertThat(writer.metadataJson()).isEqualTo(
        Testdata.text("goldens/metadata/two_heads.json"));
    assertThat(defaults.metadataJson()).isEqualTo(
        Testdata.text("goldens/metadata/two_heads_default.json"));
    assertThat(writer.files().keySet()).containsExactly("labels_en_2.txt", "labels_cn_2.txt",
        "score_cali_2.txt", "labels_en_1.txt", "labels_cn_1.txt", "score_cali_1.txt");
    assertThat(writer.populatedMetadataJson()).contains("\"min_parser_version\": \"1.3.0\"");
  }

  @Test
  void multiHeadTensorNamesMustMatchTheOutputs() {
    byte[] model = SyntheticModels.intInputsFloatOutputs(new String[] {"audio"}, "Identity",
        "Identity_1");
    ClassificationHead head = new ClassificationHead("head", null, null, null, "Identity_7");

    assertThatThrownBy(() -> AudioClassifierWriter.createForMultihead(model, null, null,
        List.of(head))).isInstanceOf(MetadataException.class)
        .hasMessageContaining("do not match the tensor names read from the model");
  }

  @Test
  void generalInfoOverridesOnlyWhatIsSet() throws IOException {
    byte[] model = Testdata.bytes("models/segmentation/deeplabv3_no_metadata.tflite");

    MetadataWriter writer = ImageSegmenterWriter.createForInference(model, new double[] {127.5},
        new double[] {127.5}, List.of())
        .withGeneralInfo(new GeneralInfo(null, null, "v2", "jlite", "Apache-2.0"));

    ModelMetadata metadata = writer.metadata();
    assertThat(metadata.name()).isEqualTo("ImageSegmenter");
    assertThat(metadata.version()).isEqualTo("v2");
    assertThat(metadata.author()).isEqualTo("jlite");
    assertThat(metadata.license()).isEqualTo("Apache-2.0");
  }

  @Test
  void genericWriterAppliesEditedJson() throws IOException {
    byte[] model = Testdata.bytes("models/object_detection/ssd_mobilenet_v1.tflite");
    String json = Testdata.text("goldens/metadata/ssd_mobilenet_v1.json")
        .replace("\"ObjectDetector\"", "\"My detector\"");

    MetadataWriter writer = MetadataWriter.of(model, MetadataJson.fromJson(json),
        List.of(as("labelmap.txt", "labels/coco_labelmap.txt")));

    assertThat(writer.populatedMetadataJson()).isEqualTo(json.replace("\n  ]\n}\n",
        "\n  ],\n  \"min_parser_version\": \"1.2.0\"\n}\n"));
  }
}
