package dev.jlite.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.ModelFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official writers' test cases ({@code metadata_writer} entries of goldens/tasks.json, and the
 * score-calibration and audio cases of the same test files): same arguments, same JSON.
 */
class WriterGoldenTest {
  private static final double[] HALF = {127.5};

  @TempDir
  Path dir;

  /** A testdata file copied under the name the official test used, which the metadata records. */
  private Path as(String name, String testdata) throws IOException {
    Path copy = dir.resolve(name);
    Files.write(copy, Testdata.bytes(testdata));
    return copy;
  }

  private static String golden(String name) {
    return Testdata.text("goldens/metadata/" + name + ".json");
  }

  private static void assertReadBackAndRuns(MetadataWriter writer, byte[] model) {
    byte[] populated = writer.populate();
    MetadataExtractor extractor = MetadataExtractor.of(ModelFile.wrap(ByteBuffer.wrap(populated)));
    ModelMetadata read = ModelMetadata.fromFlatBuffer(extractor.metadataBuffer().orElseThrow());
    ModelMetadata expected = AssociatedFiles.withBaseNames(writer.metadata());
    assertThat(read).isEqualTo(expected.toBuilder()
        .minParserVersion(ParserVersion.minimum(expected)).build());
    assertThat(extractor.associatedFileNames()).containsExactlyElementsOf(writer.files().keySet());
    assertThat(Oracle.run(populated)).isDeepEqualTo(Oracle.run(model));
  }

  /** py.metadata_writer.object_detector.for_inference_ssd */
  @Test
  void objectDetector() throws IOException {
    byte[] model = Testdata.bytes("models/object_detection/ssd_mobilenet_v1.tflite");

    MetadataWriter writer = ObjectDetectorWriter.createForInference(model, HALF, HALF,
        List.of(LabelFile.of(as("labelmap.txt", "labels/coco_labelmap.txt"))), null);

    assertThat(writer.metadataJson()).isEqualTo(golden("ssd_mobilenet_v1"));
    assertReadBackAndRuns(writer, model);
  }

  /** py.metadata_writer.image_segmenter.for_inference */
  @Test
  void imageSegmenter() throws IOException {
    byte[] model = Testdata.bytes("models/segmentation/deeplabv3_no_metadata.tflite");

    MetadataWriter writer = ImageSegmenterWriter.createForInference(model, HALF, HALF,
        List.of(LabelFile.of(as("labelmap.txt", "labels/pascal_voc_labelmap.txt"))));

    assertThat(writer.metadataJson()).isEqualTo(golden("deeplabv3"));
    assertReadBackAndRuns(writer, model);
  }

  /** py.metadata_writer.nl_classifier.for_inference_regex: compares the populated metadata. */
  @Test
  void nlClassifierWithRegexTokenizer() throws IOException {
    byte[] model = Testdata.bytes("models/text/movie_review.tflite");

    MetadataWriter writer = NlClassifierWriter.createForInference(model,
        new Tokenizer.Regex("[^\\w\\']+", as("vocab.txt", "text/movie_review_vocab.txt")),
        List.of(LabelFile.of(as("labels.txt", "labels/movie_review_labels.txt"))));

    assertThat(writer.populatedMetadataJson()).isEqualTo(golden("movie_review_regex"));
    assertReadBackAndRuns(writer, model);
  }

  /** image_classifier_test.py, quant_model: with LOG score calibration, default score 0.2. */
  @Test
  void imageClassifierWithScoreCalibration() throws IOException {
    byte[] model = Testdata.bytes(
        "models/image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite");
    ScoreCalibration calibration = ScoreCalibration.of(ScoreTransformationType.LOG, 0.2f,
        as("score_calibration.txt", "labels/mobilenet_v2_score_calibration.txt"));

    MetadataWriter writer = ImageClassifierWriter.createForInference(model, HALF, HALF,
        List.of(LabelFile.of(as("labels.txt", "labels/imagenet_labels_1001.txt"))), calibration);

    assertThat(writer.metadataJson()).isEqualTo(golden("mobilenet_v2_1.0_224_quant"));
    assertReadBackAndRuns(writer, model);
  }

  /** object_detector_test.py: INVERSE_LOGISTIC score calibration, default score 0.2. */
  @Test
  void objectDetectorWithScoreCalibration() throws IOException {
    byte[] model = Testdata.bytes("models/object_detection/ssd_mobilenet_v1.tflite");
    ScoreCalibration calibration = ScoreCalibration.of(ScoreTransformationType.INVERSE_LOGISTIC,
        0.2f, as("score_calibration.csv", "labels/coco_ssd_score_calibration.csv"));

    MetadataWriter writer = ObjectDetectorWriter.createForInference(model, HALF, HALF,
        List.of(LabelFile.of(as("labelmap.txt", "labels/coco_labelmap.txt"))), calibration);

    assertThat(writer.metadataJson()).isEqualTo(golden("coco_ssd_mobilenet_v1_score_calibration"));
  }

  /** audio_classifier_test.py, fixed input size: sample rate 2, 1 channel, LOG calibration. */
  @Test
  void audioClassifier() throws IOException {
    byte[] model = Testdata.bytes("writer/yamnet_wavin_quantized_mel_relu6.tflite");
    Path calibrationFile = dir.resolve("score_calibration.txt");
    Files.writeString(calibrationFile, "1.0,2.0,3.0,4.0");

    MetadataWriter writer = AudioClassifierWriter.createForInference(model, 2, 1,
        List.of(LabelFile.of(Testdata.path("labels/yamnet_521_labels.txt"))),
        ScoreCalibration.of(ScoreTransformationType.LOG, 0.2f, calibrationFile));

    assertThat(writer.metadataJson()).isEqualTo(golden("yamnet_wavin_quantized_mel_relu6"));
    assertThat(writer.populatedMetadataJson()).contains("\"min_parser_version\": \"1.3.0\"");
  }

  /** The official create_from_metadata_info(model) cases: every writer's defaults. */
  @Test
  void defaultsOfEveryWriter() throws IOException {
    assertThat(ImageClassifierWriter.createWithDefaults(Testdata.bytes(
        "models/image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite"))
        .metadataJson()).isEqualTo(golden("mobilenet_v2_1.0_224_default"));
    assertThat(ObjectDetectorWriter.createWithDefaults(Testdata.bytes(
        "models/object_detection/ssd_mobilenet_v1.tflite")).metadataJson())
        .isEqualTo(golden("ssd_mobilenet_v1_default"));
    assertThat(ImageSegmenterWriter.createWithDefaults(Testdata.bytes(
        "models/segmentation/deeplabv3_no_metadata.tflite")).metadataJson())
        .isEqualTo(golden("deeplabv3_default"));
    assertThat(NlClassifierWriter.createWithDefaults(Testdata.bytes(
        "models/text/movie_review.tflite")).metadataJson())
        .isEqualTo(golden("movie_review_default"));
    assertThat(AudioClassifierWriter.createWithDefaults(Testdata.bytes(
        "writer/yamnet_wavin_quantized_mel_relu6.tflite")).metadataJson())
        .isEqualTo(golden("yamnet_wavin_quantized_mel_relu6_default"));
  }
}
