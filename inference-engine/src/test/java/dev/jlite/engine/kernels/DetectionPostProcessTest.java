package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.flatbuffers.ArrayReadWriteBuf;
import com.google.flatbuffers.FlexBuffers;
import com.google.flatbuffers.FlexBuffersBuilder;
import dev.jlite.engine.Differential;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.Operator;
import dev.jlite.schema.model.OperatorCode;
import dev.jlite.schema.model.QuantizationParameters;
import dev.jlite.schema.model.SubGraph;
import dev.jlite.schema.model.Tensor;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.testing.TfLiteOracle;
import dev.jlite.schema.testing.TfLiteOracleException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DetectionPostProcessTest {
  private static final Path DETECTION =
      Path.of("..", "testdata", "models", "object_detection").toAbsolutePath().normalize();

  /** The op's settings, written as TFLite's converter writes them (a FlexBuffer map). */
  record Settings(int maxDetections, int maxClassesPerDetection, Integer detectionsPerClass,
      Boolean regular, float scoreThreshold, float iouThreshold, int numClasses, float[] scales) {
    static Settings of(int maxDetections, int maxClasses, boolean regular, float score,
        float iou, int numClasses) {
      return new Settings(maxDetections, maxClasses, null, regular, score, iou, numClasses,
          new float[] {10, 10, 5, 5});
    }

    Settings perClass(int n) {
      return new Settings(maxDetections, maxClassesPerDetection, n, regular, scoreThreshold,
          iouThreshold, numClasses, scales);
    }

    byte[] bytes() {
      return flex(f -> {
        f.putInt("max_detections", maxDetections);
        f.putInt("max_classes_per_detection", maxClassesPerDetection);
        if (detectionsPerClass != null) {
          f.putInt("detections_per_class", detectionsPerClass);
        }
        if (regular != null) {
          f.putBoolean("use_regular_nms", regular);
        }
        f.putFloat("nms_score_threshold", scoreThreshold);
        f.putFloat("nms_iou_threshold", iouThreshold);
        f.putInt("num_classes", numClasses);
        f.putFloat("y_scale", scales[0]);
        f.putFloat("x_scale", scales[1]);
        f.putFloat("h_scale", scales[2]);
        f.putFloat("w_scale", scales[3]);
      });
    }
  }

  static byte[] flex(Consumer<FlexBuffersBuilder> entries) {
    FlexBuffersBuilder f = new FlexBuffersBuilder(256);
    int start = f.startMap();
    entries.accept(f);
    f.endMap(null, start);
    ByteBuffer b = f.finish();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** Input tensor types and quantization of one test model. */
  record Types(byte boxes, QuantizationSpec boxQuant, byte classes, QuantizationSpec classQuant,
      QuantizationSpec anchorQuant) {
    static final Types FLOAT = new Types(TensorType.FLOAT32, null, TensorType.FLOAT32, null, null);
    static final Types UINT8 = new Types(TensorType.UINT8, QuantizationSpec.perTensor(0.08f, 128),
        TensorType.UINT8, QuantizationSpec.perTensor(1 / 256f, 0),
        QuantizationSpec.perTensor(0.0041f, 3));
    static final Types FLOAT_BOXES_UINT8_CLASSES = new Types(TensorType.FLOAT32, null,
        TensorType.UINT8, QuantizationSpec.perTensor(0.0039f, 10), null);
  }

  /** A one-operator model; {@code anchors} holds float32 or (quantized anchors) raw byte values. */
  static byte[] model(Types t, int boxes, int encoding, int classesWithBackground, Object anchors,
      byte[] options) {
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder g = builder.addSubgraph("main");
    int in0 = g.addTensor(spec("box_encodings", t.boxes(), t.boxQuant(), 1, boxes, encoding));
    int in1 = g.addTensor(spec("class_predictions", t.classes(), t.classQuant(), 1, boxes,
        classesWithBackground));
    int anchorTensor;
    if (anchors instanceof float[] f) {
      anchorTensor = g.addConstant("anchors", new int[] {boxes, 4}, f);
    } else {
      anchorTensor = g.addTensor(TensorSpec.builder("anchors", t.boxes(), boxes, 4)
          .buffer(builder.addBuffer((byte[]) anchors)).quantization(t.anchorQuant()).build());
    }
    int o0 = g.addTensor("detection_boxes", TensorType.FLOAT32, 1, 1, 4);
    int o1 = g.addTensor("detection_classes", TensorType.FLOAT32, 1, 1);
    int o2 = g.addTensor("detection_scores", TensorType.FLOAT32, 1, 1);
    int o3 = g.addTensor("num_detections", TensorType.FLOAT32, 1);
    g.addOperator(OperatorSpec.custom(DetectionPostProcess.NAME).inputs(in0, in1, anchorTensor)
        .outputs(o0, o1, o2, o3).customOptions(options).build());
    g.inputs(in0, in1).outputs(o0, o1, o2, o3);
    return builder.buildUnverified();
  }

  private static TensorSpec spec(String name, byte type, QuantizationSpec q, int... shape) {
    TensorSpec.Builder b = TensorSpec.builder(name, type, shape);
    if (q != null) {
      b.quantization(q);
    }
    return b.build();
  }

  /** Random center-size anchors, or (clustered) many anchors on a few spots so boxes overlap. */
  static float[] floatAnchors(Random r, int boxes, boolean clustered) {
    float[] a = new float[boxes * 4];
    for (int i = 0; i < boxes; i++) {
      int spot = clustered ? r.nextInt(3) : i;
      Random s = clustered ? new Random(spot) : r;
      a[4 * i] = s.nextFloat();
      a[4 * i + 1] = s.nextFloat();
      a[4 * i + 2] = 0.05f + 0.5f * s.nextFloat();
      a[4 * i + 3] = 0.05f + 0.5f * s.nextFloat();
    }
    return a;
  }

  static byte[] floats(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  /**
   * Compares with TFLite every output slot TFLite writes, bit for bit (boxes, classes, scores and
   * count are computed by the same float steps), and, when TFLite writes them all (it leaves stale
   * memory in the others), all outputs through {@link Differential} too.
   */
  static void assertSameAsTfLite(byte[] model, byte[] boxes, byte[] classes,
      int slotsPerDetection) {
    byte[][] expected;
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      oracle.allocateTensors();
      expected = oracle.run(boxes, classes);
    }
    try (Interpreter jlite = new Interpreter(ByteBuffer.wrap(model))) {
      jlite.getInputTensor(0).copyFrom(ByteBuffer.wrap(boxes).order(ByteOrder.LITTLE_ENDIAN));
      jlite.getInputTensor(1).copyFrom(ByteBuffer.wrap(classes).order(ByteOrder.LITTLE_ENDIAN));
      jlite.invoke();
      float[][] actual = new float[4][];
      for (int k = 0; k < 4; k++) {
        actual[k] = new float[jlite.getOutputTensor(k).numElements()];
        jlite.getOutputTensor(k).copyTo(actual[k]);
      }
      float count = actual[3][0];
      assertThat(count).as("num_detections").isEqualTo(floatAt(expected[3], 0));
      // TFLite writes the slots of the detections found (all max_detections in regular mode).
      int written = slotsPerDetection < 0 ? -slotsPerDetection : (int) count * slotsPerDetection;
      for (int s = 0; s < written; s++) {
        for (int c = 0; c < 4; c++) {
          assertThat(actual[0][4 * s + c]).as("box %d coordinate %d", s, c)
              .isEqualTo(floatAt(expected[0], 4 * s + c));
        }
        assertThat(actual[1][s]).as("class %d", s).isEqualTo(floatAt(expected[1], s));
        assertThat(actual[2][s]).as("score %d", s).isEqualTo(floatAt(expected[2], s));
      }
      if (written == actual[1].length) {
        Differential.assertMatchesTfLite(model, boxes, classes);
      }
    }
  }

  private static float floatAt(byte[] b, int i) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getFloat(4 * i);
  }

  /** How many output slots per detection TFLite writes: see {@link #assertSameAsTfLite}. */
  static int slots(Settings s) {
    return s.regular() != null && s.regular() ? -s.maxDetections() : s.maxClassesPerDetection();
  }

  static Stream<Arguments> sweep() {
    List<Arguments> cases = new ArrayList<>();
    long seed = 1;
    for (boolean regular : new boolean[] {false, true}) {
      for (Types types : new Types[] {Types.FLOAT, Types.UINT8, Types.FLOAT_BOXES_UINT8_CLASSES}) {
        for (int[] c : new int[][] {{40, 3, 1, 10, 1}, {64, 6, 3, 5, 0}, {100, 4, 2, 20, 1},
            {17, 1, 1, 3, 1}}) {
          for (boolean clustered : new boolean[] {false, true}) {
            for (boolean ties : new boolean[] {false, true}) {
              cases.add(Arguments.of(regular, types, c[0], c[1], c[2], c[3], c[4], clustered,
                  ties, seed++));
            }
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "regular={0} {1} boxes={2} classes={3} perBox={4} max={5} bg={6}"
      + " clustered={7} ties={8}")
  @MethodSource("sweep")
  void matchesTfLite(boolean regular, Types types, int boxes, int numClasses, int maxClasses,
      int maxDetections, int background, boolean clustered, boolean ties, long seed) {
    Random r = new Random(seed);
    int classes = numClasses + background;
    int encoding = seed % 3 == 0 ? 6 : 4;
    Settings s = Settings.of(maxDetections, maxClasses, regular, ties ? 0.25f : 0.4f, 0.5f,
        numClasses).perClass(seed % 2 == 0 ? 3 : 7);
    Object anchors;
    float[] fa = floatAnchors(r, boxes, clustered);
    if (types.boxes() == TensorType.UINT8) {
      byte[] qa = new byte[fa.length];
      for (int i = 0; i < fa.length; i++) {
        qa[i] = (byte) Math.min(255, Math.round(fa[i] / 0.0041f) + 3);
      }
      anchors = qa;
    } else {
      anchors = fa;
    }
    byte[] model = model(types, boxes, encoding, classes, anchors, s.bytes());
    byte[] boxInput = types.boxes() == TensorType.UINT8
        ? randomBytes(r, boxes * encoding, 128 - 20, 128 + 20)
        : floats(randomFloats(r, boxes * encoding, -2f, 2f, 0));
    byte[] classInput = types.classes() == TensorType.UINT8
        ? randomBytes(r, boxes * classes, 0, ties ? 4 : 256)
        : floats(randomFloats(r, boxes * classes, 0f, 1f, ties ? 4 : 0));
    if (ties && types.classes() == TensorType.UINT8) {
      for (int i = 0; i < classInput.length; i++) {
        classInput[i] = (byte) (classInput[i] * 64 + 10);
      }
    }
    assertSameAsTfLite(model, boxInput, classInput, slots(s));
  }

  private static byte[] randomBytes(Random r, int n, int from, int to) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (from + r.nextInt(to - from));
    }
    return b;
  }

  /** Uniform floats in [from, to), or one of {@code levels} evenly spaced values if levels > 0. */
  private static float[] randomFloats(Random r, int n, float from, float to, int levels) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = levels > 0 ? from + (to - from) * r.nextInt(levels) / levels
          : from + (to - from) * r.nextFloat();
    }
    return v;
  }

  @ParameterizedTest(name = "regular={0}")
  @ValueSource(booleans = {false, true})
  void allScoresEqualAndAllBoxesIdentical(boolean regular) {
    int boxes = 30;
    float[] anchors = new float[boxes * 4];
    for (int i = 0; i < boxes; i++) {
      anchors[4 * i] = 0.5f;
      anchors[4 * i + 1] = 0.5f;
      anchors[4 * i + 2] = 0.2f;
      anchors[4 * i + 3] = 0.2f;
    }
    float[] classes = new float[boxes * 4];
    Arrays.fill(classes, 0.75f);
    Settings s = Settings.of(10, 3, regular, 0.5f, 1f, 3).perClass(5);
    byte[] model = model(Types.FLOAT, boxes, 4, 4, anchors, s.bytes());
    // IoU 1 is not above the threshold 1: nothing is suppressed, only ranking decides.
    assertSameAsTfLite(model, floats(new float[boxes * 4]), floats(classes), slots(s));
  }

  @ParameterizedTest(name = "regular={0}")
  @ValueSource(booleans = {false, true})
  void noScoreAboveThreshold(boolean regular) {
    Random r = new Random(5);
    Settings s = Settings.of(10, 1, regular, 0.99f, 0.5f, 2);
    byte[] model = model(Types.FLOAT, 20, 4, 3, floatAnchors(r, 20, false), s.bytes());
    assertSameAsTfLite(model, floats(randomFloats(r, 80, -1, 1, 0)),
        floats(randomFloats(r, 60, 0, 0.9f, 0)), slots(s));
  }

  /** Two boxes of the same anchor, class scores by hand: the count, order and suppression. */
  @Test
  void handComputedFastNms() {
    float[] anchors = {0.5f, 0.5f, 0.2f, 0.4f, 0.5f, 0.55f, 0.2f, 0.4f, 0.1f, 0.1f, 0.1f, 0.1f};
    Settings s = Settings.of(3, 1, false, 0.3f, 0.5f, 2);
    byte[] model = model(Types.FLOAT, 3, 4, 3, anchors, s.bytes());
    // Box 0: y center 0.5 + 1/10 * 0.2 = 0.52, half height 0.1, half width 0.2.
    float[] encodings = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    // Box 1 (0.40..0.60 x 0.35..0.75) overlaps box 0 (0.42..0.62 x 0.30..0.70) by IoU
    // 0.063 / 0.097 > 0.5 and scores lower: suppressed. Box 2 is far away.
    float[] classes = {0.9f, 0.2f, 0.6f, 0.9f, 0.5f, 0.1f, 0.9f, 0.1f, 0.35f};
    float[][] out = run(model, floats(encodings), floats(classes));
    assertThat(out[3]).containsExactly(2f);
    assertThat(out[1]).containsExactly(1f, 1f, 0f);
    assertThat(out[2]).containsExactly(0.6f, 0.35f, 0f);
    assertThat(out[0]).containsExactly(new float[] {0.42f, 0.3f, 0.62f, 0.7f, 0.05f, 0.05f, 0.15f,
        0.15f, 0, 0, 0, 0}, Offset.offset(1e-6f));
  }

  /**
   * Regular NMS suppresses per class: box 1 keeps class 0 although it overlaps box 0 (IoU 0.78),
   * while its class-1 score loses to box 0's.
   */
  @Test
  void handComputedRegularNms() {
    float[] anchors = {0.5f, 0.5f, 0.2f, 0.4f, 0.5f, 0.55f, 0.2f, 0.4f};
    Settings s = Settings.of(4, 1, true, 0.3f, 0.5f, 2);
    byte[] model = model(Types.FLOAT, 2, 4, 2, anchors, s.bytes());
    float[] classes = {0.1f, 0.8f, 0.7f, 0.4f};
    float[][] out = run(model, floats(new float[8]), floats(classes));
    assertThat(out[3]).containsExactly(2f);
    assertThat(out[2]).containsExactly(0.8f, 0.7f, 0f, 0f);
    assertThat(out[1]).containsExactly(1f, 0f, 0f, 0f);
    assertThat(Arrays.copyOfRange(out[0], 0, 8)).containsExactly(new float[] {0.4f, 0.3f, 0.6f,
        0.7f, 0.4f, 0.35f, 0.6f, 0.75f}, Offset.offset(1e-6f));
  }

  /** A second run with fewer detections leaves nothing of the first in the outputs. */
  @ParameterizedTest(name = "regular={0}")
  @ValueSource(booleans = {false, true})
  void rerunClearsEarlierDetections(boolean regular) {
    Random r = new Random(21);
    Settings s = Settings.of(6, 2, regular, 0.5f, 0.5f, 3);
    byte[] model = model(Types.FLOAT, 24, 4, 4, floatAnchors(r, 24, false), s.bytes());
    byte[] boxes = floats(randomFloats(r, 96, -1, 1, 0));
    byte[] many = floats(randomFloats(r, 96, 0.6f, 1, 0));
    byte[] few = floats(randomFloats(r, 96, 0, 0.52f, 0));
    float[][] fresh = run(model, boxes, few);
    try (Interpreter jlite = new Interpreter(ByteBuffer.wrap(model))) {
      for (byte[] classes : new byte[][] {many, few}) {
        jlite.getInputTensor(0).copyFrom(ByteBuffer.wrap(boxes).order(ByteOrder.LITTLE_ENDIAN));
        jlite.getInputTensor(1).copyFrom(ByteBuffer.wrap(classes).order(ByteOrder.LITTLE_ENDIAN));
        jlite.invoke();
      }
      for (int k = 0; k < 4; k++) {
        float[] second = new float[jlite.getOutputTensor(k).numElements()];
        jlite.getOutputTensor(k).copyTo(second);
        assertThat(second).as("output %d", k).containsExactly(fresh[k]);
      }
    }
    assertThat(fresh[3][0]).isLessThan(6f);
  }

  /** Once warm, a run allocates nothing (uint8 inputs, so dequantization is included). */
  @ParameterizedTest(name = "regular={0}")
  @ValueSource(booleans = {false, true})
  void warmRunsAllocateNothing(boolean regular) {
    Random r = new Random(31);
    int boxes = 200;
    float[] fa = floatAnchors(r, boxes, true);
    byte[] anchors = new byte[fa.length];
    for (int i = 0; i < fa.length; i++) {
      anchors[i] = (byte) Math.min(255, Math.round(fa[i] / 0.0041f) + 3);
    }
    Settings s = Settings.of(10, 2, regular, 0.3f, 0.5f, 5);
    byte[] model = model(Types.UINT8, boxes, 4, 6, anchors, s.bytes());
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    try (Interpreter jlite = new Interpreter(ByteBuffer.wrap(model))) {
      jlite.getInputTensor(0).copyFrom(
          ByteBuffer.wrap(randomBytes(r, boxes * 4, 100, 156)).order(ByteOrder.LITTLE_ENDIAN));
      jlite.getInputTensor(1).copyFrom(
          ByteBuffer.wrap(randomBytes(r, boxes * 6, 0, 256)).order(ByteOrder.LITTLE_ENDIAN));
      for (int i = 0; i < 200; i++) {
        jlite.invoke();
      }
      long before = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 5; i++) {
        jlite.invoke();
      }
      long perRun = (threads.getThreadAllocatedBytes(thread) - before) / 5;
      assertThat(perRun).as("bytes allocated per run").isLessThan(64);
    }
  }

  private static float[][] run(byte[] model, byte[] boxes, byte[] classes) {
    try (Interpreter jlite = new Interpreter(ByteBuffer.wrap(model))) {
      jlite.getInputTensor(0).copyFrom(ByteBuffer.wrap(boxes).order(ByteOrder.LITTLE_ENDIAN));
      jlite.getInputTensor(1).copyFrom(ByteBuffer.wrap(classes).order(ByteOrder.LITTLE_ENDIAN));
      jlite.invoke();
      float[][] out = new float[4][];
      for (int k = 0; k < 4; k++) {
        out[k] = new float[jlite.getOutputTensor(k).numElements()];
        jlite.getOutputTensor(k).copyTo(out[k]);
      }
      return out;
    }
  }

  /** How a real model's post-processing is replayed. */
  enum Variant {
    /** Its own settings and tensor types. */
    AS_IS,
    /** Its anchors, with regular (per class) NMS and up to 3 classes per detection. */
    REGULAR,
    /** Its anchors dequantized to float32, float32 inputs, its own settings. */
    FLOAT
  }

  static Stream<Arguments> realModels() {
    return Stream.of("coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite", "ssd_mobilenet_v1.tflite",
        "salad1_automl_320.tflite").flatMap(m -> Stream.of(Arguments.of(m, Variant.AS_IS, 11L),
        Arguments.of(m, Variant.AS_IS, 12L), Arguments.of(m, Variant.REGULAR, 13L),
        Arguments.of(m, Variant.FLOAT, 14L)));
  }

  /**
   * The post-processing of each SSD model, with the anchors and settings read from the model, on
   * random inputs.
   */
  @ParameterizedTest(name = "{0} {1} seed {2}")
  @MethodSource("realModels")
  void realModelPostProcess(String file, Variant variant, long seed) throws IOException {
    ModelFile source = ModelFile.read(DETECTION.resolve(file));
    SubGraph main = source.model().subgraphs(0);
    Operator op = null;
    for (int i = 0; i < main.operatorsLength(); i++) {
      Operator candidate = main.operators(i);
      OperatorCode code = source.model().operatorCodes((int) candidate.opcodeIndex());
      if (DetectionPostProcess.NAME.equals(code.customCode())) {
        op = candidate;
      }
    }
    assertThat(op).as("post-process operator of " + file).isNotNull();
    boolean toFloat = variant == Variant.FLOAT;
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder g = builder.addSubgraph("main");
    int[] inputs = new int[3];
    for (int k = 0; k < 3; k++) {
      Tensor t = main.tensors(op.inputs(k));
      QuantizationParameters q = t.quantization();
      boolean quantized = q != null && q.scaleLength() > 0;
      byte type = toFloat ? TensorType.FLOAT32 : t.type();
      TensorSpec.Builder spec = TensorSpec.builder(t.name(), type, shape(t));
      if (quantized && !toFloat) {
        spec.quantization(QuantizationSpec.perTensor(q.scale(0), q.zeroPoint(0)));
      }
      if (k == 2) {
        ByteBuffer data = source.bufferData((int) t.buffer());
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        if (toFloat && t.type() == TensorType.UINT8) {
          float[] anchors = new float[bytes.length];
          for (int i = 0; i < bytes.length; i++) {
            anchors[i] = ((bytes[i] & 0xff) - q.zeroPoint(0)) * q.scale(0);
          }
          bytes = floats(anchors);
        }
        spec.buffer(builder.addBuffer(bytes));
      }
      inputs[k] = g.addTensor(spec.build());
    }
    int[] outputs = new int[4];
    for (int k = 0; k < 4; k++) {
      Tensor t = main.tensors(op.outputs(k));
      outputs[k] = g.addTensor(t.name(), TensorType.FLOAT32, shape(t));
    }
    ByteBuffer options = op.customOptionsAsByteBuffer();
    byte[] optionBytes = new byte[options.remaining()];
    options.duplicate().get(optionBytes);
    if (variant == Variant.REGULAR) {
      optionBytes = withRegularNms(optionBytes, 3);
    }
    g.addOperator(OperatorSpec.custom(DetectionPostProcess.NAME).inputs(inputs).outputs(outputs)
        .customOptions(optionBytes).build());
    g.inputs(inputs[0], inputs[1]).outputs(outputs);
    byte[] model = builder.buildUnverified();

    Random r = new Random(seed);
    Tensor boxes = main.tensors(op.inputs(0));
    Tensor classes = main.tensors(op.inputs(1));
    int boxCount = boxes.shape(1) * boxes.shape(2);
    int classCount = classes.shape(1) * classes.shape(2);
    boolean quantized = boxes.type() == TensorType.UINT8 && !toFloat;
    byte[] boxInput = quantized ? randomBytes(r, boxCount, 0, 256)
        : floats(randomFloats(r, boxCount, -3f, 3f, 0));
    // Mostly low scores with a few confident ones, as a detector produces.
    byte[] classInput;
    if (classes.type() == TensorType.UINT8 && !toFloat) {
      classInput = randomBytes(r, classCount, 0, 256);
      for (int i = 0; i < classCount; i++) {
        if (r.nextInt(50) != 0) {
          classInput[i] = (byte) r.nextInt(80);
        }
      }
    } else {
      float[] v = randomFloats(r, classCount, 0f, 1f, 0);
      for (int i = 0; i < classCount; i++) {
        if (r.nextInt(50) != 0) {
          v[i] *= 0.3f;
        }
      }
      classInput = floats(v);
    }
    FlexBuffers.Map settings =
        FlexBuffers.getRoot(new ArrayReadWriteBuf(optionBytes, optionBytes.length)).asMap();
    int slots = settings.get("use_regular_nms").asBoolean()
        ? -settings.get("max_detections").asInt()
        : settings.get("max_classes_per_detection").asInt();
    assertSameAsTfLite(model, boxInput, classInput, slots);
  }

  /** The same FlexBuffer settings with use_regular_nms on and another max_classes_per_detection. */
  private static byte[] withRegularNms(byte[] options, int maxClassesPerDetection) {
    FlexBuffers.Map m = FlexBuffers.getRoot(new ArrayReadWriteBuf(options, options.length)).asMap();
    return flex(f -> {
      FlexBuffers.KeyVector keys = m.keys();
      for (int i = 0; i < keys.size(); i++) {
        String key = keys.get(i).toString();
        FlexBuffers.Reference v = m.get(key);
        if (key.equals("use_regular_nms")) {
          continue;
        } else if (key.equals("max_classes_per_detection")) {
          f.putInt(key, maxClassesPerDetection);
        } else if (v.isBoolean()) {
          f.putBoolean(key, v.asBoolean());
        } else if (v.isFloat()) {
          f.putFloat(key, v.asFloat());
        } else {
          f.putInt(key, v.asLong());
        }
      }
      f.putBoolean("use_regular_nms", true);
    });
  }

  private static int[] shape(Tensor t) {
    int[] s = new int[t.shapeLength()];
    for (int i = 0; i < s.length; i++) {
      s[i] = t.shape(i);
    }
    return s;
  }

  // Hostile models: prepare rejects them.

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(new byte[0], "has no custom options"),
        Arguments.of(new byte[] {1, 2, 3}, "FlexBuffer"),
        Arguments.of(flex(f -> f.putInt("max_detections", 3)), "lack max_classes_per_detection"),
        Arguments.of(Settings.of(-1, 1, false, 0.1f, 0.5f, 2).bytes(), "max_detections"),
        Arguments.of(Settings.of(3, 0, false, 0.1f, 0.5f, 2).bytes(),
            "max_classes_per_detection"),
        Arguments.of(Settings.of(3, 1, false, 0.1f, 0f, 2).bytes(), "nms_iou_threshold"),
        Arguments.of(Settings.of(3, 1, false, 0.1f, 1.5f, 2).bytes(), "nms_iou_threshold"),
        Arguments.of(Settings.of(3, 1, false, Float.NaN, 0.5f, 2).bytes(), "NaN"),
        Arguments.of(Settings.of(3, 1, false, 0.1f, 0.5f, 0).bytes(), "num_classes"),
        Arguments.of(Settings.of(3, 1, false, 0.1f, 0.5f, 5).bytes(), "background"),
        Arguments.of(Settings.of(3, 1, true, 0.1f, 0.5f, 2).perClass(0).bytes(),
            "detections_per_class"),
        Arguments.of(new Settings(3, 1, null, false, 0.1f, 0.5f, 2, new float[] {10, 0, 5, 5})
            .bytes(), "x_scale"),
        Arguments.of(Settings.of(100000, 100000, false, 0.1f, 0.5f, 2).bytes(), "too large"));
  }

  @ParameterizedTest
  @MethodSource("badOptions")
  void rejectsBadOptions(byte[] options, String fragment) {
    byte[] model = model(Types.FLOAT, 4, 4, 3, new float[16], options);
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining(fragment);
  }

  @Test
  void rejectsAnchorsOfAnotherCount() {
    byte[] options = Settings.of(3, 1, false, 0.1f, 0.5f, 2).bytes();
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder g = builder.addSubgraph("main");
    int in0 = g.addTensor("boxes", TensorType.FLOAT32, 1, 5, 4);
    int in1 = g.addTensor("classes", TensorType.FLOAT32, 1, 5, 3);
    int anchors = g.addConstant("anchors", new int[] {4, 4}, new float[16]);
    int[] outs = {g.addTensor("b", TensorType.FLOAT32, 1), g.addTensor("c", TensorType.FLOAT32, 1),
        g.addTensor("s", TensorType.FLOAT32, 1), g.addTensor("n", TensorType.FLOAT32, 1)};
    g.addOperator(OperatorSpec.custom(DetectionPostProcess.NAME).inputs(in0, in1, anchors)
        .outputs(outs).customOptions(options).build());
    g.inputs(in0, in1).outputs(outs);
    byte[] model = builder.buildUnverified();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("anchors must be [5, 4]");
  }

  @Test
  void rejectsShortBoxEncodingsAndUnquantizedUint8() {
    byte[] options = Settings.of(3, 1, false, 0.1f, 0.5f, 2).bytes();
    byte[] shortBoxes = model(Types.FLOAT, 4, 3, 3, new float[16], options);
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(shortBoxes)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("4 or more");
    Types unquantized = new Types(TensorType.FLOAT32, null, TensorType.UINT8, null, null);
    byte[] noQuant = model(unquantized, 4, 4, 3, new float[16], options);
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(noQuant)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("quantized per tensor");
    Types badScale = new Types(TensorType.FLOAT32, null, TensorType.UINT8,
        QuantizationSpec.perTensor(0f, 0), null);
    byte[] zeroScale = model(badScale, 4, 4, 3, new float[16], options);
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(zeroScale)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("scale 0.0");
  }

  /** TFLite 2.19 runs this op on uint8 and float32 only: int8 fails there, and here in prepare. */
  @Test
  void rejectsInt8AsTfLiteFailsOnIt() {
    Types int8 = new Types(TensorType.INT8, QuantizationSpec.perTensor(0.08f, 0), TensorType.INT8,
        QuantizationSpec.perTensor(1 / 256f, -128), QuantizationSpec.perTensor(0.0041f, -100));
    byte[] anchors = new byte[16];
    Arrays.fill(anchors, (byte) 10);
    byte[] model = model(int8, 4, 4, 3, anchors, Settings.of(3, 1, false, 0.1f, 0.5f, 2).bytes());
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      oracle.allocateTensors();
      assertThatThrownBy(() -> oracle.run(new byte[16], new byte[12]))
          .isInstanceOf(TfLiteOracleException.class);
    }
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("box encodings (tensor 0) has type INT8");
  }

  @Test
  void negativeAnchorSizeFailsAtRun() {
    float[] anchors = {0.5f, 0.5f, -0.2f, 0.2f};
    byte[] model = model(Types.FLOAT, 1, 4, 2, anchors,
        Settings.of(3, 1, false, 0.1f, 0.5f, 2).bytes());
    assertThatThrownBy(() -> run(model, floats(new float[4]), floats(new float[] {0.5f, 0.5f})))
        .isInstanceOf(InferenceException.class).hasMessageContaining("minimum corner");
  }
}
