package dev.jlite.task.vision;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.schema.metadata.BoundingBoxProperties;
import dev.jlite.schema.metadata.BoundingBoxType;
import dev.jlite.schema.metadata.ContentProperties;
import dev.jlite.schema.metadata.CoordinateType;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.ClassificationOptions;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.LabelMap;
import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.ScoreCalibration;
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
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Detects objects with an SSD-style model: one {@code [1, H, W, 3]} image in, four FLOAT32 outputs
 * (locations {@code [1, N, 4]}, classes {@code [1, N]}, scores {@code [1, N]}, count {@code [1]}),
 * the layout of TFLite's {@code TFLite_Detection_PostProcess}. Outputs are matched by their
 * metadata names ({@code location}, {@code category}, {@code score}, {@code number of detections}),
 * else taken in that order. The box layout comes from the location tensor's {@code
 * BoundingBoxProperties} (index order, BOUNDARIES/UPPER_LEFT/CENTER, RATIO/PIXEL); without metadata
 * it is the post-process op's {@code [top, left, bottom, right]} ratios. Class labels come from the
 * category tensor's {@code TENSOR_VALUE_LABELS} file; the default score threshold from the score
 * tensor's metadata, else none. Boxes are returned in pixels of the image as given: mapped back
 * from the model's input through the orientation and the region of interest. Safe to call from
 * several threads (calls run one at a time).
 */
public final class ObjectDetector implements AutoCloseable {
  private static final String[] OUTPUT_NAMES =
      {"location", "category", "score", "number of detections"};
  private static final int[] OUTPUT_RANKS = {3, 2, 2, 1};

  private final TaskModel model;
  private final ImagePreprocessor preprocessor;
  private final int[] outputs;
  private final int[] boxIndex;
  private final byte boxType;
  private final boolean pixelCoordinates;
  private final LabelMap labels;
  private final ScoreCalibration calibration;
  private final float scoreThreshold;
  private final int maxResults;
  private final Set<Integer> classIndices;
  private final boolean allowList;
  private boolean closed;

  private ObjectDetector(TaskModel model, Options options) {
    this.model = model;
    this.preprocessor = new ImagePreprocessor(ImageInputSpec.of(model, options.normalization()));
    Interpreter interpreter = model.interpreter();
    if (interpreter.getOutputTensorCount() != 4) {
      throw new IncompatibleModelException("the model has " + interpreter.getOutputTensorCount()
          + " outputs; an object detector needs 4 (locations, classes, scores, count)");
    }
    List<TensorMetadata> metadata = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      model.metadata().outputTensorMetadata(i).ifPresent(metadata::add);
    }
    this.outputs = outputOrder(metadata);
    interpreter.allocateTensors();
    for (int k = 0; k < 4; k++) {
      Tensor t = interpreter.getOutputTensor(outputs[k]);
      if (t.numDimensions() != OUTPUT_RANKS[k] || t.dim(0) != 1
          || t.dataType() != DataType.FLOAT32) {
        throw new IncompatibleModelException("output " + outputs[k] + " '" + t.name() + "' is "
            + t.dataType() + " " + Arrays.toString(t.shape()) + "; the " + OUTPUT_NAMES[k]
            + " output of an object detector must be FLOAT32 with " + OUTPUT_RANKS[k]
            + " dimensions and batch size 1");
      }
    }
    String locale = options.classification().displayNamesLocale();
    if (metadata.size() == 4) {
      BoundingBoxProperties box = boxProperties(metadata.get(outputs[0]));
      this.boxType = box.type();
      this.pixelCoordinates = box.coordinateType() == CoordinateType.PIXEL;
      this.boxIndex = box.indexLength() == 0
          ? new int[] {0, 1, 2, 3}
          : new int[] {(int) box.index(0), (int) box.index(1), (int) box.index(2),
              (int) box.index(3)};
      Optional<LabelMap> fromMetadata = MetadataFiles.labelMap(model.metadata(),
          metadata.get(outputs[1]), AssociatedFileType.TENSOR_VALUE_LABELS, locale);
      this.labels = fromMetadata.or(options::labels).orElse(null);
      this.calibration = MetadataFiles.scoreCalibration(model.metadata(),
          metadata.get(outputs[2]), Optional.ofNullable(labels)).orElse(null);
      this.scoreThreshold = options.classification().scoreThreshold()
          .or(() -> MetadataFiles.scoreThreshold(metadata.get(outputs[2])))
          .orElse(-Float.MAX_VALUE);
    } else {
      this.boxType = BoundingBoxType.BOUNDARIES;
      this.pixelCoordinates = false;
      this.boxIndex = new int[] {1, 0, 3, 2};
      this.labels = options.labels().orElse(null);
      this.calibration = null;
      this.scoreThreshold = options.classification().scoreThreshold().orElse(-Float.MAX_VALUE);
    }
    int max = options.classification().maxResults();
    this.maxResults = max > 0 ? max : Integer.MAX_VALUE;
    this.allowList = !options.classification().labelAllowList().isEmpty();
    this.classIndices = classIndices(allowList ? options.classification().labelAllowList()
        : options.classification().labelDenyList(), allowList);
  }

  /** Output indices of locations, classes, scores and count. */
  private static int[] outputOrder(List<TensorMetadata> metadata) {
    if (metadata.size() != 4) {
      return new int[] {0, 1, 2, 3};
    }
    int[] order = new int[4];
    for (int k = 0; k < 4; k++) {
      order[k] = -1;
      for (int i = 0; i < 4; i++) {
        if (OUTPUT_NAMES[k].equals(metadata.get(i).name())) {
          order[k] = i;
          break;
        }
      }
      if (order[k] == -1) {
        return new int[] {0, 1, 2, 3};
      }
    }
    return order;
  }

  private static BoundingBoxProperties boxProperties(TensorMetadata location) {
    String name = location.name();
    if (location.content() == null
        || location.content().contentPropertiesType() != ContentProperties.BoundingBoxProperties) {
      throw new InvalidModelException("the metadata of output '" + name
          + "' has no BoundingBoxProperties, which the locations of a detector need");
    }
    BoundingBoxProperties box = (BoundingBoxProperties)
        location.content().contentProperties(new BoundingBoxProperties());
    if (box.type() != BoundingBoxType.BOUNDARIES && box.type() != BoundingBoxType.UPPER_LEFT
        && box.type() != BoundingBoxType.CENTER) {
      throw new InvalidModelException("the BoundingBoxProperties of output '" + name
          + "' have an unknown box type " + box.type());
    }
    if (box.coordinateType() != CoordinateType.RATIO
        && box.coordinateType() != CoordinateType.PIXEL) {
      throw new InvalidModelException("the BoundingBoxProperties of output '" + name
          + "' have an unknown coordinate type " + box.coordinateType());
    }
    if (box.indexLength() != 0) {
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < box.indexLength(); i++) {
        seen.add(box.index(i));
      }
      if (box.indexLength() != 4 || !seen.equals(Set.of(0L, 1L, 2L, 3L))) {
        throw new InvalidModelException("the BoundingBoxProperties index of output '" + name
            + "' must be a permutation of 0, 1, 2, 3");
      }
    }
    return box;
  }

  private Set<Integer> classIndices(List<String> names, boolean allow) {
    Set<Integer> indices = new HashSet<>();
    if (names.isEmpty()) {
      return indices;
    }
    String list = allow ? "labelAllowList" : "labelDenyList";
    if (labels == null) {
      throw new IllegalArgumentException(list + " needs labels, but the model has none");
    }
    for (String name : names) {
      int index = labels.labels().indexOf(name);
      if (index >= 0) {
        indices.add(index);
      }
    }
    if (indices.isEmpty()) {
      throw new IllegalArgumentException("none of the labels in " + list + " " + names
          + " is a label of the model");
    }
    return indices;
  }

  /**
   * A detector for a model file, with default options.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidModelException if the model or its metadata is malformed
   * @throws IncompatibleModelException if it is not an object detector
   */
  public static ObjectDetector create(Path model) throws IOException {
    return create(model, Options.DEFAULT);
  }

  /**
   * A detector for a model file.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidModelException if the model or its metadata is malformed
   * @throws IncompatibleModelException if it is not an object detector
   * @throws IllegalArgumentException if an allow or deny list names none of the model's labels
   */
  public static ObjectDetector create(Path model, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.open(model, options.baseOptions()), options);
  }

  /** A detector for a model held in memory (not copied); see {@link #create(Path, Options)}. */
  public static ObjectDetector create(ByteBuffer model, Options options) {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.wrap(model, options.baseOptions()), options);
  }

  private static ObjectDetector create(TaskModel model, Options options) {
    try {
      return new ObjectDetector(model, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Detects objects in the whole image, stored upright. */
  public List<Detection> detect(TensorImage image) {
    return detect(image, ImageProcessingOptions.DEFAULT);
  }

  /**
   * Detects objects in the region of interest of an image stored in the given orientation, best
   * score first as the model ranks them.
   *
   * @throws dev.jlite.task.core.InvalidInputException if the region of interest is empty or not
   *     inside the image
   * @throws InvalidModelException if the model reports more detections than its outputs hold, or a
   *     class index outside its labels
   * @throws IllegalStateException if the detector is closed
   */
  public synchronized List<Detection> detect(TensorImage image, ImageProcessingOptions options) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("the object detector is closed");
    }
    Interpreter interpreter = model.interpreter();
    Rect roi = preprocessor.preprocess(image, options, interpreter);
    interpreter.invoke();
    Tensor locations = interpreter.getOutputTensor(outputs[0]);
    Tensor classes = interpreter.getOutputTensor(outputs[1]);
    Tensor scores = interpreter.getOutputTensor(outputs[2]);
    Tensor count = interpreter.getOutputTensor(outputs[3]);
    int n = (int) count.floats()[count.offset()];
    if (n < 0 || n > locations.dim(1) || n > classes.dim(1) || n > scores.dim(1)
        || locations.dim(2) != 4) {
      throw new InvalidModelException("the model reports " + n + " detections but its outputs"
          + " hold " + Arrays.toString(locations.shape()) + " locations, "
          + Arrays.toString(classes.shape()) + " classes and " + Arrays.toString(scores.shape())
          + " scores");
    }
    Orientation orientation = options.orientation();
    boolean swap = orientation.swapsDimensions(Orientation.TOP_LEFT);
    int uprightWidth = swap ? roi.height() : roi.width();
    int uprightHeight = swap ? roi.width() : roi.height();
    Tensor input = interpreter.getInputTensor(0);
    List<Detection> result = new ArrayList<>();
    for (int i = 0; i < n && result.size() < maxResults; i++) {
      int classIndex = (int) classes.floats()[classes.offset() + i];
      if (!classIndices.isEmpty() && classIndices.contains(classIndex) != allowList) {
        continue;
      }
      if (labels != null && (classIndex < 0 || classIndex >= labels.size())) {
        throw new InvalidModelException("the model returned class index " + classIndex
            + " but its label map has " + labels.size() + " entries");
      }
      float score = scores.floats()[scores.offset() + i];
      if (calibration != null) {
        score = calibration.calibrate(labels.label(classIndex), score);
      }
      if (score <= scoreThreshold) {
        continue;
      }
      float[] box = new float[4];
      for (int k = 0; k < 4; k++) {
        box[k] = locations.floats()[locations.offset() + 4 * i + boxIndex[k]];
      }
      Rect upright = denormalize(box, uprightWidth, uprightHeight, input.dim(2), input.dim(1));
      Rect stored = Orientation.TOP_LEFT.mapRect(upright, uprightWidth, uprightHeight,
          orientation);
      Rect inImage = Rect.of(stored.left() + roi.left(), stored.top() + roi.top(), stored.width(),
          stored.height());
      String label = labels == null ? "" : labels.label(classIndex);
      String displayName = labels == null ? "" : labels.displayName(classIndex);
      result.add(Detection.create(inImage,
          List.of(Category.create(classIndex, label, displayName, score))));
    }
    return result;
  }

  /**
   * The box in pixels of the upright region: left and top truncated, width and height rounded, as
   * TFLite's {@code OrientAndDenormalizeBoundingBox} does.
   */
  private Rect denormalize(float[] b, int width, int height, int inputWidth, int inputHeight) {
    float left;
    float top;
    float right;
    float bottom;
    switch (boxType) {
      case BoundingBoxType.UPPER_LEFT -> {
        left = b[0];
        top = b[1];
        right = b[0] + b[2];
        bottom = b[1] + b[3];
      }
      case BoundingBoxType.CENTER -> {
        left = b[0] - b[2] / 2;
        top = b[1] - b[3] / 2;
        right = b[0] + b[2] / 2;
        bottom = b[1] + b[3] / 2;
      }
      default -> {
        left = b[0];
        top = b[1];
        right = b[2];
        bottom = b[3];
      }
    }
    if (pixelCoordinates) {
      left /= inputWidth;
      right /= inputWidth;
      top /= inputHeight;
      bottom /= inputHeight;
    }
    return Rect.of((int) (left * width), (int) (top * height),
        Math.round(Math.abs(right - left) * width), Math.round(Math.abs(bottom - top) * height));
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }

  /**
   * Options of an {@link ObjectDetector}, with TFLite's names and defaults; immutable, made with
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

    /** Class labels for models whose metadata has none, if set. */
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

      /** At most this many detections; negative (default -1) for all; 0 is invalid. */
      public Builder setMaxResults(int maxResults) {
        classification.setMaxResults(maxResults);
        return this;
      }

      /** Drops detections scoring at or below this; overrides the metadata's threshold. */
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
