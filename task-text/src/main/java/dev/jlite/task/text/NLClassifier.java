package dev.jlite.task.text;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.LabelMap;
import dev.jlite.task.core.internal.MetadataFiles;
import dev.jlite.task.core.internal.TaskModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Classifies text with a model that takes either a STRING tensor (its operators, often custom
 * ones registered through {@link BaseOptions.Builder#setOpResolver}, do the tokenizing) or an
 * INT32 tensor of token ids described by {@code RegexTokenizerOptions} metadata, and outputs one
 * score per class, as TFLite's {@code NLClassifier} does. Scores may be UINT8, INT8 or INT16
 * (dequantized), FLOAT32, FLOAT64 or BOOL (1 or 0); labels come from the score tensor's {@code
 * TENSOR_AXIS_LABELS} file, else from a STRING or INT32 label output, else are the class indices.
 * Tensors are found by name (metadata name, then tensor name), else by index. Safe to call from
 * several threads (calls run one at a time).
 *
 * <pre>{@code
 * try (NLClassifier classifier = NLClassifier.create(Path.of("model.tflite"))) {
 *   List<Category> scores = classifier.classify("What a waste of my time.");
 * }
 * }</pre>
 */
public final class NLClassifier implements AutoCloseable {
  private final TaskModel model;
  private final int inputIndex;
  private final RegexTokenizer tokenizer;
  private final int scoreIndex;
  private final int labelIndex;
  private final List<String> labels;
  private boolean closed;

  private NLClassifier(TaskModel model, Options options) {
    this.model = model;
    Interpreter interpreter = model.interpreter();
    this.inputIndex = TensorLookup.input(interpreter, model.metadata(), options.inputTensorName(),
        options.inputTensorIndex());
    if (inputIndex < 0) {
      throw new IncompatibleModelException("no input tensor named '" + options.inputTensorName()
          + "' or at index " + options.inputTensorIndex() + "; the model has "
          + interpreter.getInputTensorCount() + " inputs");
    }
    Tensor input = interpreter.getInputTensor(inputIndex);
    Optional<TensorMetadata> inputMetadata = model.metadata().inputTensorMetadata(inputIndex);
    this.tokenizer = inputMetadata
        .flatMap(m -> TokenizerMetadata.regex(model.metadata(), m))
        .orElse(null);
    checkInput(input);
    this.scoreIndex = TensorLookup.output(interpreter, model.metadata(),
        options.outputScoreTensorName(), options.outputScoreTensorIndex());
    if (scoreIndex < 0) {
      throw new IncompatibleModelException("no output score tensor named '"
          + options.outputScoreTensorName() + "' or at index "
          + options.outputScoreTensorIndex() + "; the model has "
          + interpreter.getOutputTensorCount() + " outputs");
    }
    Tensor scores = interpreter.getOutputTensor(scoreIndex);
    switch (scores.dataType()) {
      case UINT8, INT8, INT16, FLOAT32, FLOAT64, BOOL -> { }
      default -> throw new IncompatibleModelException("output " + scoreIndex + " '"
          + scores.name() + "' is " + scores.dataType() + "; NL classifier scores must be UINT8,"
          + " INT8, INT16, FLOAT32, FLOAT64 or BOOL");
    }
    this.labels = labelsFromMetadata(options).orElse(null);
    int labelOutput = -1;
    if (labels == null) {
      labelOutput = TensorLookup.output(interpreter, model.metadata(),
          options.outputLabelTensorName(), options.outputLabelTensorIndex());
      if (labelOutput >= 0) {
        Tensor labelTensor = interpreter.getOutputTensor(labelOutput);
        if (labelTensor.dataType() != DataType.STRING
            && labelTensor.dataType() != DataType.INT32) {
          throw new IncompatibleModelException("output " + labelOutput + " '"
              + labelTensor.name() + "' is " + labelTensor.dataType()
              + "; an NL classifier label tensor must be STRING or INT32");
        }
      }
    }
    this.labelIndex = labelOutput;
  }

  private void checkInput(Tensor input) {
    String where = "input " + inputIndex + " '" + input.name() + "'";
    if (tokenizer != null) {
      if (input.dataType() != DataType.INT32) {
        throw new IncompatibleModelException(where + " is " + input.dataType()
            + "; a RegexTokenizer input must be INT32");
      }
      int[] shape = input.shape();
      if (shape.length < 1 || shape.length > 2 || shape[shape.length - 1] < 1) {
        throw new IncompatibleModelException(where + " has shape "
            + Arrays.toString(shape) + "; token ids must be [length] or [1, length]");
      }
    } else if (input.dataType() != DataType.STRING) {
      throw new IncompatibleModelException(where + " is " + input.dataType() + " and has no"
          + " RegexTokenizerOptions metadata; an NL classifier takes a STRING input, or INT32"
          + " token ids with a regex tokenizer in the metadata");
    }
  }

  /** The labels of the first TENSOR_AXIS_LABELS file of the score output, as TFLite finds it. */
  private Optional<List<String>> labelsFromMetadata(Options options) {
    for (int i = 0; i < model.interpreter().getOutputTensorCount(); i++) {
      Optional<TensorMetadata> metadata = model.metadata().outputTensorMetadata(i);
      if (metadata.isEmpty()) {
        return Optional.empty();
      }
      if (options.outputScoreTensorName().equals(metadata.get().name())
          || i == options.outputScoreTensorIndex()) {
        Optional<LabelMap> map = MetadataFiles.labelMap(model.metadata(), metadata.get(),
            AssociatedFileType.TENSOR_AXIS_LABELS, null);
        if (map.isPresent()) {
          return Optional.of(map.get().labels());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A classifier for a model file, with default options.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidModelException if the model is malformed or uses operators without kernels
   * @throws IncompatibleModelException if it is not an NL classifier
   */
  public static NLClassifier create(Path model) throws IOException {
    return create(model, Options.DEFAULT);
  }

  /**
   * A classifier for a model file.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidModelException if the model is malformed or uses operators without kernels
   * @throws IncompatibleModelException if the tensors the options name are missing or of the
   *     wrong type
   */
  public static NLClassifier create(Path model, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.open(model, options.baseOptions()), options);
  }

  /**
   * A classifier for a model held in memory (not copied; do not change it while in use).
   *
   * @throws InvalidModelException as {@link #create(Path, Options)}
   */
  public static NLClassifier create(ByteBuffer model, Options options) {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.wrap(model, options.baseOptions()), options);
  }

  private static NLClassifier create(TaskModel model, Options options) {
    try {
      return new NLClassifier(model, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * The score of every class, in the model's class order (not sorted), as TFLite returns them.
   * Text longer than the model's input is cut to its length.
   *
   * @throws InvalidInputException if the text is empty or only whitespace
   * @throws InvalidModelException if a label output has fewer labels than there are scores
   * @throws IllegalStateException if the classifier is closed
   */
  public synchronized List<Category> classify(String text) {
    Objects.requireNonNull(text, "text");
    if (closed) {
      throw new IllegalStateException("the NL classifier is closed");
    }
    if (text.isBlank()) {
      throw new InvalidInputException("the text to classify is empty or only whitespace");
    }
    Interpreter interpreter = model.interpreter();
    TextInput.feed(interpreter, inputIndex, tokenizer, text);
    interpreter.invoke();
    Tensor scoreTensor = interpreter.getOutputTensor(scoreIndex);
    float[] scores = Scores.read(scoreTensor);
    List<String> names = labelsFor(scores.length);
    List<Category> out = new ArrayList<>(scores.length);
    for (int i = 0; i < scores.length; i++) {
      out.add(Category.create(i, names.get(i), "", scores[i]));
    }
    return out;
  }

  private List<String> labelsFor(int classes) {
    List<String> names = new ArrayList<>(classes);
    if (labels != null) {
      if (labels.size() < classes) {
        throw new InvalidModelException("the label file of output " + scoreIndex + " has "
            + labels.size() + " labels but the output has " + classes + " scores");
      }
      return labels.subList(0, classes);
    }
    if (labelIndex < 0) {
      for (int i = 0; i < classes; i++) {
        names.add(Integer.toString(i));
      }
      return names;
    }
    Tensor labelTensor = model.interpreter().getOutputTensor(labelIndex);
    if (labelTensor.numElements() < classes) {
      throw new InvalidModelException("label output " + labelIndex + " '" + labelTensor.name()
          + "' has " + labelTensor.numElements() + " labels but the score output has " + classes
          + " scores");
    }
    for (int i = 0; i < classes; i++) {
      names.add(labelTensor.dataType() == DataType.STRING
          ? new String(labelTensor.strings()[labelTensor.offset() + i], StandardCharsets.UTF_8)
          : Integer.toString(labelTensor.ints()[labelTensor.offset() + i]));
    }
    return names;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }

  /**
   * Options of an {@link NLClassifier}, with TFLite's names and defaults: input 0 or "INPUT",
   * score output 0 or "OUTPUT_SCORE", label output none (-1) or "OUTPUT_LABEL". Names win over
   * indices. Immutable; made with {@link #builder()}.
   */
  public static final class Options {
    /** The defaults. */
    public static final Options DEFAULT = builder().build();

    private final BaseOptions baseOptions;
    private final int inputTensorIndex;
    private final int outputScoreTensorIndex;
    private final int outputLabelTensorIndex;
    private final String inputTensorName;
    private final String outputScoreTensorName;
    private final String outputLabelTensorName;

    private Options(Builder b) {
      this.baseOptions = b.baseOptions;
      this.inputTensorIndex = b.inputTensorIndex;
      this.outputScoreTensorIndex = b.outputScoreTensorIndex;
      this.outputLabelTensorIndex = b.outputLabelTensorIndex;
      this.inputTensorName = b.inputTensorName;
      this.outputScoreTensorName = b.outputScoreTensorName;
      this.outputLabelTensorName = b.outputLabelTensorName;
    }

    public static Builder builder() {
      return new Builder();
    }

    public BaseOptions baseOptions() {
      return baseOptions;
    }

    public int inputTensorIndex() {
      return inputTensorIndex;
    }

    public int outputScoreTensorIndex() {
      return outputScoreTensorIndex;
    }

    public int outputLabelTensorIndex() {
      return outputLabelTensorIndex;
    }

    public String inputTensorName() {
      return inputTensorName;
    }

    public String outputScoreTensorName() {
      return outputScoreTensorName;
    }

    public String outputLabelTensorName() {
      return outputLabelTensorName;
    }

    /** Builds {@link Options}; setters follow TFLite's task library names. */
    public static final class Builder {
      private BaseOptions baseOptions = BaseOptions.DEFAULT;
      private int inputTensorIndex = 0;
      private int outputScoreTensorIndex = 0;
      private int outputLabelTensorIndex = -1;
      private String inputTensorName = "INPUT";
      private String outputScoreTensorName = "OUTPUT_SCORE";
      private String outputLabelTensorName = "OUTPUT_LABEL";

      private Builder() {}

      /** Threads and kernels; register custom operators of STRING-input models here. */
      public Builder setBaseOptions(BaseOptions options) {
        this.baseOptions = Objects.requireNonNull(options, "options");
        return this;
      }

      public Builder setInputTensorIndex(int index) {
        this.inputTensorIndex = index;
        return this;
      }

      public Builder setOutputScoreTensorIndex(int index) {
        this.outputScoreTensorIndex = index;
        return this;
      }

      /** The label output's index; -1 (the default) for none. */
      public Builder setOutputLabelTensorIndex(int index) {
        this.outputLabelTensorIndex = index;
        return this;
      }

      public Builder setInputTensorName(String name) {
        this.inputTensorName = Objects.requireNonNull(name, "name");
        return this;
      }

      public Builder setOutputScoreTensorName(String name) {
        this.outputScoreTensorName = Objects.requireNonNull(name, "name");
        return this;
      }

      public Builder setOutputLabelTensorName(String name) {
        this.outputLabelTensorName = Objects.requireNonNull(name, "name");
        return this;
      }

      public Options build() {
        return new Options(this);
      }
    }
  }
}
