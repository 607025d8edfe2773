package dev.jlite.task.text;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.Embedding;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.internal.TaskModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns text into feature vectors, as TFLite's {@code TextEmbedder}: a model with three inputs is
 * fed like a {@link BertNLClassifier} (tokenizer from the subgraph metadata; dynamic-length inputs
 * get at most 128 tokens); a model with one
 * input takes INT32 ids from its {@code RegexTokenizerOptions} (as {@link NLClassifier}) or a
 * STRING. Every output, {@code [1, N]} or {@code [1, 1, 1, N]}, UINT8 (dequantized) or FLOAT32,
 * gives one {@link Embedding}, optionally L2-normalized and then quantized to signed bytes. Safe to
 * call from several threads (calls run one at a time).
 */
public final class TextEmbedder implements AutoCloseable {
  private final TaskModel model;
  private final WordTokenizer bertTokenizer;
  private final BertInputs bertInputs;
  private final RegexTokenizer regexTokenizer;
  private final int[] dimensions;
  private final boolean l2Normalize;
  private final boolean quantize;
  private boolean closed;

  private TextEmbedder(TaskModel model, Options options) {
    this.model = model;
    this.l2Normalize = options.l2Normalize();
    this.quantize = options.quantize();
    Interpreter interpreter = model.interpreter();
    if (interpreter.getInputTensorCount() >= 3) {
      this.bertTokenizer = TokenizerMetadata.forBert(model.metadata());
      this.bertInputs = BertInputs.find(interpreter, model.metadata(), new int[] {0, 2, 1});
      this.regexTokenizer = null;
    } else if (interpreter.getInputTensorCount() == 1) {
      this.bertTokenizer = null;
      this.bertInputs = null;
      Tensor input = interpreter.getInputTensor(0);
      this.regexTokenizer = model.metadata().inputTensorMetadata(0)
          .flatMap(m -> TokenizerMetadata.regex(model.metadata(), m)).orElse(null);
      boolean ids = regexTokenizer != null && input.dataType() == DataType.INT32
          && (input.shape().length == 1 || input.shape().length == 2);
      if (!ids && !(regexTokenizer == null && input.dataType() == DataType.STRING)) {
        throw new IncompatibleModelException("input 0 '" + input.name() + "' is "
            + input.dataType() + " " + Arrays.toString(input.shape()) + "; a one-input text"
            + " embedder takes INT32 ids with RegexTokenizerOptions metadata, or a STRING");
      }
    } else {
      throw new IncompatibleModelException("the model has 2 inputs; a text embedder takes 1"
          + " (ids or a string) or 3 (BERT ids, mask, segment ids)");
    }
    this.dimensions = new int[interpreter.getOutputTensorCount()];
    for (int i = 0; i < dimensions.length; i++) {
      Tensor t = interpreter.getOutputTensor(i);
      int[] shape = t.shape();
      boolean shapeOk = (shape.length == 2 || (shape.length == 4 && shape[1] == 1
          && shape[2] == 1)) && shape[0] == 1;
      if (!shapeOk || (t.dataType() != DataType.FLOAT32 && t.dataType() != DataType.UINT8)) {
        throw new IncompatibleModelException("output " + i + " '" + t.name() + "' is "
            + t.dataType() + " " + Arrays.toString(shape)
            + "; embeddings must be [1, N] or [1, 1, 1, N], UINT8 or FLOAT32");
      }
      dimensions[i] = shape[shape.length - 1];
    }
  }

  /**
   * An embedder for a model file, with default options.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidModelException if the model or its metadata is malformed
   * @throws IncompatibleModelException if it is not a text embedder
   */
  public static TextEmbedder create(Path model) throws IOException {
    return create(model, Options.DEFAULT);
  }

  /**
   * An embedder for a model file.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidModelException as {@link #create(Path)}
   */
  public static TextEmbedder create(Path model, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.open(model, options.baseOptions()), options);
  }

  /**
   * An embedder for a model held in memory (not copied; do not change it while in use).
   *
   * @throws InvalidModelException as {@link #create(Path)}
   */
  public static TextEmbedder create(ByteBuffer model, Options options) {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.wrap(model, options.baseOptions()), options);
  }

  private static TextEmbedder create(TaskModel model, Options options) {
    try {
      return new TextEmbedder(model, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * One embedding per output, in output order.
   *
   * @throws InvalidInputException if the text is empty or only whitespace
   * @throws IllegalStateException if the embedder is closed
   */
  public synchronized List<Embedding> embed(String text) {
    Objects.requireNonNull(text, "text");
    if (closed) {
      throw new IllegalStateException("the text embedder is closed");
    }
    if (text.isBlank()) {
      throw new InvalidInputException("the text to embed is empty or only whitespace");
    }
    Interpreter interpreter = model.interpreter();
    if (bertInputs != null) {
      bertInputs.feedText(interpreter, bertTokenizer, text, BertInputs.DEFAULT_MAX_SEQ_LEN);
    } else {
      TextInput.feed(interpreter, 0, regexTokenizer, text);
    }
    interpreter.invoke();
    List<Embedding> result = new ArrayList<>(dimensions.length);
    for (int i = 0; i < dimensions.length; i++) {
      result.add(Embedding.fromOutput(i, values(interpreter.getOutputTensor(i), dimensions[i]),
          l2Normalize, quantize));
    }
    return result;
  }

  private static float[] values(Tensor t, int n) {
    float[] out = new float[n];
    if (t.dataType() == DataType.UINT8) {
      float scale = t.quantizationParams().scale();
      int zeroPoint = t.quantizationParams().zeroPoint();
      for (int j = 0; j < n; j++) {
        out[j] = scale * ((t.bytes()[t.offset() + j] & 0xFF) - zeroPoint);
      }
    } else {
      System.arraycopy(t.floats(), t.offset(), out, 0, n);
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
   * Options of a {@link TextEmbedder}: L2 normalization and quantization (both off by default, as
   * in TFLite); immutable, made with {@link #builder()}.
   */
  public static final class Options {
    /** The defaults. */
    public static final Options DEFAULT = builder().build();

    private final BaseOptions baseOptions;
    private final boolean l2Normalize;
    private final boolean quantize;

    private Options(Builder b) {
      this.baseOptions = b.baseOptions;
      this.l2Normalize = b.l2Normalize;
      this.quantize = b.quantize;
    }

    public static Builder builder() {
      return new Builder();
    }

    public BaseOptions baseOptions() {
      return baseOptions;
    }

    public boolean l2Normalize() {
      return l2Normalize;
    }

    public boolean quantize() {
      return quantize;
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private BaseOptions baseOptions = BaseOptions.DEFAULT;
      private boolean l2Normalize;
      private boolean quantize;

      private Builder() {}

      public Builder setBaseOptions(BaseOptions options) {
        this.baseOptions = Objects.requireNonNull(options, "options");
        return this;
      }

      /** Divides every feature vector by its L2 norm (default false). */
      public Builder setL2Normalize(boolean l2Normalize) {
        this.l2Normalize = l2Normalize;
        return this;
      }

      /** Stores feature vectors as signed bytes, {@code round(x * 128)} (default false). */
      public Builder setQuantize(boolean quantize) {
        this.quantize = quantize;
        return this;
      }

      public Options build() {
        return new Options(this);
      }
    }
  }
}
