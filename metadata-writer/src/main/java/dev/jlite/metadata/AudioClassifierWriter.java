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
    return write(m, null, new AudioInput(INPUT_NAME, INPUT_DESCRIPTION, sampleRate, channels),
        List.of(output), ImageClassifierWriter.files(labels, calibration));
  }

  /**
   * The official {@code create_from_metadata_info} with no information: sample rate and channels
   * 0, no labels or bounds.
   */
  public static MetadataWriter createWithDefaults(byte[] model) throws IOException {
    TensorMetadata output = TensorInfo.classification(ImageClassifierWriter.OUTPUT_NAME,
        OUTPUT_DESCRIPTION, List.of(), null, null);
    return write(WriterModel.of(model), null, null, List.of(output), List.of());
  }

  /**
   * Metadata for a model with several classification outputs, as the official {@code
   * create_from_metadata_info_for_multihead}. Heads with tensor names are matched to the model's
   * outputs by name (then every output must be named exactly once); heads without are taken in
   * output order, and a head without a name takes its tensor's name. Output bounds are not derived
   * from tensor types. Without heads, each output gets metadata with only its tensor's name.
   *
   * @param general the general information, or {@code null} for the writer's name and description
   * @param input the audio input, or {@code null} for "audio_clip" with its description and no
   *     sample rate or channels
   * @param heads the classification heads, or {@code null}
   * @throws MetadataException if the tensor names do not match the model's outputs
   * @throws IOException if a file cannot be read
   */
  public static MetadataWriter createForMultihead(byte[] model, GeneralInfo general,
      AudioInput input, List<ClassificationHead> heads) throws IOException {
    WriterModel m = WriterModel.of(model);
    List<ClassificationHead> ordered = new ArrayList<>(heads == null ? List.of() : heads);
    List<String> tensorNames = ordered.stream().map(ClassificationHead::tensorName)
        .filter(n -> n != null).toList();
    List<String> outputNames = m.outputNames();
    if (!tensorNames.isEmpty()) {
      if (!BertInputs.sameMultiset(tensorNames, outputNames)) {
        throw new MetadataException("The tensor names from arguments (" + tensorNames + ") do not"
            + " match the tensor names read from the model (" + outputNames + ").");
      }
      Map<String, ClassificationHead> byName = new HashMap<>();
      ordered.forEach(h -> byName.put(h.tensorName(), h));
      ordered.clear();
      outputNames.forEach(name -> ordered.add(byName.get(name)));
    }
    List<TensorMetadata> outputs = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      ClassificationHead head = ordered.get(i);
      String name = head.name() != null || i >= outputNames.size() ? head.name()
          : outputNames.get(i);
      outputs.add(TensorInfo.classification(name, head.description(), head.labels(), null,
          head.calibration()));
      files.addAll(ImageClassifierWriter.files(head.labels(), head.calibration()));
    }
    if (outputs.isEmpty()) {
      outputNames.forEach(name -> outputs.add(TensorMetadata.builder().name(name).build()));
    }
    return write(m, general, input, outputs, files);
  }

  private static MetadataWriter write(WriterModel m, GeneralInfo general, AudioInput input,
      List<TensorMetadata> outputs, List<Path> files) throws IOException {
    GeneralInfo info = general != null ? general : new GeneralInfo(NAME, DESCRIPTION, null, null,
        null);
    AudioInput audio = input != null ? input : new AudioInput(INPUT_NAME, INPUT_DESCRIPTION, 0, 0);
    ModelMetadata metadata = ModelMetadata.builder().name(info.name())
        .description(info.description()).version(info.version()).author(info.author())
        .license(info.license())
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(List.of(audio.metadata())).outputTensorMetadata(outputs).build()))
        .build();
    return MetadataWriter.of(m, metadata, files);
  }

}
