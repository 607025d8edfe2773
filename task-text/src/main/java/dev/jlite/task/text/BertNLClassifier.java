package dev.jlite.task.text;

import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.LabelMap;
import dev.jlite.task.core.internal.MetadataFiles;
import dev.jlite.task.core.internal.TaskModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Classifies text with a BERT-style model, as TFLite's {@code BertNLClassifier}: the tokenizer
 * comes from the metadata's first subgraph input process unit (WordPiece with lower-casing, or
 * SentencePiece, or regex); the inputs are {@code [CLS] tokens [SEP]} ids, a mask of ones over
 * them and zero segment ids, padded with zeros to the input length (tokens beyond it are dropped;
 * dynamic-length models get exactly the tokens, at most {@code maxSeqLen}); the one output holds
 * a score per class, labelled by its {@code TENSOR_AXIS_LABELS} file. Safe to call from several
 * threads (calls run one at a time).
 */
public final class BertNLClassifier implements AutoCloseable {
  private final TaskModel model;
  private final WordTokenizer tokenizer;
  private final BertInputs inputs;
  private final int maxSeqLen;
  private final List<String> labels;
  private boolean closed;

  private BertNLClassifier(TaskModel model, Options options) {
    this.model = model;
    Interpreter interpreter = model.interpreter();
    this.tokenizer = TokenizerMetadata.forBert(model.metadata());
    // Without names, TFLite's default order is ids, segment ids, mask.
    this.inputs = BertInputs.find(interpreter, model.metadata(), new int[] {0, 2, 1});
    this.maxSeqLen = inputs.dynamic() ? options.maxSeqLen() : inputs.length();
    if (interpreter.getOutputTensorCount() != 1) {
      throw new IncompatibleModelException("the model has " + interpreter.getOutputTensorCount()
          + " outputs; a BERT NL classifier has exactly 1");
    }
    Tensor scores = interpreter.getOutputTensor(0);
    switch (scores.dataType()) {
      case UINT8, INT8, INT16, FLOAT32, FLOAT64, BOOL -> { }
      default -> throw new IncompatibleModelException("output 0 '" + scores.name() + "' is "
          + scores.dataType() + "; scores must be UINT8, INT8, INT16, FLOAT32, FLOAT64 or BOOL");
    }
    this.labels = model.metadata().outputTensorMetadata(0)
        .flatMap(m -> MetadataFiles.labelMap(model.metadata(), m,
            AssociatedFileType.TENSOR_AXIS_LABELS, null))
        .map(LabelMap::labels)
        .orElse(null);
  }

  /**
   * A classifier for a model file, with default options.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidModelException if the model or its metadata is malformed
   * @throws IncompatibleModelException if it is not a BERT classifier with a tokenizer in its
   *     metadata
   */
  public static BertNLClassifier create(Path model) throws IOException {
    return create(model, Options.DEFAULT);
  }

  /**
   * A classifier for a model file.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidModelException as {@link #create(Path)}
   */
  public static BertNLClassifier create(Path model, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.open(model, options.baseOptions()), options);
  }

  /**
   * A classifier for a model held in memory (not copied; do not change it while in use).
   *
   * @throws InvalidModelException as {@link #create(Path)}
   */
  public static BertNLClassifier create(ByteBuffer model, Options options) {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.wrap(model, options.baseOptions()), options);
  }

  private static BertNLClassifier create(TaskModel model, Options options) {
    try {
      return new BertNLClassifier(model, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * The score of every class, in the model's class order.
   *
   * @throws InvalidInputException if the text is empty or only whitespace
   * @throws IllegalStateException if the classifier is closed
   */
  public synchronized List<Category> classify(String text) {
    Objects.requireNonNull(text, "text");
    if (closed) {
      throw new IllegalStateException("the BERT NL classifier is closed");
    }
    if (text.isBlank()) {
      throw new InvalidInputException("the text to classify is empty or only whitespace");
    }
    Interpreter interpreter = model.interpreter();
    inputs.feedText(interpreter, tokenizer, text, maxSeqLen);
    interpreter.invoke();
    float[] scores = Scores.read(interpreter.getOutputTensor(0));
    if (labels != null && labels.size() < scores.length) {
      throw new InvalidModelException("the label file of output 0 has " + labels.size()
          + " labels but the output has " + scores.length + " scores");
    }
    List<Category> out = new ArrayList<>(scores.length);
    for (int i = 0; i < scores.length; i++) {
      out.add(Category.create(i, labels != null ? labels.get(i) : Integer.toString(i), "",
          scores[i]));
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
   * Options of a {@link BertNLClassifier}, with TFLite's names and defaults; immutable, made with
   * {@link #builder()}.
   */
  public static final class Options {
    /** The defaults. */
    public static final Options DEFAULT = builder().build();

    private final BaseOptions baseOptions;
    private final int maxSeqLen;

    private Options(Builder b) {
      this.baseOptions = b.baseOptions;
      this.maxSeqLen = b.maxSeqLen;
    }

    public static Builder builder() {
      return new Builder();
    }

    public BaseOptions baseOptions() {
      return baseOptions;
    }

    /** The most tokens, [CLS] and [SEP] included, fed to a dynamic-length model (128). */
    public int maxSeqLen() {
      return maxSeqLen;
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private BaseOptions baseOptions = BaseOptions.DEFAULT;
      private int maxSeqLen = BertInputs.DEFAULT_MAX_SEQ_LEN;

      private Builder() {}

      public Builder setBaseOptions(BaseOptions options) {
        this.baseOptions = Objects.requireNonNull(options, "options");
        return this;
      }

      /**
       * The most tokens fed to a dynamic-length model; models with a fixed length use theirs.
       *
       * @throws IllegalArgumentException if below 2
       */
      public Builder setMaxSeqLen(int maxSeqLen) {
        if (maxSeqLen < 2) {
          throw new IllegalArgumentException("maxSeqLen must be at least 2 ([CLS] and [SEP]), was "
              + maxSeqLen);
        }
        this.maxSeqLen = maxSeqLen;
        return this;
      }

      public Options build() {
        return new Options(this);
      }
    }
  }
}
