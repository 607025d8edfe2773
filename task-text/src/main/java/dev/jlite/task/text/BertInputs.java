package dev.jlite.task.text;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.task.core.IncompatibleModelException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The three inputs of a BERT model (token ids, attention mask, segment ids): found by their
 * metadata names {@code ids}, {@code mask} and {@code segment_ids}, else by tensor names (those, or
 * TF Hub's {@code input_word_ids}, {@code input_mask}, {@code input_type_ids}), else by the task's
 * default order; checked to be INT32 {@code [1, length]} of one length, or all of dynamic length.
 *
 * @param ids the index of the token ids input
 * @param mask the index of the mask input
 * @param segments the index of the segment ids input
 * @param length the inputs' length, or -1 if dynamic
 */
record BertInputs(int ids, int mask, int segments, int length) {
  /** The token BERT inputs start with. */
  static final String CLS = "[CLS]";
  /** The token that ends a BERT segment. */
  static final String SEP = "[SEP]";
  /** The most tokens fed to dynamic-length inputs unless a task says otherwise. */
  static final int DEFAULT_MAX_SEQ_LEN = 128;

  /**
   * Finds and checks the inputs.
   *
   * @param defaults the indices of ids, mask and segment ids when names do not tell
   * @throws IncompatibleModelException if the model does not have three such inputs
   */
  static BertInputs find(Interpreter interpreter, MetadataExtractor metadata, int[] defaults) {
    if (interpreter.getInputTensorCount() < 3) {
      throw new IncompatibleModelException("the model has " + interpreter.getInputTensorCount()
          + " inputs; a BERT model needs 3 (ids, mask, segment ids)");
    }
    int[] found = {
        find(interpreter, metadata, "ids", "input_word_ids"),
        find(interpreter, metadata, "mask", "input_mask"),
        find(interpreter, metadata, "segment_ids", "input_type_ids")};
    if (Arrays.stream(found).anyMatch(i -> i < 0)) {
      found = defaults.clone();
    }
    String[] roles = {"ids", "mask", "segment ids"};
    int length = 0;
    boolean dynamic = false;
    for (int r = 0; r < 3; r++) {
      Tensor t = interpreter.getInputTensor(found[r]);
      String where = roles[r] + " input " + found[r] + " '" + t.name() + "'";
      if (t.dataType() != DataType.INT32) {
        throw new IncompatibleModelException(where + " is " + t.dataType()
            + "; BERT inputs must be INT32");
      }
      int[] shape = t.shape();
      if (shape.length != 2 || shape[0] != 1) {
        throw new IncompatibleModelException(where + " has shape " + Arrays.toString(shape)
            + "; BERT inputs must be [1, length]");
      }
      int[] signature = t.shapeSignature();
      boolean isDynamic = signature.length == 2 && signature[1] == -1;
      if (r == 0) {
        length = shape[1];
        dynamic = isDynamic;
      } else if (isDynamic != dynamic) {
        throw new IncompatibleModelException("the BERT inputs mix static and dynamic lengths");
      } else if (!dynamic && shape[1] != length) {
        throw new IncompatibleModelException("the BERT inputs have different lengths: " + where
            + " has " + shape[1] + ", the ids " + length);
      }
    }
    if (!dynamic && length < 2) {
      throw new IncompatibleModelException("the BERT inputs have length " + length
          + "; at least 2 are needed ([CLS] and [SEP])");
    }
    return new BertInputs(found[0], found[1], found[2], dynamic ? -1 : length);
  }

  private static int find(Interpreter interpreter, MetadataExtractor metadata, String name,
      String hubName) {
    int count = interpreter.getInputTensorCount();
    for (int i = 0; i < count; i++) {
      Optional<String> metadataName = metadata.inputTensorMetadata(i).map(m -> m.name());
      if (metadataName.isPresent() && name.equals(metadataName.get())) {
        return i;
      }
    }
    for (int i = 0; i < count; i++) {
      String tensorName = interpreter.getInputTensor(i).name();
      if (name.equals(tensorName) || tensorName.contains(hubName)) {
        return i;
      }
    }
    return -1;
  }

  boolean dynamic() {
    return length < 0;
  }

  /** Writes the three inputs, resizing them first if their length is dynamic. */
  void fill(Interpreter interpreter, int[] tokenIds, int[] maskValues, int[] segmentIds) {
    if (dynamic()) {
      int n = tokenIds.length;
      interpreter.resizeInput(ids, new int[] {1, n}, true);
      interpreter.resizeInput(mask, new int[] {1, n}, true);
      interpreter.resizeInput(segments, new int[] {1, n}, true);
      interpreter.allocateTensors();
    }
    interpreter.getInputTensor(ids).copyFrom(tokenIds);
    interpreter.getInputTensor(mask).copyFrom(maskValues);
    interpreter.getInputTensor(segments).copyFrom(segmentIds);
  }

  /**
   * Feeds one text as TFLite's BERT preprocessor does: ASCII lower-cased and tokenized, {@code
   * [CLS] tokens [SEP]} as ids (tokens beyond the input length dropped), mask 1 over them, segment
   * ids 0, zero padding; inputs of dynamic length are resized to the tokens, at most {@code
   * maxSeqLen}.
   *
   * @throws InvalidModelException if the vocabulary lacks [CLS] or [SEP]
   */
  void feedText(Interpreter interpreter, WordTokenizer tokenizer, String text, int maxSeqLen) {
    List<String> tokens = tokenizer.tokenize(Ascii.lower(text));
    int used = Math.min(tokens.size() + 2, dynamic() ? maxSeqLen : length);
    int n = dynamic() ? used : length;
    int[] tokenIds = new int[n];
    int[] maskValues = new int[n];
    tokenIds[0] = special(tokenizer, CLS);
    for (int i = 1; i < used - 1; i++) {
      tokenIds[i] = tokenizer.idOrUnknown(tokens.get(i - 1));
    }
    tokenIds[used - 1] = special(tokenizer, SEP);
    Arrays.fill(maskValues, 0, used, 1);
    fill(interpreter, tokenIds, maskValues, new int[n]);
  }

  /**
   * The id of a special token.
   *
   * @throws InvalidModelException if the vocabulary lacks it
   */
  static int special(WordTokenizer tokenizer, String token) {
    return tokenizer.id(token).orElseThrow(() -> new InvalidModelException(
        "the tokenizer's vocabulary has no " + token + " token"));
  }
}
