package dev.jlite.task.text;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.internal.TaskModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers questions about a text with a BERT question-answering model (MobileBERT, ALBERT), with
 * TFLite's {@code BertQuestionAnswerer} algorithm: the context is split at spaces into words, the
 * question (ASCII lower-cased) is tokenized and cut to {@value #MAX_QUERY_TOKENS} tokens, each
 * lower-cased context word is tokenized, and the sequence {@code [CLS] question [SEP] context
 * [SEP]} (segment ids 0 then 1, mask 1, zero padding) is cut to the model's length ({@value
 * #MAX_SEQ_LEN} for MobileBERT) by dropping context tokens from the end. Of the {@value
 * #CANDIDATES} highest start logits and {@value #CANDIDATES} highest end logits, every pair inside
 * the context with {@code start <= end} and at most {@value #MAX_ANSWER_TOKENS} tokens is a
 * candidate scored {@code startLogit + endLogit}; the best {@value #CANDIDATES} are returned, their
 * text being the context words they cover. Inputs are found by the metadata names {@code ids},
 * {@code mask}, {@code segment_ids} (else inputs 0, 1, 2), outputs by {@code end_logits} and
 * {@code start_logits} (else outputs 0 and 1); the tokenizer is the metadata's first subgraph input
 * process unit. Safe to call from several threads (calls run one at a time).
 */
public final class BertQuestionAnswerer implements AutoCloseable {
  /** Question tokens beyond this are dropped. */
  public static final int MAX_QUERY_TOKENS = 64;
  /** The sequence length of MobileBERT, used for models of dynamic length. */
  public static final int MAX_SEQ_LEN = 384;
  /** The start and end logits considered, and the most answers returned. */
  public static final int CANDIDATES = 5;
  /** The longest answer, in tokens. */
  public static final int MAX_ANSWER_TOKENS = 32;

  private final TaskModel model;
  private final WordTokenizer tokenizer;
  private final BertInputs inputs;
  private final int seqLen;
  private final int startOutput;
  private final int endOutput;
  private boolean closed;

  private BertQuestionAnswerer(TaskModel model) {
    this.model = model;
    Interpreter interpreter = model.interpreter();
    this.tokenizer = TokenizerMetadata.forBert(model.metadata());
    this.inputs = BertInputs.find(interpreter, model.metadata(), new int[] {0, 1, 2});
    this.seqLen = inputs.dynamic() ? MAX_SEQ_LEN : inputs.length();
    if (interpreter.getOutputTensorCount() < 2) {
      throw new IncompatibleModelException("the model has " + interpreter.getOutputTensorCount()
          + " outputs; a BERT question answerer needs 2 (end and start logits)");
    }
    int end = output("end_logits");
    int start = output("start_logits");
    if (end < 0 || start < 0 || end == start) {
      end = 0;
      start = 1;
    }
    this.endOutput = end;
    this.startOutput = start;
    for (int i : new int[] {start, end}) {
      Tensor t = interpreter.getOutputTensor(i);
      if (t.dataType() != DataType.FLOAT32) {
        throw new IncompatibleModelException("output " + i + " '" + t.name() + "' is "
            + t.dataType() + "; logits must be FLOAT32");
      }
    }
  }

  private int output(String name) {
    Interpreter interpreter = model.interpreter();
    for (int i = 0; i < interpreter.getOutputTensorCount(); i++) {
      Optional<String> metadataName = model.metadata().outputTensorMetadata(i)
          .map(m -> m.name());
      if (metadataName.isPresent() && name.equals(metadataName.get())) {
        return i;
      }
    }
    for (int i = 0; i < interpreter.getOutputTensorCount(); i++) {
      if (interpreter.getOutputTensor(i).name().contains(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A question answerer for a model file with a tokenizer in its metadata.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidModelException if the model or its metadata is malformed
   * @throws IncompatibleModelException if it is not a BERT question-answering model
   */
  public static BertQuestionAnswerer create(Path model) throws IOException {
    return create(model, BaseOptions.DEFAULT);
  }

  /**
   * A question answerer for a model file.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidModelException as {@link #create(Path)}
   */
  public static BertQuestionAnswerer create(Path model, BaseOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.open(model, options));
  }

  /**
   * A question answerer for a model held in memory (not copied; do not change it while in use).
   *
   * @throws InvalidModelException as {@link #create(Path)}
   */
  public static BertQuestionAnswerer create(ByteBuffer model, BaseOptions options) {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.wrap(model, options));
  }

  private static BertQuestionAnswerer create(TaskModel model) {
    try {
      return new BertQuestionAnswerer(model);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * The best answers to a question about a context, best first (at most {@value #CANDIDATES}; none
   * if no highly scored span lies in the context).
   *
   * @throws InvalidInputException if the context or question is empty or only whitespace, or the
   *     question leaves no room for context in the model's sequence
   * @throws IllegalStateException if the answerer is closed
   */
  public synchronized List<QaAnswer> answer(String context, String question) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(question, "question");
    if (closed) {
      throw new IllegalStateException("the BERT question answerer is closed");
    }
    if (context.isBlank()) {
      throw new InvalidInputException("the context is empty or only whitespace");
    }
    if (question.isBlank()) {
      throw new InvalidInputException("the question is empty or only whitespace");
    }
    List<String> words = Arrays.stream(context.split(" ")).filter(w -> !w.isEmpty()).toList();
    List<String> query = tokenizer.tokenize(Ascii.lower(question));
    if (query.size() > MAX_QUERY_TOKENS) {
      query = query.subList(0, MAX_QUERY_TOKENS);
    }
    int maxContext = seqLen - query.size() - 3;
    if (maxContext < 1) {
      throw new InvalidInputException("the question has " + query.size() + " tokens, which"
          + " leave no room for the context in the model's " + seqLen + " tokens");
    }
    List<String> docTokens = new ArrayList<>();
    List<Integer> docWord = new ArrayList<>();
    for (int w = 0; w < words.size() && docTokens.size() < maxContext; w++) {
      for (String piece : tokenizer.tokenize(Ascii.lower(words.get(w)))) {
        if (docTokens.size() == maxContext) {
          break;
        }
        docTokens.add(piece);
        docWord.add(w);
      }
    }
    int[] ids = new int[seqLen];
    int[] mask = new int[seqLen];
    int[] segments = new int[seqLen];
    int at = 0;
    ids[at++] = idOf(BertNLClassifier.CLS);
    for (String token : query) {
      ids[at++] = tokenizer.idOrUnknown(token);
    }
    ids[at++] = idOf(BertNLClassifier.SEP);
    int docStart = at;
    for (String token : docTokens) {
      segments[at] = 1;
      ids[at++] = tokenizer.idOrUnknown(token);
    }
    segments[at] = 1;
    ids[at++] = idOf(BertNLClassifier.SEP);
    Arrays.fill(mask, 0, at, 1);
    Interpreter interpreter = model.interpreter();
    inputs.fill(interpreter, ids, mask, segments);
    interpreter.invoke();
    float[] startLogits = Scores.read(interpreter.getOutputTensor(startOutput));
    float[] endLogits = Scores.read(interpreter.getOutputTensor(endOutput));
    int docEnd = docStart + docTokens.size();
    List<QaAnswer> candidates = new ArrayList<>();
    for (int start : topIndices(startLogits)) {
      for (int end : topIndices(endLogits)) {
        if (start < docStart || start >= docEnd || end < docStart || end >= docEnd
            || end < start || end - start + 1 > MAX_ANSWER_TOKENS) {
          continue;
        }
        int first = docWord.get(start - docStart);
        int last = docWord.get(end - docStart);
        candidates.add(QaAnswer.create(String.join(" ", words.subList(first, last + 1)), start,
            end, startLogits[start] + endLogits[end]));
      }
    }
    candidates.sort(Comparator.comparing(QaAnswer::logit).reversed());
    return List.copyOf(candidates.subList(0, Math.min(CANDIDATES, candidates.size())));
  }

  /** The indices of the highest values, highest first (the earlier index first on ties). */
  private static int[] topIndices(float[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(values[b], values[a]));
    int n = Math.min(CANDIDATES, order.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = order[i];
    }
    return out;
  }

  private int idOf(String special) {
    return tokenizer.id(special).orElseThrow(() -> new InvalidModelException(
        "the tokenizer's vocabulary has no " + special + " token"));
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }
}
