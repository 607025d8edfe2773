package dev.jlite.task.vision;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.LabelMap;
import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.Rect;
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
 * Finds the keypoints of one person with a MoveNet single-pose model: one {@code [1, H, W, 3]}
 * image in, one FLOAT32 {@code [1, 1, K, 3]} output of {@code (y, x, score)} per keypoint, with y
 * and x as fractions of the model's input. Keypoint names come from the output's label file
 * ({@code TENSOR_AXIS_LABELS}) if it has one, else, for 17 keypoints, the COCO names MoveNet uses.
 * Positions are returned in pixels of the image as given: mapped back through the orientation and
 * the region of interest. TFLite's task library has no pose task; this follows its vision
 * pipeline. Safe to call from several threads (calls run one at a time).
 */
public final class PoseEstimator implements AutoCloseable {
  /** The 17 COCO keypoints in MoveNet's order. */
  public static final List<String> COCO_KEYPOINTS = List.of("nose", "left_eye", "right_eye",
      "left_ear", "right_ear", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
      "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee",
      "left_ankle", "right_ankle");

  private final TaskModel model;
  private final ImagePreprocessor preprocessor;
  private final List<String> names;
  private boolean closed;

  private PoseEstimator(TaskModel model, Options options) {
    this.model = model;
    this.preprocessor = new ImagePreprocessor(ImageInputSpec.of(model, options.normalization()));
    if (model.interpreter().getOutputTensorCount() != 1) {
      throw new IncompatibleModelException("the model has "
          + model.interpreter().getOutputTensorCount()
          + " outputs; a single-pose estimator needs one [1, 1, keypoints, 3] output");
    }
    model.interpreter().allocateTensors();
    Tensor output = model.interpreter().getOutputTensor(0);
    int[] shape = output.shape();
    if (shape.length != 4 || shape[0] != 1 || shape[1] != 1 || shape[3] != 3
        || output.dataType() != DataType.FLOAT32) {
      throw new IncompatibleModelException("output 0 '" + output.name() + "' is "
          + output.dataType() + " " + Arrays.toString(shape)
          + "; a single-pose estimator needs FLOAT32 [1, 1, keypoints, 3] (y, x, score)");
    }
    int keypoints = shape[2];
    Optional<LabelMap> labels = model.metadata().outputTensorMetadata(0)
        .flatMap(m -> MetadataFiles.labelMap(model.metadata(), m,
            AssociatedFileType.TENSOR_AXIS_LABELS, null))
        .or(options::keypointNames);
    if (labels.isPresent()) {
      if (labels.get().size() != keypoints) {
        throw new IllegalArgumentException("the keypoint names have " + labels.get().size()
            + " entries but the model has " + keypoints + " keypoints");
      }
      this.names = labels.get().labels();
    } else if (keypoints == COCO_KEYPOINTS.size()) {
      this.names = COCO_KEYPOINTS;
    } else {
      this.names = LabelMap.unlabelled(keypoints).labels();
    }
  }

  /**
   * An estimator for a model file, with default options.
   *
   * @throws IOException if the file cannot be read
   * @throws dev.jlite.schema.InvalidModelException if the model or its metadata is malformed
   * @throws IncompatibleModelException if it is not a single-pose model
   */
  public static PoseEstimator create(Path model) throws IOException {
    return create(model, Options.DEFAULT);
  }

  /** An estimator for a model file; see {@link #create(Path)}. */
  public static PoseEstimator create(Path model, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.open(model, options.baseOptions()), options);
  }

  /** An estimator for a model held in memory (not copied); see {@link #create(Path)}. */
  public static PoseEstimator create(ByteBuffer model, Options options) {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.wrap(model, options.baseOptions()), options);
  }

  private static PoseEstimator create(TaskModel model, Options options) {
    try {
      return new PoseEstimator(model, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The keypoints of the person in the whole image, stored upright. */
  public List<Keypoint> estimate(TensorImage image) {
    return estimate(image, ImageProcessingOptions.DEFAULT);
  }

  /**
   * The keypoints of the person in the region of interest of an image stored in the given
   * orientation, in model order.
   *
   * @throws dev.jlite.task.core.InvalidInputException if the region of interest is empty or not
   *     inside the image
   * @throws IllegalStateException if the estimator is closed
   */
  public synchronized List<Keypoint> estimate(TensorImage image, ImageProcessingOptions options) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("the pose estimator is closed");
    }
    Rect roi = preprocessor.preprocess(image, options, model.interpreter());
    model.interpreter().invoke();
    Tensor output = model.interpreter().getOutputTensor(0);
    float[] data = output.floats();
    int base = output.offset();
    Orientation orientation = options.orientation();
    List<Keypoint> keypoints = new ArrayList<>(names.size());
    for (int k = 0; k < names.size(); k++) {
      float y = data[base + 3 * k];
      float x = data[base + 3 * k + 1];
      float score = data[base + 3 * k + 2];
      float[] stored = Orientation.TOP_LEFT.mapFraction(x, y, orientation);
      keypoints.add(Keypoint.create(k, names.get(k), roi.left() + stored[0] * roi.width(),
          roi.top() + stored[1] * roi.height(), score));
    }
    return keypoints;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }

  /** Options of a {@link PoseEstimator}; immutable, made with {@link #builder()}. */
  public static final class Options {
    /** The defaults. */
    public static final Options DEFAULT = builder().build();

    private final BaseOptions baseOptions;
    private final float[][] normalization;
    private final LabelMap keypointNames;

    private Options(Builder b) {
      this.baseOptions = b.baseOptions;
      this.normalization = b.normalization;
      this.keypointNames = b.keypointNames;
    }

    public static Builder builder() {
      return new Builder();
    }

    public BaseOptions baseOptions() {
      return baseOptions;
    }

    /** The caller's normalization (mean, std), if set. */
    public Optional<float[][]> normalization() {
      return Optional.ofNullable(normalization)
          .map(n -> new float[][] {n[0].clone(), n[1].clone()});
    }

    /** Keypoint names for models whose metadata has none, if set. */
    public Optional<LabelMap> keypointNames() {
      return Optional.ofNullable(keypointNames);
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private BaseOptions baseOptions = BaseOptions.DEFAULT;
      private float[][] normalization;
      private LabelMap keypointNames;

      private Builder() {}

      public Builder setBaseOptions(BaseOptions options) {
        this.baseOptions = Objects.requireNonNull(options, "options");
        return this;
      }

      /** Normalization for FLOAT32 models; overrides the metadata's. */
      public Builder setNormalization(float[] mean, float[] std) {
        this.normalization = new float[][] {mean.clone(), std.clone()};
        return this;
      }

      /** Keypoint names, in model order, for models whose metadata has none. */
      public Builder setKeypointNames(List<String> names) {
        this.keypointNames = LabelMap.of(names);
        return this;
      }

      public Options build() {
        return new Options(this);
      }
    }
  }
}
