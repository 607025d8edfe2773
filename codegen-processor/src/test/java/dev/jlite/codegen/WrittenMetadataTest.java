package dev.jlite.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.jlite.metadata.AudioClassifierWriter;
import dev.jlite.metadata.AudioInput;
import dev.jlite.metadata.ClassificationHead;
import dev.jlite.metadata.ImageClassifierWriter;
import dev.jlite.metadata.ImageSegmenterWriter;
import dev.jlite.metadata.LabelFile;
import dev.jlite.metadata.NlClassifierWriter;
import dev.jlite.metadata.ObjectDetectorWriter;
import dev.jlite.metadata.ScoreCalibration;
import dev.jlite.metadata.ScoreTransformationType;
import dev.jlite.metadata.Tokenizer;
import dev.jlite.metadata.cli.MetadataCommand;
import dev.jlite.task.audio.AudioClassifier;
import dev.jlite.task.audio.TensorAudio;
import dev.jlite.task.audio.WavReader;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.TensorImage;
import dev.jlite.task.text.NLClassifier;
import dev.jlite.task.vision.Detection;
import dev.jlite.task.vision.ImageClassifier;
import dev.jlite.task.vision.ImageSegmenter;
import dev.jlite.task.vision.ObjectDetector;
import dev.jlite.task.vision.Segmentation;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Models without metadata get task metadata from jlite's writers (the library and {@code jlite
 * metadata write}); the wrappers generated for them compile with {@code -Xlint:all -Werror} and
 * give the task's results on the written model.
 */
class WrittenMetadataTest {
  private static final double[] HALF = {127.5};

  @TempDir
  Path work;

  private static Path data(String path) {
    return TestData.ROOT.resolve(path);
  }

  private static byte[] bytes(String path) throws Exception {
    return Files.readAllBytes(data(path));
  }

  /** Writes the model into a resource directory and compiles a wrapper named {@code className}. */
  private Compilation compile(byte[] model, String className) throws Exception {
    Path resources = Files.createDirectories(work.resolve("resources"));
    Files.write(resources.resolve("model.tflite"), model);
    Compilation c = Compilation.compile(work, Map.of("demo/Models.java",
        "package demo;\n\nimport dev.jlite.codegen.TfLiteModel;\n\n@TfLiteModel(path ="
            + " \"model.tflite\", className = \"" + className + "\")\nfinal class Models {}\n"),
        List.of(resources), List.of());
    assertThat(c.success).as(c.report()).isTrue();
    assertThat(c.diagnostics).as(c.report()).isEmpty();
    return c;
  }

  /** Runs {@code jlite metadata write} in process and returns the written model. */
  private byte[] writeWithCommand(String... args) throws Exception {
    Path out = work.resolve("written.tflite");
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--output";
    all[args.length + 1] = out.toString();
    assertThat(new CommandLine(new MetadataCommand()).execute(all)).isZero();
    return Files.readAllBytes(out);
  }

  private static Object call(Object target, String method, Object... args) throws Exception {
    for (var m : target.getClass().getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        return m.invoke(target, args);
      }
    }
    throw new AssertionError("no method " + method + " on " + target.getClass());
  }

  private static AutoCloseable newInstance(URLClassLoader loader, String className)
      throws Exception {
    return (AutoCloseable) loader.loadClass(className).getMethod("newInstance").invoke(null);
  }

  /**
   * The official writer test pairs this model with a calibration file of 510 classes, which the
   * task refuses for 1001 labels (as TFLite's does); its parameters with blank lines (the default
   * score) for the other classes make a file the task accepts.
   */
  @Test
  void imageClassifierWrittenWithCalibrationGivesImageClassifierResults() throws Exception {
    List<String> lines = new ArrayList<>(
        Files.readAllLines(data("labels/mobilenet_v2_score_calibration.txt")));
    while (lines.size() < 1001) {
      lines.add("");
    }
    Path file = Files.write(work.resolve("score_calibration.txt"), lines);
    ScoreCalibration calibration = ScoreCalibration.of(ScoreTransformationType.LOG, 0.2f, file);
    byte[] model = ImageClassifierWriter.createForInference(
        bytes("models/image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite"),
        HALF, HALF, List.of(LabelFile.of(data("labels/imagenet_labels_1001.txt"))), calibration)
        .populate();
    Compilation c = compile(model, "Written");
    assertThat(c.source("demo.Written")).contains("private final ImageClassifier delegate;",
        "public List<Category> getProbabilityAsCategoryList()",
        "Wrapper of model ImageClassifier");
    TensorImage burger = TensorImage.load(TestData.BURGER);
    List<Category> expected;
    try (ImageClassifier classifier =
        ImageClassifier.create(ByteBuffer.wrap(model), ImageClassifier.Options.DEFAULT)) {
      expected = classifier.classify(burger).get(0).categories();
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = newInstance(loader, "demo.Written")) {
      Object outputs = call(wrapper, "process", burger);
      assertThat(call(outputs, "getProbabilityAsCategoryList")).isEqualTo(expected);
    }
    assertThat(expected).hasSize(1001);
    // Class 934 (cheeseburger) is past the parameters, so it scores the default score.
    assertThat(expected).filteredOn(k -> k.label().equals("cheeseburger")).singleElement()
        .satisfies(k -> assertThat(k.score()).isEqualTo(0.2f));
  }

  @Test
  void objectDetectorWrittenGivesObjectDetectorDetections() throws Exception {
    byte[] model = ObjectDetectorWriter.createForInference(
        bytes("models/object_detection/ssd_mobilenet_v1.tflite"), HALF, HALF,
        List.of(LabelFile.of(data("labels/coco_labelmap.txt"))), null).populate();
    Compilation c = compile(model, "Written");
    assertThat(c.source("demo.Written")).contains("private final ObjectDetector delegate;",
        "public List<Detection> getDetectionResultAsDetectionList()");
    TensorImage image = TensorImage.load(TestData.MULTI_OBJECTS);
    List<Detection> expected;
    try (ObjectDetector detector =
        ObjectDetector.create(ByteBuffer.wrap(model), ObjectDetector.Options.DEFAULT)) {
      expected = detector.detect(image);
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = newInstance(loader, "demo.Written")) {
      Object outputs = call(wrapper, "process", image);
      assertThat(call(outputs, "getDetectionResultAsDetectionList")).isEqualTo(expected);
    }
    assertThat(expected).isNotEmpty();
  }

  @Test
  void imageSegmenterWrittenByTheCommandGivesImageSegmenterMasks() throws Exception {
    byte[] model = writeWithCommand("write", "image-segmenter",
        "--model", data("models/segmentation/deeplabv3_no_metadata.tflite").toString(),
        "--labels", data("labels/pascal_voc_labelmap.txt").toString(),
        "--mean", "127.5", "--std", "127.5");
    Compilation c = compile(model, "Written");
    assertThat(c.source("demo.Written")).contains("private final ImageSegmenter delegate;",
        "public Segmentation getSegmentationMasksAsSegmentation()");
    TensorImage image = TensorImage.load(data("images/segmentation_input_rotation0.jpg"));
    Segmentation expected;
    try (ImageSegmenter segmenter =
        ImageSegmenter.create(ByteBuffer.wrap(model), ImageSegmenter.Options.DEFAULT)) {
      expected = segmenter.segment(image);
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = newInstance(loader, "demo.Written")) {
      Segmentation actual = (Segmentation)
          call(call(wrapper, "process", image), "getSegmentationMasksAsSegmentation");
      assertThat(actual.width()).isEqualTo(expected.width());
      assertThat(actual.height()).isEqualTo(expected.height());
      assertThat(actual.categoryMask()).isEqualTo(expected.categoryMask());
      assertThat(actual.coloredLabels()).isEqualTo(expected.coloredLabels());
    }
    assertThat(expected.coloredLabels()).hasSize(21);
    assertThat(Arrays.stream(expected.categoryMask()).distinct().count()).isGreaterThan(1);
  }

  @Test
  void audioClassifierWrittenByTheCommandGivesAudioClassifierResults() throws Exception {
    byte[] model = writeWithCommand("write", "audio-classifier",
        "--model", TestData.AUDIO_CLASSIFIER.toString(),
        "--labels", data("labels/yamnet_521_labels.txt").toString(),
        "--sample-rate", "16000", "--channels", "1");
    Compilation c = compile(model, "Written");
    assertThat(c.source("demo.Written")).contains("private final AudioClassifier delegate;",
        "public Outputs process(TensorAudio audioClip)",
        "public List<Category> getProbabilityAsCategoryList()");
    float[] window = Arrays.copyOf(WavReader.read(TestData.SPEECH).samples(), 15600);
    List<Category> expected;
    try (AudioClassifier classifier =
        AudioClassifier.create(ByteBuffer.wrap(model), AudioClassifier.Options.DEFAULT)) {
      TensorAudio audio = classifier.createInputTensorAudio();
      audio.load(window);
      expected = classifier.classify(audio).get(0).categories();
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = newInstance(loader, "demo.Written")) {
      TensorAudio audio = (TensorAudio) call(wrapper, "createInputTensorAudio");
      audio.load(window);
      Object outputs = call(wrapper, "process", audio);
      assertThat(call(outputs, "getProbabilityAsCategoryList")).isEqualTo(expected);
    }
    assertThat(expected).hasSize(521);
    assertThat(expected.get(0).label()).isEqualTo("Speech");
  }

  /**
   * Two heads written by the multi-head writer: one getter each, named after the heads, with the
   * task's results; RELU passes the samples through, so the scores are known.
   */
  @Test
  void multiHeadAudioClassifierWrittenGivesEachHeadsCategories() throws Exception {
    Path birds = Files.writeString(work.resolve("birds.txt"), "jay\nowl\nwren\ncrow\n");
    Path cars = Files.writeString(work.resolve("cars.txt"), "horn\nsiren\nengine\nbrake\n");
    byte[] model = AudioClassifierWriter.createForMultihead(SyntheticModels.twoHeads(), null,
        new AudioInput("audio_clip", "Samples.", 4, 1), List.of(
            new ClassificationHead("birds", "Bird calls.", List.of(LabelFile.of(birds)), null,
                null),
            new ClassificationHead("cars", "Car sounds.", List.of(LabelFile.of(cars)), null,
                null)))
        .populate();
    Compilation c = compile(model, "Written");
    assertThat(c.source("demo.Written")).contains("private final AudioClassifier delegate;",
        "public List<Category> getBirdsAsCategoryList()",
        "public List<Category> getCarsAsCategoryList()", "Car sounds.");
    float[] samples = {0.5f, -1f, 2f, 0.25f};
    List<Classifications> expected;
    try (AudioClassifier classifier =
        AudioClassifier.create(ByteBuffer.wrap(model), AudioClassifier.Options.DEFAULT)) {
      TensorAudio audio = classifier.createInputTensorAudio();
      audio.load(samples);
      expected = classifier.classify(audio);
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = newInstance(loader, "demo.Written")) {
      TensorAudio audio = (TensorAudio) call(wrapper, "createInputTensorAudio");
      audio.load(samples);
      Object outputs = call(wrapper, "process", audio);
      assertThat(call(outputs, "getBirdsAsCategoryList"))
          .isEqualTo(expected.get(0).categories());
      assertThat(call(outputs, "getCarsAsCategoryList"))
          .isEqualTo(expected.get(1).categories());
    }
    assertThat(expected.get(0).categories()).extracting(Category::label, Category::score)
        .containsExactly(tuple("wren", 2f), tuple("jay", 0.5f), tuple("crow", 0.25f),
            tuple("owl", 0f));
    assertThat(expected.get(1).categories().get(0).label()).isEqualTo("engine");
  }

  /**
   * movie_review with the metadata of the official NL classifier writer gets NLClassifier's
   * wrapper, with its results on a positive and a negative review.
   */
  @Test
  void nlClassifierWrittenGivesNlClassifierResults() throws Exception {
    byte[] model = NlClassifierWriter.createForInference(bytes("models/text/movie_review.tflite"),
        new Tokenizer.Regex("[^\\w\\']+", data("text/movie_review_vocab.txt")),
        List.of(LabelFile.of(data("labels/movie_review_labels.txt")))).populate();
    Compilation c = compile(model, "MovieReview");
    assertThat(c.source("demo.MovieReview")).contains("private final NLClassifier delegate;",
        "public Outputs process(String text)",
        "public List<Category> getProbabilityAsCategoryList()");
    List<String> reviews = List.of("This is the best movie I've seen in recent years.",
        "What a waste of my time.");
    List<List<Category>> expected = new ArrayList<>();
    try (NLClassifier classifier =
        NLClassifier.create(ByteBuffer.wrap(model), NLClassifier.Options.DEFAULT)) {
      for (String review : reviews) {
        expected.add(classifier.classify(review));
      }
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = newInstance(loader, "demo.MovieReview")) {
      for (int i = 0; i < reviews.size(); i++) {
        assertThat(call(call(wrapper, "process", reviews.get(i)),
            "getProbabilityAsCategoryList")).isEqualTo(expected.get(i));
      }
    }
    assertThat(expected.get(0)).extracting(Category::label)
        .containsExactly("Negative", "Positive");
    assertThat(expected.get(0).get(1).score()).isGreaterThan(expected.get(0).get(0).score());
    assertThat(expected.get(1).get(0).score()).isGreaterThan(expected.get(1).get(1).score());
  }

  @Test
  void nlClassifierWrittenByTheCommandGivesNlClassifierResults() throws Exception {
    byte[] model = writeWithCommand("write", "nl-classifier",
        "--model", data("models/text/movie_review.tflite").toString(),
        "--vocab", data("text/movie_review_vocab.txt").toString(),
        "--labels", data("labels/movie_review_labels.txt").toString());
    Compilation c = compile(model, "Written");
    assertThat(c.source("demo.Written")).contains("private final NLClassifier delegate;",
        "public Outputs process(String text)");
    String review = "What a waste of my time.";
    List<Category> expected;
    try (NLClassifier classifier =
        NLClassifier.create(ByteBuffer.wrap(model), NLClassifier.Options.DEFAULT)) {
      expected = classifier.classify(review);
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = newInstance(loader, "demo.Written")) {
      assertThat(call(call(wrapper, "process", review), "getProbabilityAsCategoryList"))
          .isEqualTo(expected);
    }
    assertThat(expected).extracting(Category::label).containsExactly("Negative", "Positive");
    assertThat(expected.get(0).score()).isGreaterThan(expected.get(1).score());
  }

  /**
   * AudioClassifier reads FLOAT32 samples; the quantized micro speech model given audio metadata
   * gets the generic wrapper (INT8 input quantized from real values, labelled scores), with a
   * warning.
   */
  @Test
  void quantizedAudioInputGetsGenericWrapperWithWarning() throws Exception {
    Path labels = Files.writeString(work.resolve("labels.txt"), "silence\nunknown\nyes\nno\n");
    byte[] model = AudioClassifierWriter.createForInference(
        bytes("models/audio/tflm_micro_speech_quantized.tflite"), 16000, 1,
        List.of(LabelFile.of(labels)), null).populate();
    GeneratedSource source = generate(model, "MicroSpeech");
    assertThat(source.warnings()).containsExactly("input 0 'audio_clip' has AudioProperties but"
        + " is INT8; an AudioClassifier reads FLOAT32 samples, so it takes a TensorBuffer");
    assertThat(source.source()).contains("private final Interpreter delegate;",
        "public synchronized Outputs process(TensorBuffer audioClip)",
        "public List<Category> getProbabilityAsCategoryList()");
    Compilation c = Compilation.compile(work, Map.of(source.relativePath(), source.source()),
        List.of(), List.of("-proc:none"));
    assertThat(c.diagnostics).as(c.report()).isEmpty();
    assertThat(c.success).isTrue();
  }

  /**
   * The writers' {@code create_from_metadata_info} defaults carry no labels, normalization or
   * audio format. The detector's task runs without labels, so it gets the task's wrapper; the
   * classifier and the audio model get generic ones; the FLOAT32 segmenter cannot have its pixels
   * scaled, which the task refuses too, so it is a compile error.
   */
  @Test
  void writersDefaults() throws Exception {
    byte[] classifier = ImageClassifierWriter.createWithDefaults(
        bytes("models/image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite"))
        .populate();
    byte[] detector = ObjectDetectorWriter.createWithDefaults(
        bytes("models/object_detection/ssd_mobilenet_v1.tflite")).populate();
    byte[] audio = AudioClassifierWriter.createWithDefaults(
        Files.readAllBytes(TestData.AUDIO_CLASSIFIER)).populate();
    byte[] segmenter = ImageSegmenterWriter.createWithDefaults(
        bytes("models/segmentation/deeplabv3_no_metadata.tflite")).populate();
    Map<String, GeneratedSource> generated = new LinkedHashMap<>();
    generated.put("Classifier", generate(classifier, "Classifier"));
    generated.put("Audio", generate(audio, "Audio"));
    assertThat(generated.get("Classifier").source())
        .contains("private final Interpreter delegate;");
    assertThat(generated.get("Classifier").warnings()).isEmpty();
    assertThat(generated.get("Audio").source()).contains("private final Interpreter delegate;",
        "public synchronized Outputs process(TensorBuffer audioClip)");
    assertThat(generated.get("Audio").warnings()).containsExactly("input 0 'audio_clip' has"
        + " AudioProperties with sample rate 0 and 0 channels; an AudioClassifier needs both"
        + " positive, so it takes a TensorBuffer");
    Map<String, String> sources = new LinkedHashMap<>();
    generated.values().forEach(g -> sources.put(g.relativePath(), g.source()));
    Compilation all = Compilation.compile(work.resolve("generic"), sources, List.of(),
        List.of("-proc:none"));
    assertThat(all.diagnostics).as(all.report()).isEmpty();
    assertThat(all.success).isTrue();

    assertThatThrownBy(() -> generate(segmenter, "Segmenter"))
        .isInstanceOf(CodegenException.class)
        .hasMessage("unsupported metadata: input 0 'image' is a FLOAT32 image without"
            + " NormalizationOptions, so pixels cannot be scaled");

    Compilation c = compile(detector, "Written");
    TensorImage image = TensorImage.load(TestData.MULTI_OBJECTS);
    List<Detection> expected;
    try (ObjectDetector task =
        ObjectDetector.create(ByteBuffer.wrap(detector), ObjectDetector.Options.DEFAULT)) {
      expected = task.detect(image);
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = newInstance(loader, "demo.Written")) {
      Object outputs = call(wrapper, "process", image);
      assertThat(call(outputs, "getDetectionResultAsDetectionList")).isEqualTo(expected);
    }
    assertThat(expected).isNotEmpty();
  }

  private static GeneratedSource generate(byte[] model, String className)
      throws CodegenException {
    return Codegen.generate(ByteBuffer.wrap(model), "defaults", className,
        className + ".tflite");
  }
}
