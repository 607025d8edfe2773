package dev.jlite.task.vision;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.LabelMap;
import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.TensorImage;
import dev.jlite.task.core.internal.ImageInputSpec;
import dev.jlite.task.core.internal.ImagePreprocessor;
import dev.jlite.task.core.internal.MetadataFiles;
import dev.jlite.task.core.internal.TaskModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Segments images with a model that takes one {@code [1, H, W, 3]} image and returns one {@code [1,
 * h, w, classes]} UINT8 or FLOAT32 tensor of per-class scores (at most 256 classes), as TFLite's
 * {@code ImageSegmenter}: labels from the output's {@code TENSOR_AXIS_LABELS} file, colors from the
 * PASCAL VOC color map, masks at the output resolution turned back to the orientation of the image
 * as given. The category mask takes, per pixel, the first class whose score is the largest above 0
 * (class 0 if none is), as the official implementation does. Safe to call from several threads
 * (calls run one at a time).
 */
public final class ImageSegmenter implements AutoCloseable {
  private static final int MAX_CLASSES = 256;

  private final TaskModel model;
  private final ImagePreprocessor preprocessor;
  private final Segmentation.OutputType outputType;
  private final int classes;
  private final List<ColoredLabel> coloredLabels;
  private boolean closed;

  private ImageSegmenter(TaskModel model, Options options) {
    this.model = model;
    this.preprocessor = new ImagePreprocessor(ImageInputSpec.of(model, options.normalization()));
    this.outputType = options.outputType();
    if (model.interpreter().getOutputTensorCount() != 1) {
      throw new IncompatibleModelException("the model has "
          + model.interpreter().getOutputTensorCount()
          + " outputs; an image segmenter needs one [1, height, width, classes] output");
    }
    model.interpreter().allocateTensors();
    Tensor output = model.interpreter().getOutputTensor(0);
    int[] shape = output.shape();
    if (shape.length != 4 || shape[0] != 1) {
      throw new IncompatibleModelException("output 0 '" + output.name() + "' has shape "
          + Arrays.toString(shape) + "; an image segmenter needs [1, height, width, classes]");
    }
    if (output.dataType() != DataType.UINT8 && output.dataType() != DataType.FLOAT32) {
      throw new IncompatibleModelException("output 0 '" + output.name() + "' is "
          + output.dataType() + "; segmentation scores must be UINT8 or FLOAT32");
    }
    this.classes = shape[3];
    if (classes > MAX_CLASSES) {
      throw new IncompatibleModelException("output 0 '" + output.name() + "' has " + classes
          + " classes; at most " + MAX_CLASSES + " are supported");
    }
    LabelMap labels = model.metadata().outputTensorMetadata(0)
        .flatMap(m -> MetadataFiles.labelMap(model.metadata(), m,
            AssociatedFileType.TENSOR_AXIS_LABELS, options.displayNamesLocale()))
        .or(options::labels)
        .orElseGet(() -> LabelMap.unlabelled(classes));
    if (labels.size() != classes) {
      throw new InvalidModelException("output 0 '" + output.name() + "' has " + classes
          + " classes but the label map has " + labels.size() + " entries");
    }
    List<ColoredLabel> colored = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      colored.add(ColoredLabel.create(labels.label(i), labels.displayName(i),
          ColoredLabel.pascalVocColor(i)));
    }
    this.coloredLabels = List.copyOf(colored);
  }

  /**
   * A segmenter for a model file, with default options.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidModelException if the model or its metadata is malformed
   * @throws IncompatibleModelException if it is not an image segmenter
   */
  public static ImageSegmenter create(Path model) throws IOException {
    return create(model, Options.DEFAULT);
  }

  /** A segmenter for a model file; see {@link #create(Path)}. */
  public static ImageSegmenter create(Path model, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.open(model, options.baseOptions()), options);
  }

  /** A segmenter for a model held in memory (not copied); see {@link #create(Path)}. */
  public static ImageSegmenter create(ByteBuffer model, Options options) {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.wrap(model, options.baseOptions()), options);
  }

  private static ImageSegmenter create(TaskModel model, Options options) {
    try {
      return new ImageSegmenter(model, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Segments the whole image, stored upright. */
  public Segmentation segment(TensorImage image) {
    return segment(image, ImageProcessingOptions.DEFAULT);
  }

  /**
   * Segments the region of interest of an image stored in the given orientation.
   *
   * @throws dev.jlite.task.core.InvalidInputException if the region of interest is empty or not
   *     inside the image
   * @throws IllegalStateException if the segmenter is closed
   */
  public synchronized Segmentation segment(TensorImage image, ImageProcessingOptions options) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("the image segmenter is closed");
    }
    preprocessor.preprocess(image, options, model.interpreter());
    model.interpreter().invoke();
    // Read per call: models whose input follows the region of interest change their output size.
    Tensor output = model.interpreter().getOutputTensor(0);
    int outHeight = output.dim(1);
    int outWidth = output.dim(2);
    float[] scores = scores(output, outHeight * outWidth * classes);
    Orientation orientation = options.orientation();
    boolean swap = orientation.swapsDimensions(Orientation.TOP_LEFT);
    int maskWidth = swap ? outHeight : outWidth;
    int maskHeight = swap ? outWidth : outHeight;
    // For each mask pixel (stored orientation), the output pixel (upright) it shows.
    int[] source = new int[maskWidth * maskHeight];
    for (int y = 0; y < maskHeight; y++) {
      for (int x = 0; x < maskWidth; x++) {
        int[] p = orientation.mapPoint(x, y, maskWidth, maskHeight, Orientation.TOP_LEFT);
        source[y * maskWidth + x] = p[1] * outWidth + p[0];
      }
    }
    if (outputType == Segmentation.OutputType.CATEGORY_MASK) {
      int[] mask = new int[source.length];
      for (int i = 0; i < source.length; i++) {
        int base = source[i] * classes;
        int best = 0;
        float max = 0f;
        for (int d = 0; d < classes; d++) {
          if (scores[base + d] > max) {
            best = d;
            max = scores[base + d];
          }
        }
        mask[i] = best;
      }
      return new Segmentation(outputType, maskWidth, maskHeight, mask, List.of(), coloredLabels);
    }
    List<float[]> masks = new ArrayList<>();
    for (int d = 0; d < classes; d++) {
      float[] mask = new float[source.length];
      for (int i = 0; i < source.length; i++) {
        mask[i] = scores[source[i] * classes + d];
      }
      masks.add(mask);
    }
    return new Segmentation(outputType, maskWidth, maskHeight, null, masks, coloredLabels);
  }

  private static float[] scores(Tensor output, int n) {
    float[] out = new float[n];
    if (output.dataType() == DataType.UINT8) {
      byte[] data = output.bytes();
      float scale = output.quantizationParams().scale();
      int zeroPoint = output.quantizationParams().zeroPoint();
      for (int i = 0; i < n; i++) {
        out[i] = scale * ((data[output.offset() + i] & 0xFF) - zeroPoint);
      }
    } else {
      System.arraycopy(output.floats(), output.offset(), out, 0, n);
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
   * Options of an {@link ImageSegmenter}, with TFLite's names and defaults; immutable, made with
   * {@link #builder()}.
   */
  public static final class Options {
    /** The defaults. */
    public static final Options DEFAULT = builder().build();

    private final BaseOptions baseOptions;
    private final String displayNamesLocale;
    private final Segmentation.OutputType outputType;
    private final float[][] normalization;
    private final LabelMap labels;

    private Options(Builder b) {
      this.baseOptions = b.baseOptions;
      this.displayNamesLocale = b.displayNamesLocale;
      this.outputType = b.outputType;
      this.normalization = b.normalization;
      this.labels = b.labels;
    }

    public static Builder builder() {
      return new Builder();
    }

    public BaseOptions baseOptions() {
      return baseOptions;
    }

    public String displayNamesLocale() {
      return displayNamesLocale;
    }

    public Segmentation.OutputType outputType() {
      return outputType;
    }

    /** The caller's normalization (mean, std), if set. */
    public Optional<float[][]> normalization() {
      return Optional.ofNullable(normalization)
          .map(n -> new float[][] {n[0].clone(), n[1].clone()});
    }

    /** Class labels for models whose metadata has none, if set. */
    public Optional<LabelMap> labels() {
      return Optional.ofNullable(labels);
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private BaseOptions baseOptions = BaseOptions.DEFAULT;
      private String displayNamesLocale = "en";
      private Segmentation.OutputType outputType = Segmentation.OutputType.CATEGORY_MASK;
      private float[][] normalization;
      private LabelMap labels;

      private Builder() {}

      public Builder setBaseOptions(BaseOptions options) {
        this.baseOptions = Objects.requireNonNull(options, "options");
        return this;
      }

      /** Locale of the display names (default "en"). */
      public Builder setDisplayNamesLocale(String locale) {
        this.displayNamesLocale = Objects.requireNonNull(locale, "locale");
        return this;
      }

      /** A category mask (the default) or confidence masks. */
      public Builder setOutputType(Segmentation.OutputType type) {
        this.outputType = Objects.requireNonNull(type, "type");
        return this;
      }

      /** Normalization for FLOAT32 models; overrides the metadata's. */
      public Builder setNormalization(float[] mean, float[] std) {
        this.normalization = new float[][] {mean.clone(), std.clone()};
        return this;
      }

      /** Class labels, index by index, for models whose metadata has none. */
      public Builder setLabels(List<String> labels) {
        this.labels = LabelMap.of(labels);
        return this;
      }

      public Options build() {
        return new Options(this);
      }
    }
  }
}
