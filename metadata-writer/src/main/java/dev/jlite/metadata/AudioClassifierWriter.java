package dev.jlite.metadata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata for audio classifiers, as the official {@code audio_classifier.MetadataWriter} writes
 * it: model "AudioClassifier", input "audio_clip" (sample rate and channels, schema 1.3.0), one
 * output "probability" ({@link #createForInference}) or one per head ({@link #createForMultihead}).
 */
public final class AudioClassifierWriter {
  static final String NAME = "AudioClassifier";
  static final String DESCRIPTION = "Identify the most prominent type in the audio clip from a"
      + " known set of categories.";
  static final String INPUT_NAME = "audio_clip";
  static final String INPUT_DESCRIPTION = "Input audio clip to be classified.";
  static final String OUTPUT_DESCRIPTION = "Scores of the labels respectively.";

  private AudioClassifierWriter() {}

  /**
   * Metadata for inference.
   *
   * @throws MetadataException if the sample rate or channel count is not positive
   * @throws IOException if a file cannot be read
   */
  public static MetadataWriter createForInference(byte[] model, int sampleRate, int channels,
      List<LabelFile> labels, ScoreCalibration calibration) throws IOException {
    if (sampleRate <= 0) {
      throw new MetadataException("sample_rate should be positive, but got " + sampleRate + ".");
    }
    if (channels <= 0) {
      throw new MetadataException("channels should be positive, but got " + channels + ".");
    }
    WriterModel m = WriterModel.of(model);
    TensorMetadata output = TensorInfo.classification(ImageClassifierWriter.OUTPUT_NAME,
        OUTPUT_DESCRIPTION, labels, m.outputType(0), calibration);
    return write(m, sampleRate, channels, List.of(output),
        ImageClassifierWriter.files(labels, calibration));
  }

  /**
   * The official {@code create_from_metadata_info} with no information: sample rate and channels
   * 0, no labels or bounds.
   */
  public static MetadataWriter createWithDefaults(byte[] model) throws IOException {
    TensorMetadata output = TensorInfo.classification(ImageClassifierWriter.OUTPUT_NAME,
        OUTPUT_DESCRIPTION, List.of(), null, null);
    return write(WriterModel.of(model), 0, 0, List.of(output), List.of());
  }

  /**
   * Metadata for a model with several classification outputs. Heads with tensor names are matched
   * to the model's outputs by name (all heads must have one then, naming each output once); heads
   * without are taken in output order. Unlike {@link #createForInference}, output bounds are not
   * derived from tensor types, as with the official {@code
   * create_from_metadata_info_for_multihead}.
   *
   * @throws MetadataException if the sample rate or channel count is negative, or the tensor names
   *     do not match the model's outputs
   */
  public static MetadataWriter createForMultihead(byte[] model, int sampleRate, int channels,
      List<ClassificationHead> heads) throws IOException {
    if (sampleRate < 0) {
      throw new MetadataException("sample_rate should be non-negative, but got " + sampleRate
          + ".");
    }
    if (channels < 0) {
      throw new MetadataException("channels should be non-negative, but got " + channels + ".");
    }
    WriterModel m = WriterModel.of(model);
    List<ClassificationHead> ordered = new ArrayList<>(heads);
    List<String> tensorNames = heads.stream().map(ClassificationHead::tensorName)
        .filter(n -> n != null).toList();
    if (!tensorNames.isEmpty()) {
      List<String> outputs = m.outputNames();
      if (!BertInputs.sameMultiset(tensorNames, outputs)) {
        throw new MetadataException("The tensor names from arguments (" + tensorNames + ") do not"
            + " match the tensor names read from the model (" + outputs + ").");
      }
      Map<String, ClassificationHead> byName = new HashMap<>();
      heads.forEach(h -> byName.put(h.tensorName(), h));
      ordered.clear();
      outputs.forEach(name -> ordered.add(byName.get(name)));
    }
    List<TensorMetadata> outputs = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<String> outputNames = m.outputNames();
    for (int i = 0; i < ordered.size(); i++) {
      ClassificationHead head = ordered.get(i);
      // As the official writer, a head without a name takes its tensor's name.
      String name = head.name() != null || i >= outputNames.size() ? head.name()
          : outputNames.get(i);
      outputs.add(TensorInfo.classification(name, head.description(), head.labels(), null,
          head.calibration()));
      files.addAll(ImageClassifierWriter.files(head.labels(), head.calibration()));
    }
    return write(m, sampleRate, channels, outputs, files);
  }

  private static MetadataWriter write(WriterModel m, int sampleRate, int channels,
      List<TensorMetadata> outputs, List<Path> files) throws IOException {
    TensorMetadata input = TensorInfo.plain(INPUT_NAME, INPUT_DESCRIPTION, null, null,
        new AudioProperties(sampleRate, channels), null).build();
    ModelMetadata metadata = ModelMetadata.builder().name(NAME).description(DESCRIPTION)
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(List.of(input)).outputTensorMetadata(outputs).build()))
        .build();
    return MetadataWriter.of(m, metadata, files);
  }
}
