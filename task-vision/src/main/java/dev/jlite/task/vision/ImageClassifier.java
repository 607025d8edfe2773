package dev.jlite.task.vision;

import dev.jlite.engine.Tensor;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.ClassificationOptions;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.LabelMap;
import dev.jlite.task.core.TensorImage;
import dev.jlite.task.core.internal.ClassificationHead;
import dev.jlite.task.core.internal.ClassificationPostprocessor;
import dev.jlite.task.core.internal.ImageInputSpec;
import dev.jlite.task.core.internal.ImagePreprocessor;
import dev.jlite.task.core.internal.TaskModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Classifies images with a model that takes one {@code [1, H, W, 3]} image and has one or more
 * classification outputs ({@code [1, N]} or {@code [1, 1, 1, N]}, UINT8 or FLOAT32), configured
 * from the model's metadata as TFLite's {@code ImageClassifier} is: normalization, labels and
 * display names, score threshold and calibration. Safe to call from several threads (calls run
 * one at a time).
 *
 * <pre>{@code
 * try (ImageClassifier classifier = ImageClassifier.create(Path.of("model.tflite"))) {
 *   List<Classifications> result = classifier.classify(TensorImage.load(Path.of("cat.jpg")));
 * }
 * }</pre>
 */
public final class ImageClassifier implements AutoCloseable {
  private final TaskModel model;
  private final ImagePreprocessor preprocessor;
  private final List<ClassificationPostprocessor> heads;
  private boolean closed;

  private ImageClassifier(TaskModel model, Options options) {
    this.model = model;
    this.preprocessor = new ImagePreprocessor(ImageInputSpec.of(model, options.normalization()));
    this.heads = new ArrayList<>();
    for (int i = 0; i < model.interpreter().getOutputTensorCount(); i++) {
      ClassificationHead head = model.metadata().outputTensorMetadata(i)
          .map(m -> ClassificationHead.from(model.metadata(), m,
              options.classification().displayNamesLocale()))
          .orElseGet(ClassificationHead::empty);
      Tensor output = model.interpreter().getOutputTensor(i);
      if (head.labels().isEmpty() && options.labels().isPresent()) {
        int[] shape = output.shape();
        int classes = shape.length == 0 ? 1 : shape[shape.length - 1];
        if (options.labels().get().size() != classes) {
          throw new IllegalArgumentException("setLabels gave " + options.labels().get().size()
              + " labels but output " + i + " '" + output.name() + "' has " + classes
              + " classes");
        }
        head = new ClassificationHead(head.name(), options.labels(), head.scoreThreshold(),
            head.calibration());
      }
      heads.add(new ClassificationPostprocessor(i, output, head, options.classification()));
    }
  }

  /**
   * A classifier for a model file, with default options.
   *
   * @throws IOException if the file cannot be read
   * @throws dev.jlite.schema.InvalidModelException if the model is malformed
   * @throws dev.jlite.task.core.IncompatibleModelException if it is not an image classifier, or
   *     needs options its metadata does not supply
   */
  public static ImageClassifier create(Path model) throws IOException {
    return create(model, Options.DEFAULT);
  }

  /**
   * A classifier for a model file.
   *
   * @throws IOException if the file cannot be read
   * @throws dev.jlite.schema.InvalidModelException if the model is malformed
   * @throws dev.jlite.task.core.IncompatibleModelException if it is not an image classifier, or
   *     needs options its metadata does not supply
   * @throws IllegalArgumentException if the options do not fit the model (an allow or deny list
   *     naming none of its labels, labels of the wrong count)
   */
  public static ImageClassifier create(Path model, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.open(model, options.baseOptions()), options);
  }

  /**
   * A classifier for a model held in memory (not copied; do not change it while in use).
   *
   * @throws dev.jlite.schema.InvalidModelException if the model is malformed
   * @throws dev.jlite.task.core.IncompatibleModelException as {@link #create(Path, Options)}
   */
  public static ImageClassifier create(ByteBuffer model, Options options) {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.wrap(model, options.baseOptions()), options);
  }

  private static ImageClassifier create(TaskModel model, Options options) {
    try {
      return new ImageClassifier(model, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Classifies the whole image, stored upright. */
  public List<Classifications> classify(TensorImage image) {
    return classify(image, ImageProcessingOptions.DEFAULT);
  }

  /**
   * Classifies the region of interest of an image stored in the given orientation; one entry per
   * classification head, in output order.
   *
   * @throws dev.jlite.task.core.InvalidInputException if the region of interest is empty or not
   *     inside the image
   * @throws IllegalStateException if the classifier is closed
   */
  public synchronized List<Classifications> classify(TensorImage image,
      ImageProcessingOptions options) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("the image classifier is closed");
    }
    preprocessor.preprocess(image, options, model.interpreter());
    model.interpreter().invoke();
    List<Classifications> result = new ArrayList<>(heads.size());
    for (int i = 0; i < heads.size(); i++) {
      result.add(heads.get(i).process(model.interpreter().getOutputTensor(i)));
    }
    return result;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }

  /**
   * Options of an {@link ImageClassifier}, with TFLite's names and defaults; immutable, made with
   * {@link #builder()}.
   */
  public static final class Options {
    /** The defaults. */
    public static final Options DEFAULT = builder().build();

    private final BaseOptions baseOptions;
    private final ClassificationOptions classification;
    private final float[][] normalization;
    private final LabelMap labels;

    private Options(Builder b, ClassificationOptions classification) {
      this.baseOptions = b.baseOptions;
      this.classification = classification;
      this.normalization = b.normalization;
      this.labels = b.labels;
    }

    public static Builder builder() {
      return new Builder();
    }

    public BaseOptions baseOptions() {
      return baseOptions;
    }

    /** Locale, maximum results, score threshold, allow and deny lists. */
    public ClassificationOptions classification() {
      return classification;
    }

    /** The caller's normalization (mean, std), if set. */
    public Optional<float[][]> normalization() {
      return Optional.ofNullable(normalization)
          .map(n -> new float[][] {n[0].clone(), n[1].clone()});
    }

    /** Labels for heads whose metadata has none, if set. */
    public Optional<LabelMap> labels() {
      return Optional.ofNullable(labels);
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private BaseOptions baseOptions = BaseOptions.DEFAULT;
      private final ClassificationOptions.Builder classification = ClassificationOptions.builder();
      private float[][] normalization;
      private LabelMap labels;

      private Builder() {}

      public Builder setBaseOptions(BaseOptions options) {
        this.baseOptions = Objects.requireNonNull(options, "options");
        return this;
      }

      /** Locale of the display names (default "en"). */
      public Builder setDisplayNamesLocale(String locale) {
        classification.setDisplayNamesLocale(locale);
        return this;
      }

      /** At most this many results per head; negative (default -1) for all; 0 is invalid. */
      public Builder setMaxResults(int maxResults) {
        classification.setMaxResults(maxResults);
        return this;
      }

      /** Drops results scoring below this; overrides the metadata's threshold. */
      public Builder setScoreThreshold(float threshold) {
        classification.setScoreThreshold(threshold);
        return this;
      }

      public Builder setLabelAllowList(List<String> labels) {
        classification.setLabelAllowList(labels);
        return this;
      }

      public Builder setLabelDenyList(List<String> labels) {
        classification.setLabelDenyList(labels);
        return this;
      }

      /**
       * Normalization of pixel values for FLOAT32 models, {@code (x - mean) / std} per channel (1
       * or 3 values each); overrides the metadata's.
       */
      public Builder setNormalization(float[] mean, float[] std) {
        this.normalization = new float[][] {mean.clone(), std.clone()};
        return this;
      }

      /** Labels, index by index, for classification heads whose metadata has none. */
      public Builder setLabels(List<String> labels) {
        this.labels = LabelMap.of(labels);
        return this;
      }

      /**
       * @throws IllegalArgumentException if maxResults is 0 or both an allow list and a deny list
       *     are set
       */
      public Options build() {
        return new Options(this, classification.build());
      }
    }
  }
}
