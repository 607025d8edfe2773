package dev.jlite.metadata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata for BERT question answerers, which have no official writer: it follows the metadata of
 * the official MobileBERT and ALBERT question answerer models, which the Task library reads.
 * Model "BertQuestionAnswerer"; inputs "ids", "mask" and "segment_ids" and outputs "end_logits"
 * and "start_logits", each matched to the model's tensors by name; the tokenizer in the
 * subgraph's input process units.
 */
public final class BertQuestionAnswererWriter {
  /** The tensor names of the TensorFlow Hub MobileBERT question answerer, the defaults. */
  public static final String DEFAULT_IDS_NAME = "input_ids";
  public static final String DEFAULT_MASK_NAME = "input_mask";
  public static final String DEFAULT_SEGMENT_NAME = "segment_ids";
  public static final String DEFAULT_END_NAME = "end_logits";
  public static final String DEFAULT_START_NAME = "start_logits";

  private BertQuestionAnswererWriter() {}

  /** Metadata for inference with the default tensor names. */
  public static MetadataWriter createForInference(byte[] model, Tokenizer tokenizer)
      throws IOException {
    return createForInference(model, tokenizer, DEFAULT_IDS_NAME, DEFAULT_MASK_NAME,
        DEFAULT_SEGMENT_NAME, DEFAULT_END_NAME, DEFAULT_START_NAME);
  }

  /**
   * Metadata for inference.
   *
   * @param tokenizer a {@link Tokenizer.Bert} or {@link Tokenizer.SentencePiece} tokenizer
   * @throws MetadataException if a name matches no tensor of the model, or the tokenizer is a
   *     regex tokenizer
   * @throws IOException if a file cannot be read
   */
  public static MetadataWriter createForInference(byte[] model, Tokenizer tokenizer,
      String idsName, String maskName, String segmentName, String endName, String startName)
      throws IOException {
    WriterModel m = WriterModel.of(model);
    if (tokenizer == null || tokenizer instanceof Tokenizer.Regex) {
      throw new MetadataException("BERT question answerers need a BERT or SentencePiece"
          + " tokenizer");
    }
    List<TensorMetadata> inputs = BertInputs.ordered(m, idsName, maskName, segmentName,
        "Tokenized ids of input text as concatenated query and passage.",
        "0 for query and 1 for passage tokens.");
    List<String> outputNames = m.outputNames();
    if (!BertInputs.sameMultiset(List.of(endName, startName), outputNames)) {
      throw new MetadataException("The output tensor names (" + outputNames + ") do not match"
          + " the given end and start logits names (" + List.of(endName, startName) + ").");
    }
    Map<String, TensorMetadata> byName = new HashMap<>();
    byName.put(endName, TensorInfo.feature("end_logits", "logits over the sequence which"
        + " indicates the end position of the answer span with closed interval."));
    byName.put(startName, TensorInfo.feature("start_logits", "logits over the sequence which"
        + " indicates the start position of the answer span with closed interval."));
    List<TensorMetadata> outputs = new ArrayList<>();
    outputNames.forEach(n -> outputs.add(byName.get(n)));
    ModelMetadata metadata = ModelMetadata.builder().name("BertQuestionAnswerer")
        .description("Answers questions based on the content of a given passage.")
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(inputs).outputTensorMetadata(outputs)
            .inputProcessUnits(List.of(tokenizer.processUnit())).build()))
        .build();
    return MetadataWriter.of(m, metadata, tokenizer.files());
  }
}
