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
 * process unit. {@link Options} can switch to BERT's SQuAD settings (20 candidates, overlapping
 * context windows). Safe to call from several threads (calls run one at a time).
 */
public final class BertQuestionAnswerer implements AutoCloseable {
  /** Question tokens beyond this are dropped. */
  public static final int MAX_QUERY_TOKENS = 64;
  /** The sequence length of MobileBERT, used for models of dynamic length. */
  public static final int MAX_SEQ_LEN = 384;
  /** TFLite's count of start and end logits considered, and of answers returned. */
  public static final int CANDIDATES = 5;
  /** The longest answer, in tokens. */
  public static final int MAX_ANSWER_TOKENS = 32;

  private final TaskModel model;
  private final WordTokenizer tokenizer;
  private final BertInputs inputs;
  private final int seqLen;
  private final int startOutput;
  private final int endOutput;
  private final int numCandidates;
  private final int docStride;
  private boolean closed;

  private BertQuestionAnswerer(TaskModel model, Options options) {
    this.model = model;
    this.numCandidates = options.numCandidates();
    this.docStride = options.docStride();
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
    return create(model, Options.DEFAULT);
  }

  /**
   * A question answerer for a model file.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidModelException as {@link #create(Path)}
   */
  public static BertQuestionAnswerer create(Path model, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.open(model, options.baseOptions()), options);
  }

  /**
   * A question answerer for a model held in memory (not copied; do not change it while in use).
   *
   * @throws InvalidModelException as {@link #create(Path)}
   */
  public static BertQuestionAnswerer create(ByteBuffer model, Options options) {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.wrap(model, options.baseOptions()), options);
  }

  private static BertQuestionAnswerer create(TaskModel model, Options options) {
    try {
      return new BertQuestionAnswerer(model, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * The best answers to a question about a context, best first (at most {@link
   * Options#numCandidates()}; none if no highly scored span lies in the context).
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
    for (int w = 0; w < words.size(); w++) {
      for (String piece : tokenizer.tokenize(Ascii.lower(words.get(w)))) {
        docTokens.add(piece);
        docWord.add(w);
      }
    }
    List<int[]> windows = windows(docTokens.size(), maxContext);
    List<QaAnswer> candidates = new ArrayList<>();
    for (int[] window : windows) {
      int docStart = query.size() + 2;
      float[][] logits = run(query, docTokens.subList(window[0], window[0] + window[1]));
      float[] startLogits = logits[0];
      float[] endLogits = logits[1];
      int docEnd = docStart + window[1];
      for (int start : topIndices(startLogits)) {
        for (int end : topIndices(endLogits)) {
          if (start < docStart || start >= docEnd || end < docStart || end >= docEnd
              || end < start || end - start + 1 > MAX_ANSWER_TOKENS
              || !maxContext(windows, window, window[0] + start - docStart)) {
            continue;
          }
          int first = docWord.get(window[0] + start - docStart);
          int last = docWord.get(window[0] + end - docStart);
          candidates.add(QaAnswer.create(String.join(" ", words.subList(first, last + 1)),
              start, end, startLogits[start] + endLogits[end]));
        }
      }
    }
    candidates.sort(Comparator.comparing(QaAnswer::logit).reversed());
    return List.copyOf(candidates.subList(0, Math.min(numCandidates, candidates.size())));
  }

  /**
   * The context windows {@code {first token, length}}: TFLite's single window (the context cut to
   * fit), or with a document stride, BERT's overlapping windows covering the whole context.
   */
  private List<int[]> windows(int tokens, int maxContext) {
    List<int[]> windows = new ArrayList<>();
    if (docStride == 0) {
      windows.add(new int[] {0, Math.min(tokens, maxContext)});
      return windows;
    }
    int start = 0;
    while (true) {
      int length = Math.min(tokens - start, maxContext);
      windows.add(new int[] {start, length});
      if (start + length >= tokens) {
        return windows;
      }
      start += Math.min(length, docStride);
    }
  }

  /**
   * Whether {@code window} is the one where context token {@code token} has the most context on
   * its shorter side (BERT's {@code _check_is_max_context}; always true for one window).
   */
  private static boolean maxContext(List<int[]> windows, int[] window, int token) {
    if (windows.size() == 1) {
      return true;
    }
    int[] best = null;
    double bestScore = 0;
    for (int[] w : windows) {
      int end = w[0] + w[1] - 1;
      if (token < w[0] || token > end) {
        continue;
      }
      double score = Math.min(token - w[0], end - token) + 0.01 * w[1];
      if (best == null || score > bestScore) {
        best = w;
        bestScore = score;
      }
    }
    return best == window;
  }

  /** Runs {@code [CLS] query [SEP] context [SEP]}; returns the start and the end logits. */
  private float[][] run(List<String> query, List<String> context) {
    int[] ids = new int[seqLen];
    int[] mask = new int[seqLen];
    int[] segments = new int[seqLen];
    int at = 0;
    ids[at++] = BertInputs.special(tokenizer, BertInputs.CLS);
    for (String token : query) {
      ids[at++] = tokenizer.idOrUnknown(token);
    }
    ids[at++] = BertInputs.special(tokenizer, BertInputs.SEP);
    for (String token : context) {
      segments[at] = 1;
      ids[at++] = tokenizer.idOrUnknown(token);
    }
    segments[at] = 1;
    ids[at++] = BertInputs.special(tokenizer, BertInputs.SEP);
    Arrays.fill(mask, 0, at, 1);
    Interpreter interpreter = model.interpreter();
    inputs.fill(interpreter, ids, mask, segments);
    interpreter.invoke();
    return new float[][] {
        Scores.read(interpreter.getOutputTensor(startOutput)),
        Scores.read(interpreter.getOutputTensor(endOutput))};
  }

  /** The indices of the highest values, highest first (the earlier index first on ties). */
  private int[] topIndices(float[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(values[b], values[a]));
    int n = Math.min(numCandidates, order.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = order[i];
    }
    return out;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }

  /**
   * Options of a {@link BertQuestionAnswerer}. The defaults are TFLite's: {@value #CANDIDATES}
   * candidates and no document stride (a context longer than the sequence is cut). BERT's SQuAD
   * script ({@code run_squad.py}) uses 20 candidates and a stride of 128: the context is then read
   * in overlapping windows, each span scored in the window where its start has the most context,
   * and an answer's start and end are positions in its window's sequence. Immutable; made with
   * {@link #builder()}.
   */
  public static final class Options {
    /** TFLite's defaults. */
    public static final Options DEFAULT = builder().build();

    private final BaseOptions baseOptions;
    private final int numCandidates;
    private final int docStride;

    private Options(Builder b) {
      this.baseOptions = b.baseOptions;
      this.numCandidates = b.numCandidates;
      this.docStride = b.docStride;
    }

    public static Builder builder() {
      return new Builder();
    }

    public BaseOptions baseOptions() {
      return baseOptions;
    }

    /** Start and end logits considered, and the most answers returned. */
    public int numCandidates() {
      return numCandidates;
    }

    /** Tokens between the starts of context windows; 0 for one window. */
    public int docStride() {
      return docStride;
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private BaseOptions baseOptions = BaseOptions.DEFAULT;
      private int numCandidates = CANDIDATES;
      private int docStride;

      private Builder() {}

      public Builder setBaseOptions(BaseOptions options) {
        this.baseOptions = Objects.requireNonNull(options, "options");
        return this;
      }

      /**
       * Start and end logits considered, and the most answers returned (default 5).
       *
       * @throws IllegalArgumentException if below 1
       */
      public Builder setNumCandidates(int numCandidates) {
        if (numCandidates < 1) {
          throw new IllegalArgumentException("numCandidates must be at least 1, was "
              + numCandidates);
        }
        this.numCandidates = numCandidates;
        return this;
      }

      /**
       * Reads a long context in windows starting this many tokens apart (default 0: one window,
       * the context cut to fit, as TFLite does).
       *
       * @throws IllegalArgumentException if negative
       */
      public Builder setDocStride(int docStride) {
        if (docStride < 0) {
          throw new IllegalArgumentException("docStride must be 0 or positive, was " + docStride);
        }
        this.docStride = docStride;
        return this;
      }

      public Options build() {
        return new Options(this);
      }
    }
  }
}
