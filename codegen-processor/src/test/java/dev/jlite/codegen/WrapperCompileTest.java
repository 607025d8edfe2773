package dev.jlite.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.task.audio.AudioClassifier;
import dev.jlite.task.audio.TensorAudio;
import dev.jlite.task.audio.WavReader;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.TensorImage;
import dev.jlite.task.vision.Detection;
import dev.jlite.task.vision.ImageClassifier;
import dev.jlite.task.vision.ImageSegmenter;
import dev.jlite.task.vision.ObjectDetector;
import dev.jlite.task.vision.Segmentation;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates wrappers for real models through javac, compiles them with {@code -Xlint:all -Werror},
 * loads them and checks their results against the task library's.
 */
class WrapperCompileTest {
  @TempDir
  Path work;

  private Compilation compile(Path model, String resource, String annotation) throws Exception {
    Path resources = TestData.place(model, work.resolve("resources"), resource);
    Compilation c = Compilation.compile(work, Map.of("demo/Models.java",
        "package demo;\n\nimport dev.jlite.codegen.TfLiteModel;\n\n" + annotation
            + "\nfinal class Models {}\n"), List.of(resources), List.of());
    assertThat(c.success).as(c.report()).isTrue();
    assertThat(c.diagnostics).as(c.report()).isEmpty();
    return c;
  }

  private static Object call(Object target, String method, Object... args) throws Exception {
    for (var m : target.getClass().getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        return m.invoke(target, args);
      }
    }
    throw new AssertionError("no method " + method + " on " + target.getClass());
  }

  private static Object newInstance(URLClassLoader loader, String className) throws Exception {
    return loader.loadClass(className).getMethod("newInstance").invoke(null);
  }

  @Test
  void classifierWrapperGivesImageClassifierResultsOnBurger() throws Exception {
    Compilation c = compile(TestData.CLASSIFIER, "models/mobilenet.tflite",
        "@TfLiteModel(path = \"models/mobilenet.tflite\", className = \"Mobilenet\")");
    String source = c.source("demo.Mobilenet");
    assertThat(source).contains("public List<Category> getProbabilityAsCategoryList()",
        "public static Mobilenet newInstance()", "MODEL_PATH = \"models/mobilenet.tflite\"",
        "Wrapper of model MobileNetV1 image classifier");
    TensorImage burger = TensorImage.load(TestData.BURGER);
    List<Category> expected;
    try (ImageClassifier classifier = ImageClassifier.create(TestData.CLASSIFIER)) {
      expected = classifier.classify(burger).get(0).categories();
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = (AutoCloseable) newInstance(loader, "demo.Mobilenet")) {
      Object outputs = call(wrapper, "process", burger);
      @SuppressWarnings("unchecked")
      List<Category> actual = (List<Category>) call(outputs, "getProbabilityAsCategoryList");
      assertThat(actual).isEqualTo(expected).hasSize(1001);
      assertThat(actual.get(0).label()).isEqualTo("cheeseburger");
    }
  }

  @Test
  void classifierWrapperPassesOptionsAndRegionOfInterestToTheTask() throws Exception {
    Compilation c = compile(TestData.CLASSIFIER, "models/mobilenet.tflite",
        "@TfLiteModel(path = \"models/mobilenet.tflite\", className = \"Mobilenet\")");
    TensorImage burger = TensorImage.load(TestData.BURGER);
    ImageClassifier.Options options = ImageClassifier.Options.builder().setMaxResults(3).build();
    ImageProcessingOptions roi = ImageProcessingOptions.builder()
        .setRoi(Rect.of(50, 30, 200, 150)).setOrientation(Orientation.RIGHT_TOP).build();
    List<Category> expected;
    try (ImageClassifier classifier = ImageClassifier.create(TestData.CLASSIFIER, options)) {
      expected = classifier.classify(burger, roi).get(0).categories();
    }
    try (URLClassLoader loader = c.loader()) {
      Class<?> type = loader.loadClass("demo.Mobilenet");
      try (AutoCloseable wrapper = (AutoCloseable) type
          .getMethod("newInstance", ImageClassifier.Options.class).invoke(null, options)) {
        Object outputs = type.getMethod("process", TensorImage.class,
            ImageProcessingOptions.class).invoke(wrapper, burger, roi);
        assertThat(call(outputs, "getProbabilityAsCategoryList")).isEqualTo(expected);
        assertThat(expected).hasSize(3);
      }
    }
  }

  @Test
  void classifierInputNamedLikeALocalStillCompiles() throws Exception {
    Path resources = Files.createDirectories(work.resolve("resources"));
    Files.write(resources.resolve("tiny.tflite"),
        SyntheticModels.imageHead("heads", "red\ngreen\nblue"));
    Compilation c = Compilation.compile(work, Map.of("demo/Models.java",
        "package demo;\n\nimport dev.jlite.codegen.TfLiteModel;\n\n"
            + "@TfLiteModel(path = \"tiny.tflite\")\nfinal class Models {}\n"),
        List.of(resources), List.of());
    assertThat(c.diagnostics).as(c.report()).isEmpty();
    assertThat(c.source("demo.Tiny")).contains("private final ImageClassifier delegate;",
        "public Outputs process(TensorImage heads)", "List<Classifications> results =");
  }

  @Test
  void detectorWrapperGivesObjectDetectorDetections() throws Exception {
    Compilation c = compile(TestData.DETECTOR, "models/ssd.tflite",
        "@TfLiteModel(path = \"models/ssd.tflite\", className = \"Ssd\")");
    assertThat(c.source("demo.Ssd"))
        .contains("public List<Detection> getDetectionsAsDetectionList()");
    TensorImage image = TensorImage.load(TestData.MULTI_OBJECTS);
    List<Detection> expected;
    try (ObjectDetector detector = ObjectDetector.create(TestData.DETECTOR)) {
      expected = detector.detect(image);
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = (AutoCloseable) newInstance(loader, "demo.Ssd")) {
      Object outputs = call(wrapper, "process", image);
      assertThat(call(outputs, "getDetectionsAsDetectionList")).isEqualTo(expected);
      assertThat(expected).isNotEmpty();
    }
  }

  @Test
  void segmenterWrapperGivesImageSegmenterMasks() throws Exception {
    Compilation c = compile(TestData.SEGMENTER, "deeplab.tflite",
        "@TfLiteModel(path = \"deeplab.tflite\")");
    assertThat(c.source("demo.Deeplab"))
        .contains("public Segmentation getSegmentationMasksAsSegmentation()");
    TensorImage image = TensorImage.load(TestData.ROOT.resolve(
        "images/segmentation_input_rotation0.jpg"));
    Segmentation expected;
    try (ImageSegmenter segmenter = ImageSegmenter.create(TestData.SEGMENTER)) {
      expected = segmenter.segment(image);
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = (AutoCloseable) newInstance(loader, "demo.Deeplab")) {
      Object outputs = call(wrapper, "process", image);
      Segmentation actual = (Segmentation) call(outputs, "getSegmentationMasksAsSegmentation");
      assertThat(actual.width()).isEqualTo(expected.width());
      assertThat(actual.height()).isEqualTo(expected.height());
      assertThat(actual.categoryMask()).isEqualTo(expected.categoryMask());
      assertThat(actual.coloredLabels()).isEqualTo(expected.coloredLabels());
      assertThat(Arrays.stream(actual.categoryMask()).distinct().count()).isGreaterThan(1);
    }
  }

  @Test
  void audioClassifierWrapperGivesAudioClassifierResultsOnSpeech() throws Exception {
    Compilation c = compile(TestData.AUDIO_CLASSIFIER, "models/yamnet.tflite",
        "@TfLiteModel(path = \"models/yamnet.tflite\", className = \"Yamnet\")");
    assertThat(c.source("demo.Yamnet")).contains("private final AudioClassifier delegate;",
        "public Outputs process(TensorAudio audioClip)",
        "public TensorAudio createInputTensorAudio()",
        "public List<Category> getScoresAsCategoryList()");
    float[] window = Arrays.copyOf(WavReader.read(TestData.SPEECH).samples(), 15600);
    List<Category> expected;
    try (AudioClassifier classifier = AudioClassifier.create(TestData.AUDIO_CLASSIFIER)) {
      TensorAudio audio = classifier.createInputTensorAudio();
      audio.load(window);
      expected = classifier.classify(audio).get(0).categories();
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = (AutoCloseable) newInstance(loader, "demo.Yamnet")) {
      TensorAudio audio = (TensorAudio) call(wrapper, "createInputTensorAudio");
      audio.load(window);
      Object outputs = call(wrapper, "process", audio);
      @SuppressWarnings("unchecked")
      List<Category> actual = (List<Category>) call(outputs, "getScoresAsCategoryList");
      assertThat(actual).isEqualTo(expected).hasSize(521);
      assertThat(actual.get(0).label()).isEqualTo("Speech");
    }
  }

  @Test
  void audioClassifierWrapperPassesOptionsAndRefusesAudioOfAnotherSize() throws Exception {
    Compilation c = compile(TestData.AUDIO_CLASSIFIER, "models/yamnet.tflite",
        "@TfLiteModel(path = \"models/yamnet.tflite\", className = \"Yamnet\")");
    AudioClassifier.Options options = AudioClassifier.Options.builder().setMaxResults(3).build();
    float[] window = Arrays.copyOf(WavReader.read(TestData.SPEECH).samples(), 15600);
    List<Category> expected;
    try (AudioClassifier classifier = AudioClassifier.create(TestData.AUDIO_CLASSIFIER, options)) {
      TensorAudio audio = classifier.createInputTensorAudio();
      audio.load(window);
      expected = classifier.classify(audio).get(0).categories();
    }
    try (URLClassLoader loader = c.loader()) {
      Class<?> type = loader.loadClass("demo.Yamnet");
      try (AutoCloseable wrapper = (AutoCloseable) type
          .getMethod("newInstance", AudioClassifier.Options.class).invoke(null, options)) {
        TensorAudio audio = (TensorAudio) call(wrapper, "createInputTensorAudio");
        audio.load(window);
        assertThat(call(call(wrapper, "process", audio), "getScoresAsCategoryList"))
            .isEqualTo(expected);
        assertThat(expected).hasSize(3);
        TensorAudio shorter = TensorAudio.create(audio.format(), 16000);
        assertThatThrownBy(() -> call(wrapper, "process", shorter))
            .hasRootCauseInstanceOf(InvalidInputException.class)
            .rootCause().hasMessage("the audio buffer holds 16000 samples but the model takes"
                + " 15600");
      }
    }
  }

  /** A FLOAT32 classifier released with metadata (normalization, labels) by tflite-support. */
  @Test
  void floatClassifierWithOfficialMetadataGivesImageClassifierResults() throws Exception {
    Path model = TestData.ROOT.resolve(
        "models/image_classification/mobilenet_v1_0.25_224_1_metadata_1.tflite");
    Compilation c = compile(model, "float.tflite",
        "@TfLiteModel(path = \"float.tflite\", className = \"FloatNet\")");
    assertThat(c.source("demo.FloatNet")).contains("private final ImageClassifier delegate;");
    TensorImage burger = TensorImage.load(TestData.BURGER);
    List<Category> expected;
    try (ImageClassifier classifier = ImageClassifier.create(model)) {
      expected = classifier.classify(burger).get(0).categories();
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = (AutoCloseable) newInstance(loader, "demo.FloatNet")) {
      assertThat(call(call(wrapper, "process", burger), "getProbabilityAsCategoryList"))
          .isEqualTo(expected);
    }
    assertThat(expected.get(0).label()).isEqualTo("cheeseburger");
  }

  /** An AutoML Vision Edge detector with the metadata AutoML released it with. */
  @Test
  void autoMlDetectorGivesObjectDetectorDetections() throws Exception {
    Path model = TestData.ROOT.resolve("models/object_detection/salad1_automl_320.tflite");
    Compilation c = compile(model, "salad.tflite",
        "@TfLiteModel(path = \"salad.tflite\", className = \"Salad\")");
    assertThat(c.source("demo.Salad")).contains("private final ObjectDetector delegate;");
    TensorImage image = TensorImage.load(TestData.MULTI_OBJECTS);
    List<Detection> expected;
    try (ObjectDetector detector = ObjectDetector.create(model)) {
      expected = detector.detect(image);
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = (AutoCloseable) newInstance(loader, "demo.Salad")) {
      Object outputs = call(wrapper, "process", image);
      assertThat(call(outputs, "getDetectionsAsDetectionList")).isEqualTo(expected);
    }
    assertThat(expected).isNotEmpty();
  }
}
