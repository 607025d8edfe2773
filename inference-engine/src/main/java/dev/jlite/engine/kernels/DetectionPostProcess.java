package dev.jlite.engine.kernels;

import com.google.flatbuffers.ArrayReadWriteBuf;
import com.google.flatbuffers.FlexBuffers;
import dev.jlite.engine.DataType;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.QuantizationParams;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.InvalidModelException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The custom operator TFLite_Detection_PostProcess of SSD object detectors: decodes box encodings
 * [1, anchors, 4 (+ keypoints)] against center-size anchors [anchors, 4], then keeps the best
 * non-overlapping boxes by non-max suppression over class predictions [1, anchors, classes (+1
 * background)], either class-agnostic ("fast": each anchor ranked by its best class, reporting its
 * top {@code max_classes_per_detection} classes) or per class ("regular": suppression per class,
 * then the best {@code max_detections} over all classes). Outputs, all float32: boxes [1, n, 4] as
 * (ymin, xmin, ymax, xmax), classes [1, n], scores [1, n] and the detection count [1], with n =
 * max_detections * max_classes_per_detection.
 *
 * <p>Inputs are float32, or uint8 dequantized first as TFLite does (uint8 box encodings go with
 * uint8 anchors). Decoding runs in double like TFLite's; ranking reproduces its sorts including the
 * order of equal scores ({@link DetectionArgSort}). Output entries TFLite leaves unwritten (past
 * the detection count in fast mode, past {@code max_detections} in regular mode) are zero here.
 */
final class DetectionPostProcess implements Kernel {
  static final String NAME = "TFLite_Detection_PostProcess";
  private static final int DEFAULT_DETECTIONS_PER_CLASS = 100;

  private int maxDetections;
  private int maxClassesPerDetection;
  private int detectionsPerClass;
  private boolean regular;
  private float scoreThreshold;
  private float iouThreshold;
  private int numClasses;
  private float yScale;
  private float xScale;
  private float hScale;
  private float wScale;

  private int numBoxes;
  private int encodingLength;
  private int classesWithBackground;
  private int labelOffset;

  private float[] decoded;
  /** Dequantized class predictions (uint8 input only). */
  private float[] dequantizedScores;
  private float[] keepScores;
  private int[] keepIndices;
  private int[] sortedIndices;
  private int[] sortTmp;
  private boolean[] active;
  private int[] selected;
  private float[] classScores;
  private float[] maxScores;
  private int[] sortedClassIndices;
  private int[] candidateIndices;
  private float[] candidateScores;
  private int[] mergeOrder;
  private int[] mergeTmp;
  private float[] topScores;

  static void register(OpResolver.Builder builder) {
    builder.addCustom(NAME, DetectionPostProcess::new);
  }

  @Override
  public void prepare(Node node) {
    readOptions(node);
    node.checkArity(3, 3, 4);
    Tensor boxes = node.input(0);
    Tensor predictions = node.input(1);
    Tensor anchors = node.input(2);
    node.checkType(boxes, "box encodings", DataType.FLOAT32, DataType.UINT8);
    node.checkType(predictions, "class predictions", DataType.FLOAT32, DataType.UINT8);
    node.checkType(anchors, "anchors", boxes.dataType());
    for (int i = 0; i < 4; i++) {
      node.checkType(node.output(i), "output " + i, DataType.FLOAT32);
    }
    checkQuantization(node, boxes, "box encodings");
    checkQuantization(node, predictions, "class predictions");
    checkQuantization(node, anchors, "anchors");
    int[] b = boxes.shape();
    int[] p = predictions.shape();
    int[] a = anchors.shape();
    if (b.length != 3 || b[0] != 1 || b[2] < 4) {
      throw node.invalid("box encodings must be [1, anchors, 4 or more], are "
          + Arrays.toString(b));
    }
    numBoxes = b[1];
    encodingLength = b[2];
    if (p.length != 3 || p[0] != 1 || p[1] != numBoxes) {
      throw node.invalid("class predictions must be [1, " + numBoxes + ", classes], are "
          + Arrays.toString(p));
    }
    if (a.length != 2 || a[0] != numBoxes || a[1] != 4) {
      throw node.invalid("anchors must be [" + numBoxes + ", 4], are " + Arrays.toString(a));
    }
    classesWithBackground = p[2];
    labelOffset = classesWithBackground - numClasses;
    if (labelOffset != 0 && labelOffset != 1) {
      throw node.invalid("class predictions have " + classesWithBackground + " classes for "
          + "num_classes " + numClasses + ": expected num_classes or one more (background)");
    }
    int detected = maxDetections * maxClassesPerDetection;
    node.resizeOutput(0, 1, detected, 4);
    node.resizeOutput(1, 1, detected);
    node.resizeOutput(2, 1, detected);
    node.resizeOutput(3, 1);
    allocateWorkspace(predictions.dataType() == DataType.UINT8);
  }

  private void readOptions(Node node) {
    ByteBuffer raw = node.customOptions();
    if (!raw.hasRemaining()) {
      throw node.invalid("has no custom options: expected a FlexBuffer map of its settings");
    }
    byte[] bytes = new byte[raw.remaining()];
    raw.get(bytes);
    try {
      FlexBuffers.Reference root = FlexBuffers.getRoot(new ArrayReadWriteBuf(bytes, bytes.length));
      if (!root.isMap()) {
        throw node.invalid("custom options are not a FlexBuffer map");
      }
      FlexBuffers.Map m = root.asMap();
      maxDetections = (int) requiredInt(node, m, "max_detections", 0);
      maxClassesPerDetection = (int) requiredInt(node, m, "max_classes_per_detection", 1);
      FlexBuffers.Reference perClass = m.get("detections_per_class");
      detectionsPerClass = perClass.isNull() ? DEFAULT_DETECTIONS_PER_CLASS : perClass.asInt();
      FlexBuffers.Reference useRegular = m.get("use_regular_nms");
      regular = !useRegular.isNull() && useRegular.asBoolean();
      scoreThreshold = requiredFloat(node, m, "nms_score_threshold");
      iouThreshold = requiredFloat(node, m, "nms_iou_threshold");
      numClasses = (int) requiredInt(node, m, "num_classes", 1);
      yScale = requiredFloat(node, m, "y_scale");
      xScale = requiredFloat(node, m, "x_scale");
      hScale = requiredFloat(node, m, "h_scale");
      wScale = requiredFloat(node, m, "w_scale");
    } catch (RuntimeException e) {
      if (e instanceof InvalidModelException) {
        throw e;
      }
      throw node.invalid("custom options are not a readable FlexBuffer: " + e);
    }
    if (regular && detectionsPerClass <= 0) {
      throw node.invalid("detections_per_class must be positive, is " + detectionsPerClass);
    }
    if (!(iouThreshold > 0f && iouThreshold <= 1f)) {
      throw node.invalid("nms_iou_threshold must be in (0, 1], is " + iouThreshold);
    }
    if (Float.isNaN(scoreThreshold)) {
      throw node.invalid("nms_score_threshold is NaN");
    }
    checkScale(node, "y_scale", yScale);
    checkScale(node, "x_scale", xScale);
    checkScale(node, "h_scale", hScale);
    checkScale(node, "w_scale", wScale);
    if ((long) maxDetections * maxClassesPerDetection > Integer.MAX_VALUE / 4) {
      throw node.invalid("max_detections " + maxDetections + " times max_classes_per_detection "
          + maxClassesPerDetection + " is too large");
    }
  }

  private static long requiredInt(Node node, FlexBuffers.Map m, String key, int min) {
    FlexBuffers.Reference r = m.get(key);
    if (r.isNull()) {
      throw node.invalid("custom options lack " + key);
    }
    long value = r.asLong();
    if (value < min || value > Integer.MAX_VALUE) {
      throw node.invalid(key + " must be at least " + min + ", is " + value);
    }
    return value;
  }

  private static float requiredFloat(Node node, FlexBuffers.Map m, String key) {
    FlexBuffers.Reference r = m.get(key);
    if (r.isNull()) {
      throw node.invalid("custom options lack " + key);
    }
    return (float) r.asFloat();
  }

  private static void checkScale(Node node, String key, float scale) {
    if (!(scale > 0f) || Float.isInfinite(scale)) {
      throw node.invalid(key + " must be positive and finite, is " + scale);
    }
  }

  private static void checkQuantization(Node node, Tensor t, String role) {
    if (t.dataType() != DataType.UINT8) {
      return;
    }
    QuantizationParams q = t.quantizationParams();
    if (!q.isQuantized() || q.isPerChannel()) {
      throw node.invalid(role + " (tensor " + t.index() + ") must be quantized per tensor, is "
          + q);
    }
    float scale = q.scale();
    if (!(scale > 0f) || Float.isInfinite(scale)) {
      throw node.invalid(role + " (tensor " + t.index() + ") has scale " + scale
          + ", expected positive and finite");
    }
    if (q.zeroPoint() < 0 || q.zeroPoint() > 255) {
      throw node.invalid(role + " (tensor " + t.index() + ") has zero point " + q.zeroPoint()
          + ", outside uint8");
    }
  }

  private void allocateWorkspace(boolean quantizedScores) {
    decoded = new float[numBoxes * 4];
    dequantizedScores = quantizedScores ? new float[numBoxes * classesWithBackground] : null;
    keepScores = new float[numBoxes];
    keepIndices = new int[numBoxes];
    sortedIndices = new int[numBoxes];
    sortTmp = new int[numBoxes];
    active = new boolean[numBoxes];
    selected = new int[numBoxes];
    if (regular) {
      classScores = new float[numBoxes];
      candidateIndices = new int[numBoxes + maxDetections];
      candidateScores = new float[numBoxes + maxDetections];
      mergeOrder = new int[numBoxes + maxDetections];
      mergeTmp = new int[numBoxes + maxDetections];
      topScores = new float[maxDetections];
      maxScores = null;
      sortedClassIndices = null;
    } else {
      maxScores = new float[numBoxes];
      sortedClassIndices = new int[numBoxes * numClasses];
      classScores = null;
      candidateIndices = null;
      candidateScores = null;
      mergeOrder = null;
      mergeTmp = null;
      topScores = null;
    }
  }

  @Override
  public void eval(Node node) {
    decodeBoxes(node);
    Tensor predictions = node.input(1);
    float[] scores;
    int scoresOffset;
    if (dequantizedScores != null) {
      QuantizationParams q = predictions.quantizationParams();
      float scale = q.scale();
      int zeroPoint = q.zeroPoint();
      byte[] in = predictions.bytes();
      int off = predictions.offset();
      for (int i = 0; i < dequantizedScores.length; i++) {
        dequantizedScores[i] = ((in[off + i] & 0xff) - zeroPoint) * scale;
      }
      scores = dequantizedScores;
      scoresOffset = 0;
    } else {
      scores = predictions.floats();
      scoresOffset = predictions.offset();
    }
    for (int i = 0; i < 4; i++) {
      Tensor out = node.output(i);
      Arrays.fill(out.floats(), out.offset(), out.offset() + out.numElements(), 0f);
    }
    if (regular) {
      regularNms(node, scores, scoresOffset);
    } else {
      fastNms(node, scores, scoresOffset);
    }
  }

  /** Center-size encodings and anchors to corner boxes, in double as TFLite computes them. */
  private void decodeBoxes(Node node) {
    Tensor boxes = node.input(0);
    Tensor anchors = node.input(2);
    boolean quantized = boxes.dataType() == DataType.UINT8;
    float[] bf = quantized ? null : boxes.floats();
    float[] af = quantized ? null : anchors.floats();
    byte[] bb = quantized ? boxes.bytes() : null;
    byte[] ab = quantized ? anchors.bytes() : null;
    QuantizationParams bq = boxes.quantizationParams();
    QuantizationParams aq = anchors.quantizationParams();
    float bScale = bq.scale();
    float bZero = bq.zeroPoint();
    float aScale = aq.scale();
    float aZero = aq.zeroPoint();
    int bo = boxes.offset();
    int ao = anchors.offset();
    for (int i = 0; i < numBoxes; i++) {
      int e = bo + i * encodingLength;
      int a = ao + i * 4;
      float y;
      float x;
      float h;
      float w;
      float ay;
      float ax;
      float ah;
      float aw;
      if (quantized) {
        y = ((bb[e] & 0xff) - bZero) * bScale;
        x = ((bb[e + 1] & 0xff) - bZero) * bScale;
        h = ((bb[e + 2] & 0xff) - bZero) * bScale;
        w = ((bb[e + 3] & 0xff) - bZero) * bScale;
        ay = ((ab[a] & 0xff) - aZero) * aScale;
        ax = ((ab[a + 1] & 0xff) - aZero) * aScale;
        ah = ((ab[a + 2] & 0xff) - aZero) * aScale;
        aw = ((ab[a + 3] & 0xff) - aZero) * aScale;
      } else {
        y = bf[e];
        x = bf[e + 1];
        h = bf[e + 2];
        w = bf[e + 3];
        ay = af[a];
        ax = af[a + 1];
        ah = af[a + 2];
        aw = af[a + 3];
      }
      float yCenter = (float) ((double) y / yScale * ah + ay);
      float xCenter = (float) ((double) x / xScale * aw + ax);
      float halfH = (float) (0.5 * Math.exp((double) h / hScale) * ah);
      float halfW = (float) (0.5 * Math.exp((double) w / wScale) * aw);
      decoded[4 * i] = yCenter - halfH;
      decoded[4 * i + 1] = xCenter - halfW;
      decoded[4 * i + 2] = yCenter + halfH;
      decoded[4 * i + 3] = xCenter + halfW;
    }
  }

  /**
   * Suppression over one score per box: keeps the boxes scoring at least the threshold, visits them
   * by decreasing score (ties in box order) and drops every later box overlapping a kept one by
   * more than the IoU threshold. Fills {@link #selected} with at most {@code limit} box indices.
   *
   * @return the number selected
   */
  private int suppress(Node node, float[] scores, int limit) {
    for (int i = 0; i < numBoxes; i++) {
      int d = 4 * i;
      if (decoded[d] > decoded[d + 2] || decoded[d + 1] > decoded[d + 3]) {
        throw new InferenceException(node + ": decoded box " + i + " has its minimum corner past"
            + " its maximum (negative anchor size?)");
      }
    }
    int kept = 0;
    for (int i = 0; i < numBoxes; i++) {
      if (scores[i] >= scoreThreshold) {
        keepScores[kept] = scores[i];
        keepIndices[kept] = i;
        kept++;
      }
    }
    DetectionArgSort.decreasingStable(keepScores, kept, sortedIndices, sortTmp);
    int outputSize = Math.min(kept, limit);
    int count = 0;
    int activeCount = kept;
    Arrays.fill(active, 0, kept, true);
    for (int i = 0; i < kept; i++) {
      if (activeCount == 0 || count >= outputSize) {
        break;
      }
      if (!active[i]) {
        continue;
      }
      int boxI = keepIndices[sortedIndices[i]];
      selected[count++] = boxI;
      active[i] = false;
      activeCount--;
      for (int j = i + 1; j < kept; j++) {
        if (active[j] && iou(boxI, keepIndices[sortedIndices[j]]) > iouThreshold) {
          active[j] = false;
          activeCount--;
        }
      }
    }
    return count;
  }

  /** Intersection over union of two decoded boxes, in float as TFLite; 0 for empty boxes. */
  private float iou(int i, int j) {
    float[] b = decoded;
    int p = 4 * i;
    int q = 4 * j;
    float areaI = (b[p + 2] - b[p]) * (b[p + 3] - b[p + 1]);
    float areaJ = (b[q + 2] - b[q]) * (b[q + 3] - b[q + 1]);
    if (areaI <= 0 || areaJ <= 0) {
      return 0f;
    }
    float yMin = cppMax(b[p], b[q]);
    float xMin = cppMax(b[p + 1], b[q + 1]);
    float yMax = cppMin(b[p + 2], b[q + 2]);
    float xMax = cppMin(b[p + 3], b[q + 3]);
    float intersection = cppMax(yMax - yMin, 0f) * cppMax(xMax - xMin, 0f);
    return intersection / (areaI + areaJ - intersection);
  }

  /** {@code std::max}: the first argument unless it is less than the second. */
  private static float cppMax(float a, float b) {
    return a < b ? b : a;
  }

  /** {@code std::min}: the first argument unless the second is less. */
  private static float cppMin(float a, float b) {
    return b < a ? b : a;
  }

  private void fastNms(Node node, float[] scores, int scoresOffset) {
    int perAnchor = Math.min(maxClassesPerDetection, numClasses);
    for (int row = 0; row < numBoxes; row++) {
      int rowOffset = scoresOffset + row * classesWithBackground + labelOffset;
      int at = row * numClasses;
      DetectionArgSort.decreasingPartial(scores, rowOffset, numClasses, perAnchor,
          sortedClassIndices, at);
      maxScores[row] = scores[rowOffset + sortedClassIndices[at]];
    }
    int count = suppress(node, maxScores, maxDetections);
    Tensor outBoxes = node.output(0);
    float[] boxes = outBoxes.floats();
    float[] classes = node.output(1).floats();
    float[] outScores = node.output(2).floats();
    int bo = outBoxes.offset();
    int co = node.output(1).offset();
    int so = node.output(2).offset();
    for (int k = 0; k < count; k++) {
      int box = selected[k];
      int rowOffset = scoresOffset + box * classesWithBackground + labelOffset;
      for (int col = 0; col < perAnchor; col++) {
        int slot = maxClassesPerDetection * k + col;
        System.arraycopy(decoded, 4 * box, boxes, bo + 4 * slot, 4);
        int cls = sortedClassIndices[box * numClasses + col];
        classes[co + slot] = cls;
        outScores[so + slot] = scores[rowOffset + cls];
      }
    }
    Tensor num = node.output(3);
    num.floats()[num.offset()] = count;
  }

  private void regularNms(Node node, float[] scores, int scoresOffset) {
    int size = 0;
    for (int col = 0; col < numClasses; col++) {
      for (int row = 0; row < numBoxes; row++) {
        classScores[row] = scores[scoresOffset + row * classesWithBackground + col + labelOffset];
      }
      int count = suppress(node, classScores, detectionsPerClass);
      int n = size;
      for (int k = 0; k < count; k++) {
        int box = selected[k];
        candidateIndices[n] = box * classesWithBackground + col + labelOffset;
        candidateScores[n] = classScores[box];
        n++;
      }
      // The best max_detections so far, equal scores in gathering order (earlier classes first).
      int top = Math.min(n, maxDetections);
      DetectionArgSort.decreasingStable(candidateScores, n, mergeOrder, mergeTmp);
      for (int r = 0; r < top; r++) {
        int from = mergeOrder[r];
        mergeTmp[r] = candidateIndices[from];
        topScores[r] = candidateScores[from];
      }
      System.arraycopy(mergeTmp, 0, candidateIndices, 0, top);
      System.arraycopy(topScores, 0, candidateScores, 0, top);
      size = top;
    }
    Tensor outBoxes = node.output(0);
    float[] boxes = outBoxes.floats();
    float[] classes = node.output(1).floats();
    float[] outScores = node.output(2).floats();
    int bo = outBoxes.offset();
    int co = node.output(1).offset();
    int so = node.output(2).offset();
    for (int k = 0; k < size; k++) {
      int anchor = candidateIndices[k] / classesWithBackground;
      System.arraycopy(decoded, 4 * anchor, boxes, bo + 4 * k, 4);
      classes[co + k] = candidateIndices[k] - anchor * classesWithBackground - labelOffset;
      outScores[so + k] = candidateScores[k];
    }
    Tensor num = node.output(3);
    num.floats()[num.offset()] = size;
  }
}
