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
 * Finds people's keypoints with a MoveNet or PoseNet model: one {@code [1, H, W, 3]} image in and
 * FLOAT32 outputs, either single-pose MoveNet {@code [1, 1, K, 3]} ({@code (y, x, score)} per
 * keypoint), multi-pose MoveNet {@code [1, N, 56]} (per person 17 {@code (y, x, score)} then the
 * box {@code (ymin, xmin, ymax, xmax)} and the person's score), all as fractions of the model's
 * input, or PoseNet heatmaps {@code [1, h, w, K]} and offsets {@code [1, h, w, 2K]} (decoded as a
 * single pose). Keypoint names come from the output's label file ({@code TENSOR_AXIS_LABELS}) if it
 * has one, else {@code setKeypointNames}, else, for 17 keypoints, the COCO names MoveNet and
 * PoseNet use. Positions are returned in pixels of the image as given: mapped back through the
 * orientation and the region of interest. TFLite's task library has no pose task; this follows its
 * vision pipeline. Safe to call from several threads (calls run one at a time).
 */
public final class PoseEstimator implements AutoCloseable {
  /** The 17 COCO keypoints in MoveNet's order. */
  public static final List<String> COCO_KEYPOINTS = List.of("nose", "left_eye", "right_eye",
      "left_ear", "right_ear", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
      "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee",
      "left_ankle", "right_ankle");

  // MoveNet multi-pose: 17 keypoints of (y, x, score), a box and a score per person.
  private static final int MULTI_POSE_VALUES = 17 * 3 + 5;

  private final TaskModel model;
  private final ImagePreprocessor preprocessor;
  private final List<String> names;
  private final boolean multiPose;
  private final boolean poseNet;
  private final int people;
  private final float minPoseScore;
  private boolean closed;

  private PoseEstimator(TaskModel model, Options options) {
    this.model = model;
    this.preprocessor = new ImagePreprocessor(ImageInputSpec.of(model, options.normalization()));
    this.minPoseScore = options.minPoseScore();
    model.interpreter().allocateTensors();
    Tensor output = model.interpreter().getOutputTensor(0);
    int[] shape = output.shape();
    boolean single = model.interpreter().getOutputTensorCount() == 1 && shape.length == 4
        && shape[0] == 1 && shape[1] == 1 && shape[3] == 3;
    this.multiPose = model.interpreter().getOutputTensorCount() == 1 && shape.length == 3
        && shape[0] == 1 && shape[2] == MULTI_POSE_VALUES;
    this.poseNet = !single && !multiPose && isPoseNet(model);
    if ((!single && !multiPose && !poseNet) || output.dataType() != DataType.FLOAT32) {
      throw new IncompatibleModelException("output 0 '" + output.name() + "' is "
          + output.dataType() + " " + Arrays.toString(shape) + " (of "
          + model.interpreter().getOutputTensorCount() + " outputs); a pose estimator needs"
          + " FLOAT32 [1, 1, keypoints, 3] (single-pose), [1, people, 56] (multi-pose), or"
          + " [1, h, w, keypoints] heatmaps and [1, h, w, 2 * keypoints] offsets (PoseNet)");
    }
    this.people = multiPose ? shape[1] : 1;
    int keypoints = multiPose ? COCO_KEYPOINTS.size() : poseNet ? shape[3] : shape[2];
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

  /** The keypoints of the best-scoring person in the whole image, stored upright. */
  public List<Keypoint> estimate(TensorImage image) {
    return estimate(image, ImageProcessingOptions.DEFAULT);
  }

  /**
   * The keypoints of the best-scoring person in the region of interest of an image stored in the
   * given orientation, in model order; empty if a multi-pose model finds nobody scoring at least
   * the minimum pose score.
   *
   * @throws dev.jlite.task.core.InvalidInputException if the region of interest is empty or not
   *     inside the image
   * @throws IllegalStateException if the estimator is closed
   */
  public List<Keypoint> estimate(TensorImage image, ImageProcessingOptions options) {
    List<Pose> poses = estimatePoses(image, options);
    return poses.isEmpty() ? List.of() : poses.get(0).keypoints();
  }

  /**
   * Every person the model finds scoring at least the minimum pose score (always the one person of
   * a single-pose model), best first.
   *
   * @throws dev.jlite.task.core.InvalidInputException if the region of interest is empty or not
   *     inside the image
   * @throws IllegalStateException if the estimator is closed
   */
  public synchronized List<Pose> estimatePoses(TensorImage image,
      ImageProcessingOptions options) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("the pose estimator is closed");
    }
    Rect roi = preprocessor.preprocess(image, options, model.interpreter());
    model.interpreter().invoke();
    Tensor output = model.interpreter().getOutputTensor(0);
    float[] data = poseNet ? decodePoseNet() : output.floats();
    int offset = poseNet ? 0 : output.offset();
    Orientation orientation = options.orientation();
    List<Pose> poses = new ArrayList<>();
    for (int p = 0; p < people; p++) {
      int base = offset + p * (multiPose ? MULTI_POSE_VALUES : 3 * names.size());
      List<Keypoint> keypoints = new ArrayList<>(names.size());
      float sum = 0;
      for (int k = 0; k < names.size(); k++) {
        float y = data[base + 3 * k];
        float x = data[base + 3 * k + 1];
        float score = data[base + 3 * k + 2];
        sum += score;
        float[] stored = Orientation.TOP_LEFT.mapFraction(x, y, orientation);
        keypoints.add(Keypoint.create(k, names.get(k), roi.left() + stored[0] * roi.width(),
            roi.top() + stored[1] * roi.height(), score));
      }
      if (!multiPose) {
        poses.add(Pose.create(sum / names.size(), null, keypoints));
        continue;
      }
      int box = base + 3 * names.size();
      float score = data[box + 4];
      if (score >= minPoseScore) {
        poses.add(Pose.create(score, boxInImage(data, box, roi, orientation), keypoints));
      }
    }
    poses.sort((a, b) -> Float.compare(b.score(), a.score()));
    return poses;
  }

  /**
   * PoseNet's layout: outputs 0 and 1 are FLOAT32 heatmaps {@code [1, h, w, K]} and offsets {@code
   * [1, h, w, 2K]} on the same grid of at least 2x2 cells (later outputs, the displacements of
   * multi-person decoding, are not used).
   */
  private static boolean isPoseNet(TaskModel model) {
    if (model.interpreter().getOutputTensorCount() < 2) {
      return false;
    }
    Tensor heatmaps = model.interpreter().getOutputTensor(0);
    Tensor offsets = model.interpreter().getOutputTensor(1);
    int[] h = heatmaps.shape();
    int[] o = offsets.shape();
    return h.length == 4 && o.length == 4 && h[0] == 1 && o[0] == 1 && h[1] >= 2 && h[2] >= 2
        && o[1] == h[1] && o[2] == h[2] && o[3] == 2 * h[3]
        && heatmaps.dataType() == DataType.FLOAT32 && offsets.dataType() == DataType.FLOAT32;
  }

  /**
   * PoseNet's single-pose decoding: per keypoint the heatmap cell with the highest value (the
   * first, in row-major order), its position on the input ({@code cell / (cells - 1) * size}) plus
   * that cell's offset (y in the first K channels, x in the next K), and {@code sigmoid} of the
   * heatmap value as its score. Returns {@code (y, x, score)} per keypoint, y and x as fractions of
   * the input, the layout of single-pose MoveNet.
   */
  private float[] decodePoseNet() {
    Tensor heatmaps = model.interpreter().getOutputTensor(0);
    Tensor offsets = model.interpreter().getOutputTensor(1);
    Tensor input = model.interpreter().getInputTensor(0);
    int rows = heatmaps.dim(1);
    int cols = heatmaps.dim(2);
    int k = heatmaps.dim(3);
    float inputHeight = input.dim(1);
    float inputWidth = input.dim(2);
    float[] heat = heatmaps.floats();
    float[] off = offsets.floats();
    float[] out = new float[3 * k];
    for (int j = 0; j < k; j++) {
      int best = 0;
      for (int cell = 1; cell < rows * cols; cell++) {
        if (heat[heatmaps.offset() + cell * k + j] > heat[heatmaps.offset() + best * k + j]) {
          best = cell;
        }
      }
      int row = best / cols;
      int col = best % cols;
      float y = row / (rows - 1f) * inputHeight + off[offsets.offset() + best * 2 * k + j];
      float x = col / (cols - 1f) * inputWidth + off[offsets.offset() + best * 2 * k + k + j];
      double value = heat[heatmaps.offset() + best * k + j];
      out[3 * j] = y / inputHeight;
      out[3 * j + 1] = x / inputWidth;
      out[3 * j + 2] = (float) (1 / (1 + Math.exp(-value)));
    }
    return out;
  }

  /** A multi-pose box (ymin, xmin, ymax, xmax fractions) in pixels of the image as given. */
  private static Rect boxInImage(float[] d, int at, Rect roi, Orientation orientation) {
    float[] a = Orientation.TOP_LEFT.mapFraction(d[at + 1], d[at], orientation);
    float[] b = Orientation.TOP_LEFT.mapFraction(d[at + 3], d[at + 2], orientation);
    float left = roi.left() + Math.min(a[0], b[0]) * roi.width();
    float top = roi.top() + Math.min(a[1], b[1]) * roi.height();
    return Rect.of((int) left, (int) top,
        Math.round(Math.abs(b[0] - a[0]) * roi.width()),
        Math.round(Math.abs(b[1] - a[1]) * roi.height()));
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
    private final float minPoseScore;

    private Options(Builder b) {
      this.baseOptions = b.baseOptions;
      this.normalization = b.normalization;
      this.keypointNames = b.keypointNames;
      this.minPoseScore = b.minPoseScore;
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

    /** The lowest person score a multi-pose model's pose is kept with (default 0.2). */
    public float minPoseScore() {
      return minPoseScore;
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private BaseOptions baseOptions = BaseOptions.DEFAULT;
      private float[][] normalization;
      private LabelMap keypointNames;
      private float minPoseScore = 0.2f;

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

      /** Multi-pose models: drop people scoring below this (default 0.2). */
      public Builder setMinPoseScore(float score) {
        if (Float.isNaN(score)) {
          throw new IllegalArgumentException("minPoseScore must be a number, was NaN");
        }
        this.minPoseScore = score;
        return this;
      }

      public Options build() {
        return new Options(this);
      }
    }
  }
}
