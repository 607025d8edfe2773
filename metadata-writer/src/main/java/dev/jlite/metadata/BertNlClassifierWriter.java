package dev.jlite.metadata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Metadata for BERT text classifiers, as the official {@code bert_nl_classifier.MetadataWriter
 * .create_for_inference} writes it: model "BertNLClassifier", inputs "ids", "mask" and
 * "segment_ids" matched by tensor name, the tokenizer in the subgraph's input process units,
 * output "probability".
 */
public final class BertNlClassifierWriter {
  /** The input tensor names of models made by Model Maker, the official defaults. */
  public static final String DEFAULT_IDS_NAME = "serving_default_input_word_ids:0";
  public static final String DEFAULT_MASK_NAME = "serving_default_input_mask:0";
  public static final String DEFAULT_SEGMENT_NAME = "serving_default_input_type_ids:0";

  private BertNlClassifierWriter() {}

  /** Metadata for inference with the default input tensor names. */
  public static MetadataWriter createForInference(byte[] model, Tokenizer tokenizer,
      List<LabelFile> labels) throws IOException {
    return createForInference(model, tokenizer, labels, DEFAULT_IDS_NAME, DEFAULT_MASK_NAME,
        DEFAULT_SEGMENT_NAME);
  }

  /**
   * Metadata for inference.
   *
   * @param tokenizer a {@link Tokenizer.Bert} or {@link Tokenizer.SentencePiece} tokenizer
   * @throws IOException if a file cannot be read
   * @throws MetadataException if the names are not the model's input names, or the tokenizer is a
   *     regex tokenizer
   */
  public static MetadataWriter createForInference(byte[] model, Tokenizer tokenizer,
      List<LabelFile> labels, String idsName, String maskName, String segmentName)
      throws IOException {
    WriterModel m = WriterModel.of(model);
    return create(m, tokenizer, labels, idsName, maskName, segmentName, m.outputType(0));
  }

  /**
   * The official {@code create_from_metadata_info} with no information: the default input names,
   * no tokenizer (but an empty input process unit list, as the official writer leaves), no labels
   * or bounds.
   */
  public static MetadataWriter createWithDefaults(byte[] model) throws IOException {
    return create(WriterModel.of(model), null, List.of(), DEFAULT_IDS_NAME, DEFAULT_MASK_NAME,
        DEFAULT_SEGMENT_NAME, null);
  }

  private static MetadataWriter create(WriterModel m, Tokenizer tokenizer,
      List<LabelFile> labels, String idsName, String maskName, String segmentName,
      Byte outputType) throws IOException {
    if (tokenizer instanceof Tokenizer.Regex) {
      throw new MetadataException("BERT classifiers take a BERT or SentencePiece tokenizer; for a"
          + " regex tokenizer use the NL classifier writer");
    }
    List<TensorMetadata> inputs = BertInputs.ordered(m, idsName, maskName, segmentName,
        "Tokenized ids of the input text.",
        "0 for the first sequence, 1 for the second sequence if exists.");
    TensorMetadata output = TensorInfo.classification(ImageClassifierWriter.OUTPUT_NAME,
        ImageClassifierWriter.OUTPUT_DESCRIPTION, labels, outputType, null);
    ModelMetadata metadata = ModelMetadata.builder().name("BertNLClassifier")
        .description(NlClassifierWriter.DESCRIPTION)
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(inputs).outputTensorMetadata(List.of(output))
            .inputProcessUnits(tokenizer == null ? List.of() : List.of(tokenizer.processUnit()))
            .build()))
        .build();
    List<Path> files = new ArrayList<>(ImageClassifierWriter.files(labels, null));
    if (tokenizer != null) {
      files.addAll(tokenizer.files());
    }
    return MetadataWriter.of(m, metadata, files);
  }
}
