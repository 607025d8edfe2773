package dev.jlite.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bad-input classes of the issue, one test each: a typed error and no output file. */
class WriterErrorsTest {
  private static final double[] HALF = {127.5};
  private static final String SSD = "models/object_detection/ssd_mobilenet_v1.tflite";
  private static final String DEEPLAB = "models/segmentation/deeplabv3_no_metadata.tflite";

  @TempDir
  Path dir;

  @Test
  void meanAndStdOfDifferentLengths() {
    assertThatThrownBy(() -> ImageClassifierWriter.createForInference(Testdata.bytes(DEEPLAB),
        new double[] {127.5, 127.5, 127.5}, HALF, List.of(), null))
        .isInstanceOf(MetadataException.class)
        .hasMessage("norm_mean and norm_std are expected to be the same dim. But got 3 and 1");
  }

  @Test
  void negativeSampleRateAndChannels() {
    byte[] model = Testdata.bytes("writer/yamnet_wavin_quantized_mel_relu6.tflite");
    assertThatThrownBy(() -> AudioClassifierWriter.createForInference(model, -16000, 1,
        List.of(), null)).isInstanceOf(MetadataException.class)
        .hasMessage("sample_rate should be positive, but got -16000.");
    assertThatThrownBy(() -> AudioClassifierWriter.createForInference(model, 16000, 0,
        List.of(), null)).isInstanceOf(MetadataException.class)
        .hasMessage("channels should be positive, but got 0.");
  }

  @Test
  void aModelWithTwoSubgraphs() {
    assertThatThrownBy(() -> ImageEmbedderWriter.createForInference(
        SyntheticModels.twoSubgraphs(), HALF, HALF))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("exactly one subgraph, but this model has 2");
  }

  @Test
  void aNameThatMatchesNoTensor() {
    byte[] model = SyntheticModels.intInputsFloatOutputs(
        new String[] {"input_ids", "input_mask", "segment_ids"}, "start_logits", "end_logits");
    assertThatThrownBy(() -> BertNlClassifierWriter.createForInference(model,
        new Tokenizer.Bert(Testdata.path("text/mobilebert_vocab.txt")), List.of()))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("do not match the tensor names read from the model")
        .hasMessageContaining("input_mask");
    assertThatThrownBy(() -> BertQuestionAnswererWriter.createForInference(model,
        new Tokenizer.Bert(Testdata.path("text/mobilebert_vocab.txt")), "input_ids",
        "input_mask", "segment_ids", "end", "start_logits"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("end_logits");
  }

  @Test
  void anUnreadableLabelFile() {
    Path missing = dir.resolve("no_labels.txt");
    assertThatThrownBy(() -> ImageSegmenterWriter.createForInference(Testdata.bytes(DEEPLAB),
        HALF, HALF, List.of(LabelFile.of(missing))))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("no_labels.txt");
  }

  @Test
  void aCorruptModel() {
    byte[] corrupt = Arrays.copyOf(Testdata.bytes(DEEPLAB), 1000);
    assertThatThrownBy(() -> ImageSegmenterWriter.createForInference(corrupt, HALF, HALF,
        List.of())).isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(() -> ImageSegmenterWriter.createForInference(new byte[3], HALF, HALF,
        List.of())).isInstanceOf(InvalidModelException.class);
  }

  @Test
  void malformedScoreCalibrationFiles() throws IOException {
    Path twoValues = Files.writeString(dir.resolve("a.txt"), "\n1.0,2.0\n");
    Path negative = Files.writeString(dir.resolve("b.txt"), "-1,2,3\n");
    Path word = Files.writeString(dir.resolve("c.txt"), "1,x,3\n");
    assertThatThrownBy(() -> ScoreCalibration.of(ScoreTransformationType.LOG, 0.2f, twoValues))
        .isInstanceOf(MetadataException.class).hasMessageContaining("line 2")
        .hasMessageContaining("Expected empty lines or 3 or 4 parameters per line")
        .hasMessageContaining("got 2");
    assertThatThrownBy(() -> ScoreCalibration.of(ScoreTransformationType.LOG, 0.2f, negative))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("Expected scale to be a non-negative value, but got -1.0.");
    assertThatThrownBy(() -> ScoreCalibration.of(ScoreTransformationType.LOG, 0.2f, word))
        .isInstanceOf(MetadataException.class).hasMessageContaining("\"x\" is not a number");
  }

  @Test
  void fewerLabelsThanClassesIsNotAWriterError() throws IOException {
    Path twoLabels = Files.writeString(dir.resolve("labelmap.txt"), "background\nperson\n");
    assertThatCode(() -> ImageSegmenterWriter.createForInference(Testdata.bytes(DEEPLAB), HALF,
        HALF, List.of(LabelFile.of(twoLabels))).populate()).doesNotThrowAnyException();
  }

  @Test
  void aFailedPopulateLeavesNoOutputFile() throws IOException {
    // One output metadata for a model with four outputs: the populator refuses.
    MetadataWriter writer = ImageClassifierWriter.createForInference(Testdata.bytes(SSD), HALF,
        HALF, List.of(), null);
    Path output = dir.resolve("out.tflite");

    assertThatThrownBy(() -> writer.write(output)).isInstanceOf(MetadataException.class)
        .hasMessage("The number of output tensors (4) should match the number of output tensor"
            + " metadata (1)");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
