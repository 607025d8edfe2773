package dev.jlite.metadata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Metadata for text classifiers with a regex tokenizer, as the official {@code
 * nl_classifier.MetadataWriter.create_for_inference} writes it: model "NLClassifier", input
 * "input_text" (the tokenizer in its process units), output "probability".
 */
public final class NlClassifierWriter {
  static final String NAME = "NLClassifier";
  static final String DESCRIPTION = "Classify the input text into a set of known categories.";

  private NlClassifierWriter() {}

  /**
   * Metadata for inference.
   *
   * @param tokenizer the regex tokenizer, or {@code null}
   * @throws IOException if a file cannot be read
   * @throws dev.jlite.schema.InvalidModelException if the model is not valid
   */
  public static MetadataWriter createForInference(byte[] model, Tokenizer.Regex tokenizer,
      List<LabelFile> labels) throws IOException {
    WriterModel m = WriterModel.of(model);
    return create(m, tokenizer, labels, m.outputType(0));
  }

  /**
   * The official {@code create_from_metadata_info} with no information: no tokenizer, labels or
   * bounds.
   */
  public static MetadataWriter createWithDefaults(byte[] model) throws IOException {
    return create(WriterModel.of(model), null, List.of(), null);
  }

  private static MetadataWriter create(WriterModel m, Tokenizer.Regex tokenizer,
      List<LabelFile> labels, Byte outputType) throws IOException {
    TensorMetadata input = TensorInfo.text("input_text",
        "Embedding vectors representing the input text to be classified.", tokenizer);
    TensorMetadata output = TensorInfo.classification(ImageClassifierWriter.OUTPUT_NAME,
        ImageClassifierWriter.OUTPUT_DESCRIPTION, labels, outputType, null);
    ModelMetadata metadata = ModelMetadata.builder().name(NAME).description(DESCRIPTION)
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(List.of(input)).outputTensorMetadata(List.of(output))
            .build()))
        .build();
    List<Path> files = new ArrayList<>(ImageClassifierWriter.files(labels, null));
    if (tokenizer != null) {
      files.addAll(tokenizer.files());
    }
    return MetadataWriter.of(m, metadata, files);
  }
}
