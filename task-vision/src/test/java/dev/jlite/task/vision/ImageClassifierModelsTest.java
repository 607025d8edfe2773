package dev.jlite.task.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.testing.Goldens;
import dev.jlite.schema.testing.TensorBytes;
import dev.jlite.schema.testing.TfLiteOracle;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.ResizeMethod;
import dev.jlite.task.core.TensorImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** ImageClassifier on the real models of testdata. */
class ImageClassifierModelsTest {
  private static final Path MODELS = Goldens.TESTDATA.resolve("models");
  private static final Path QUANT =
      MODELS.resolve("image_classification/mobilenet_v1_0.25_224_quant.tflite");
  private static final Path FLOAT_WITH_METADATA =
      MODELS.resolve("image_classification/mobilenet_v1_0.25_224_1_metadata_1.tflite");
  private static final Path FLOAT_WITHOUT_METADATA =
      MODELS.resolve("image_classification/mobilenet_v1_0.25_224_1_default_1.tflite");
  private static final Path BURGER = Goldens.TESTDATA.resolve("images/burger.jpg");

  private static float[] scores(Classifications c, int classes) {
    float[] out = new float[classes];
    for (Category category : c.categories()) {
      out[category.index()] = category.score();
    }
    return out;
  }

  /**
   * The float model with metadata: its NormalizationOptions (127.5, 127.5) and labels are applied,
   * and the scores equal real TFLite's on the same pixels, normalized here by hand.
   */
  @Test
  void floatModelWithMetadataMatchesTflite() throws Exception {
    TensorImage burger = TensorImage.load(BURGER);
    List<Classifications> result;
    try (ImageClassifier classifier = ImageClassifier.create(FLOAT_WITH_METADATA)) {
      result = classifier.classify(burger);
    }
    byte[] pixels = burger.resize(224, 224, ResizeMethod.BILINEAR).pixels();
    float[] input = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      input[i] = ((pixels[i] & 0xFF) - 127.5f) / 127.5f;
    }
    float[] tflite;
    try (TfLiteOracle oracle = TfLiteOracle.open(Files.readAllBytes(FLOAT_WITH_METADATA))) {
      tflite = TensorBytes.toFloats(oracle.run(TensorBytes.of(input))[0]);
    }

    assertThat(result).hasSize(1);
    Category top = result.get(0).categories().get(0);
    assertThat(top.label()).isEqualTo("cheeseburger");
    assertThat(top.index()).isEqualTo(934);
    assertThat(result.get(0).categories()).hasSize(1001);
    assertThat(scores(result.get(0), 1001)).containsExactly(tflite, within(1e-4f));
  }

  /** The same weights without metadata give the same scores once normalization is supplied. */
  @Test
  void floatModelWithoutMetadataNeedsNormalization() throws Exception {
    assertThatThrownBy(() -> ImageClassifier.create(FLOAT_WITHOUT_METADATA))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("setNormalization(mean, std)");

    TensorImage burger = TensorImage.load(BURGER);
    ImageClassifier.Options options = ImageClassifier.Options.builder()
        .setNormalization(new float[] {127.5f}, new float[] {127.5f}).setMaxResults(3).build();
    try (ImageClassifier without = ImageClassifier.create(FLOAT_WITHOUT_METADATA, options);
        ImageClassifier with = ImageClassifier.create(FLOAT_WITH_METADATA,
            ImageClassifier.Options.builder().setMaxResults(3).build())) {
      List<Category> a = without.classify(burger).get(0).categories();
      List<Category> b = with.classify(burger).get(0).categories();
      assertThat(a).extracting(Category::index).isEqualTo(b.stream().map(Category::index).toList());
      assertThat(a.get(0).score()).isCloseTo(b.get(0).score(), within(1e-5f));
      assertThat(a.get(0).label()).isEmpty();
    }
  }

  @Test
  void createFromByteBufferAndRegionOfInterest() throws Exception {
    ByteBuffer model = ByteBuffer.wrap(Files.readAllBytes(QUANT));
    TensorImage burger = TensorImage.load(BURGER);
    // The burger itself, without the plate around it.
    ImageProcessingOptions roi =
        ImageProcessingOptions.builder().setRoi(Rect.of(100, 20, 300, 250)).build();
    try (ImageClassifier classifier = ImageClassifier.create(model,
        ImageClassifier.Options.builder().setMaxResults(1).build())) {
      Category top = classifier.classify(burger, roi).get(0).categories().get(0);
      assertThat(top.label()).isEqualTo("cheeseburger");
    }
  }

  @Test
  void detectorIsNotAClassifier() {
    Path detector =
        MODELS.resolve("object_detection/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite");

    assertThatThrownBy(() -> ImageClassifier.create(detector))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("output 0")
        .hasMessageContaining("3 dimensions")
        .hasMessageContaining("a classification output must be [1, N] or [1, 1, 1, N]");
  }

  @Test
  void badModelFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ImageClassifier.create(dir.resolve("missing.tflite")))
        .isInstanceOf(NoSuchFileException.class);
    Path garbage = dir.resolve("garbage.tflite");
    Files.writeString(garbage, "not a model at all, just some text");
    assertThatThrownBy(() -> ImageClassifier.create(garbage))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("garbage.tflite");
  }

  @Test
  void badRegionsOfInterest() throws Exception {
    TensorImage burger = TensorImage.load(BURGER);
    try (ImageClassifier classifier = ImageClassifier.create(QUANT)) {
      assertThatThrownBy(() -> classifier.classify(burger,
          ImageProcessingOptions.builder().setRoi(Rect.of(10, 10, 0, 5)).build()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("zero area");
      assertThatThrownBy(() -> classifier.classify(burger,
          ImageProcessingOptions.builder().setRoi(Rect.of(400, 300, 100, 100)).build()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("not inside the 480x325 image");
    }
  }

  @Test
  void badOptions() {
    assertThatThrownBy(() -> ImageClassifier.Options.builder().setMaxResults(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxResults must not be 0");
    assertThatThrownBy(() -> ImageClassifier.Options.builder().setLabelAllowList(List.of("a"))
        .setLabelDenyList(List.of("b")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mutually exclusive");
  }

  @Test
  void closedClassifierRefusesWork() throws Exception {
    ImageClassifier classifier = ImageClassifier.create(QUANT);
    classifier.close();
    classifier.close();

    assertThatThrownBy(() -> classifier.classify(TensorImage.load(BURGER)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void sharedBetweenThreads() throws Exception {
    TensorImage burger = TensorImage.load(BURGER);
    TensorImage sparrow = TensorImage.load(Goldens.TESTDATA.resolve("images/sparrow.png"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (ImageClassifier classifier = ImageClassifier.create(QUANT,
        ImageClassifier.Options.builder().setMaxResults(2).build())) {
      List<Classifications> burgerAlone = classifier.classify(burger);
      List<Classifications> sparrowAlone = classifier.classify(sparrow);
      List<Future<List<Classifications>>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        TensorImage image = i % 2 == 0 ? burger : sparrow;
        futures.add(pool.submit(() -> classifier.classify(image)));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get()).isEqualTo(i % 2 == 0 ? burgerAlone : sparrowAlone);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
