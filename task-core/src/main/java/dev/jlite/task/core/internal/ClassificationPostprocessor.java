package dev.jlite.task.core.internal;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.ClassificationOptions;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.LabelMap;
import dev.jlite.task.core.ScoreCalibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns one classification output tensor into {@link Classifications}, in TFLite's order:
 * dequantize, calibrate, sort by score, then keep results above the threshold, up to the maximum
 * count, filtered by the allow or deny list. Checks the tensor and options once, when built.
 * Immutable; {@link #process} only reads the tensor.
 */
public final class ClassificationPostprocessor {
  private final int headIndex;
  private final String headName;
  private final LabelMap labels;
  private final ScoreCalibration calibration;
  private final int numResults;
  private final float scoreThreshold;
  private final Set<String> classNames;
  private final boolean allowList;

  /**
   * @param headIndex the index of the output tensor among the model's outputs
   * @param tensor the output tensor
   * @param head what the tensor's metadata says ({@link ClassificationHead#empty()} if none)
   * @param options the caller's options
   * @throws IncompatibleModelException if the tensor is not a {@code [1, N]} or {@code [1, 1, 1,
   *     N]} UINT8 or FLOAT32 tensor
   * @throws InvalidModelException if the labels do not match the number of classes
   * @throws IllegalArgumentException if an allow or deny list is set but the head has no labels or
   *     none of the listed labels exists
   */
  public ClassificationPostprocessor(int headIndex, Tensor tensor, ClassificationHead head,
      ClassificationOptions options) {
    this.headIndex = headIndex;
    this.headName = head.name();
    int[] shape = tensor.shape();
    String where = "output " + headIndex + " '" + tensor.name() + "'";
    if (shape.length == 4) {
      if (shape[1] != 1 || shape[2] != 1) {
        throw new IncompatibleModelException(where + " has shape " + Arrays.toString(shape)
            + "; a classification output must be [1, N] or [1, 1, 1, N]");
      }
    } else if (shape.length != 2) {
      throw new IncompatibleModelException(where + " has " + shape.length + " dimensions "
          + Arrays.toString(shape) + "; a classification output must be [1, N] or [1, 1, 1, N]");
    }
    if (shape[0] != 1) {
      throw new IncompatibleModelException(where + " has batch size " + shape[0]
          + "; classification needs batch size 1");
    }
    if (tensor.dataType() != DataType.UINT8 && tensor.dataType() != DataType.FLOAT32) {
      throw new IncompatibleModelException(where + " is " + tensor.dataType()
          + "; a classification output must be UINT8 or FLOAT32");
    }
    int classes = shape[shape.length - 1];
    this.labels = head.labels().orElseGet(() -> LabelMap.unlabelled(classes));
    if (labels.size() != classes) {
      throw new InvalidModelException(where + " has " + classes + " classes but its label map has "
          + labels.size() + " entries");
    }
    this.calibration = head.calibration().orElse(null);
    this.numResults = options.maxResults() >= 0
        ? Math.min(classes, options.maxResults())
        : classes;
    this.scoreThreshold = options.scoreThreshold().orElse(head.scoreThreshold());
    this.allowList = !options.labelAllowList().isEmpty();
    List<String> listed = allowList ? options.labelAllowList() : options.labelDenyList();
    this.classNames = new HashSet<>();
    if (!listed.isEmpty()) {
      Set<String> known = new HashSet<>(labels.labels());
      known.remove("");
      String list = allowList ? "labelAllowList" : "labelDenyList";
      if (known.isEmpty()) {
        throw new IllegalArgumentException(list + " needs labels, but classification head "
            + (headName.isEmpty() ? "#" + headIndex : headName) + " has none");
      }
      for (String name : listed) {
        if (known.contains(name)) {
          classNames.add(name);
        }
      }
      if (classNames.isEmpty()) {
        throw new IllegalArgumentException("none of the labels in " + list + " " + listed
            + " is a label of the model");
      }
    }
  }

  /** The classes of the current contents of the output tensor. */
  public Classifications process(Tensor tensor) {
    int n = labels.size();
    float[] scores = new float[n];
    if (tensor.dataType() == DataType.UINT8) {
      byte[] data = tensor.bytes();
      float scale = tensor.quantizationParams().scale();
      int zeroPoint = tensor.quantizationParams().zeroPoint();
      for (int j = 0; j < n; j++) {
        scores[j] = scale * ((data[tensor.offset() + j] & 0xFF) - zeroPoint);
      }
    } else {
      System.arraycopy(tensor.floats(), tensor.offset(), scores, 0, n);
    }
    if (calibration != null) {
      for (int j = 0; j < n; j++) {
        scores[j] = calibration.calibrate(labels.label(j), scores[j]);
      }
    }
    Integer[] order = new Integer[n];
    for (int j = 0; j < n; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
    List<Category> out = new ArrayList<>();
    for (int j = 0; j < n && out.size() < numResults; j++) {
      int index = order[j];
      float score = scores[index];
      if (score < scoreThreshold) {
        break;
      }
      if (!classNames.isEmpty() && classNames.contains(labels.label(index)) != allowList) {
        continue;
      }
      out.add(Category.create(index, labels.label(index), labels.displayName(index), score));
    }
    return Classifications.create(headIndex, headName, out);
  }
}
