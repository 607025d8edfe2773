package dev.jlite.task.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.schema.testing.Goldens;
import dev.jlite.task.core.Embedding;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.TensorImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ImageEmbedder on {@link PixelModel}s (the embedding is the pixels) and a real network. */
class ImageEmbedderTest {
  private static final TensorImage THREE_FOUR =
      TensorImage.fromRgb(new byte[] {3, 4, 0, 0, 0, 0}, 2, 1);

  private static Embedding embed(PixelModel model, ImageEmbedder.Options options,
      TensorImage image) {
    try (ImageEmbedder embedder = ImageEmbedder.create(model.build(), options)) {
      List<Embedding> result = embedder.embed(image);
      assertThat(result).hasSize(1);
      return result.get(0);
    }
  }

  @Test
  void dequantizedValues() {
    Embedding e = embed(PixelModel.uint8(2, 1).scale(0.5f), ImageEmbedder.Options.DEFAULT,
        THREE_FOUR);

    assertThat(e.outputIndex()).isZero();
    assertThat(e.values()).containsExactly(1.5f, 2f, 0f, 0f, 0f, 0f);
  }

  @Test
  void l2NormalizedThenQuantized() {
    ImageEmbedder.Options normalize =
        ImageEmbedder.Options.builder().setL2Normalize(true).build();
    ImageEmbedder.Options both =
        ImageEmbedder.Options.builder().setL2Normalize(true).setQuantize(true).build();

    // (3, 4) / 5 = (0.6, 0.8); times 128: 76.8 and 102.4.
    assertThat(embed(PixelModel.uint8(2, 1).scale(1f), normalize, THREE_FOUR).values())
        .containsExactly(new float[] {0.6f, 0.8f, 0f, 0f, 0f, 0f}, within(1e-6f));
    Embedding q = embed(PixelModel.uint8(2, 1).scale(1f), both, THREE_FOUR);
    assertThat(q.isQuantized()).isTrue();
    assertThat(q.quantizedValues()).containsExactly(77, 102, 0, 0, 0, 0);
  }

  @Test
  void quantizationRoundsHalvesAwayFromZeroAndClamps() {
    // (p - 128) / 256 * 128 = (p - 128) / 2: -2.5, 2.5, -64, 63.5.
    PixelModel model = PixelModel.float32(2, 1)
        .normalization(new float[] {128f}, new float[] {256f});
    TensorImage image = TensorImage.fromRgb(
        new byte[] {123, (byte) 133, 0, (byte) 255, 127, (byte) 129}, 2, 1);

    Embedding q = embed(model, ImageEmbedder.Options.builder().setQuantize(true).build(), image);

    assertThat(q.quantizedValues()).containsExactly(-3, 3, -64, 64, -1, 1);
  }

  @Test
  void cosineSimilarity() {
    Embedding a = Embedding.ofFloats(0, new float[] {1, 0});
    Embedding b = Embedding.ofFloats(0, new float[] {1, 1});

    assertThat(Embedding.cosineSimilarity(a, b)).isCloseTo(Math.sqrt(0.5), within(1e-12));
    assertThat(Embedding.cosineSimilarity(Embedding.ofQuantized(0, new byte[] {2, 0}),
        Embedding.ofQuantized(0, new byte[] {-3, 0}))).isEqualTo(-1.0);
    assertThatThrownBy(() -> Embedding.cosineSimilarity(a, Embedding.ofFloats(0, new float[3])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different sizes (2 vs 3)");
    assertThatThrownBy(() -> Embedding.cosineSimilarity(a, Embedding.ofFloats(0, new float[2])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("norm is 0");
    assertThatThrownBy(() -> Embedding.cosineSimilarity(a,
        Embedding.ofQuantized(0, new byte[] {1, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quantized embedding with a float embedding");
  }

  @Test
  void realNetworkSeesTheSameImageAsMoreSimilar() throws Exception {
    Path model =
        Goldens.TESTDATA.resolve("models/image_classification/mobilenet_v1_0.25_224_quant.tflite");
    TensorImage burger = TensorImage.load(Goldens.TESTDATA.resolve("images/burger.jpg"));
    TensorImage sparrow = TensorImage.load(Goldens.TESTDATA.resolve("images/sparrow.png"));
    try (ImageEmbedder embedder = ImageEmbedder.create(model,
        ImageEmbedder.Options.builder().setL2Normalize(true).build())) {
      Embedding a = embedder.embed(burger).get(0);
      Embedding b = embedder.embed(burger).get(0);
      Embedding c = embedder.embed(sparrow).get(0);
      assertThat(a.dimension()).isEqualTo(1001);
      assertThat(Embedding.cosineSimilarity(a, b)).isCloseTo(1.0, within(1e-6));
      assertThat(Embedding.cosineSimilarity(a, c)).isLessThan(0.5);
    }
  }

  @Test
  void detectorIsNotAnEmbedder() {
    Path detector = Goldens.TESTDATA.resolve(
        "models/object_detection/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite");

    assertThatThrownBy(() -> ImageEmbedder.create(detector))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("an embedding output must be");
  }
}
