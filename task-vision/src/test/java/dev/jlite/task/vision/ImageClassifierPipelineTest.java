package dev.jlite.task.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.schema.metadata.ColorSpaceType;
import dev.jlite.schema.metadata.ScoreTransformationType;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.TensorImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The metadata-to-pipeline logic end to end, on {@link PixelModel}s whose class scores are their
 * input pixels, so every expected value follows from the pixels by hand.
 */
class ImageClassifierPipelineTest {
  private static final String LABELS = "r0\ng0\nb0\nr1\ng1\nb1\n";
  private static final TensorImage PIXELS =
      TensorImage.fromRgb(new byte[] {10, 20, 30, 40, 50, 60}, 2, 1);

  private static Classifications classify(PixelModel model, ImageClassifier.Options options,
      TensorImage image, ImageProcessingOptions processing) {
    try (ImageClassifier c = ImageClassifier.create(model.build(), options)) {
      List<Classifications> result = c.classify(image, processing);
      assertThat(result).hasSize(1);
      return result.get(0);
    }
  }

  private static Classifications classify(PixelModel model, ImageClassifier.Options options) {
    return classify(model, options, PIXELS, ImageProcessingOptions.DEFAULT);
  }

  /** Scores by class index (every class must be in the result). */
  private static float[] scores(Classifications c) {
    float[] out = new float[c.categories().size()];
    for (Category category : c.categories()) {
      out[category.index()] = category.score();
    }
    return out;
  }

  private static float[] expected(TensorImage image, float scale) {
    byte[] p = image.pixels();
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = scale * (p[i] & 0xFF);
    }
    return out;
  }

  @Test
  void dequantizesAndSortsBestFirst() {
    Classifications c = classify(PixelModel.uint8(2, 1).labels(LABELS),
        ImageClassifier.Options.DEFAULT);

    assertThat(c.headIndex()).isZero();
    assertThat(c.headName()).isEqualTo("probability");
    assertThat(c.categories()).extracting(Category::index).containsExactly(5, 4, 3, 2, 1, 0);
    assertThat(c.categories()).extracting(Category::label)
        .containsExactly("b1", "g1", "r1", "b0", "g0", "r0");
    assertThat(c.categories().get(0).score()).isCloseTo(60 / 255f, within(1e-6f));
    assertThat(c.categories().get(0).displayName()).isEmpty();
  }

  @Test
  void displayNamesComeFromTheRequestedLocale() {
    PixelModel model = PixelModel.uint8(2, 1).labels(LABELS)
        .displayNames("fr", "R0\nV0\nB0\nR1\nV1\nB1\n");

    Classifications fr = classify(model,
        ImageClassifier.Options.builder().setDisplayNamesLocale("fr").build());
    Classifications de = classify(model,
        ImageClassifier.Options.builder().setDisplayNamesLocale("de").build());

    assertThat(fr.categories().get(1).label()).isEqualTo("g1");
    assertThat(fr.categories().get(1).displayName()).isEqualTo("V1");
    assertThat(de.categories().get(1).displayName()).isEmpty();
  }

  @Test
  void metadataThresholdIsTheDefaultAndTheOptionOverridesIt() {
    PixelModel model = PixelModel.uint8(2, 1).labels(LABELS).threshold(0.15f);

    // 60, 50 and 40 of 255 are at least 0.15; 30/255 is not.
    assertThat(classify(model, ImageClassifier.Options.DEFAULT).categories()).hasSize(3);
    assertThat(classify(model, ImageClassifier.Options.builder().setScoreThreshold(0.19f).build())
        .categories()).extracting(Category::label).containsExactly("b1", "g1");
  }

  @Test
  void maxResultsKeepsTheBest() {
    Classifications c = classify(PixelModel.uint8(2, 1),
        ImageClassifier.Options.builder().setMaxResults(2).build());

    assertThat(c.categories()).extracting(Category::index).containsExactly(5, 4);
    assertThat(c.categories().get(0).label()).isEmpty();
    assertThat(c.headName()).isEmpty();
  }

  @Test
  void scoreCalibrationFromMetadata() {
    // Scores 0.5, 0.2, 0, 1, 0.3, 0.1 (scale 0.01). Per class: scale, slope, offset[, min].
    String calibration = "2,4,-2\n\n1,1,0\n0.8,0,0,0.5\n1,1,0,0.5\n0.6,10,-1";
    PixelModel model = PixelModel.uint8(2, 1).scale(0.01f).labels(LABELS)
        .calibration(ScoreTransformationType.IDENTITY, 0.05f, calibration);
    TensorImage image = TensorImage.fromRgb(new byte[] {50, 20, 0, 100, 30, 10}, 2, 1);

    Classifications c = classify(model, ImageClassifier.Options.DEFAULT, image,
        ImageProcessingOptions.DEFAULT);

    // 2 * s(0) = 1; s(0) = 0.5; 0.8 * s(0) = 0.4; 0.6 * s(10 * 0.1 - 1) = 0.3; class 1 has no
    // parameters and class 4 is below its minimum: both get the default 0.05.
    assertThat(c.categories()).extracting(Category::index).containsExactly(0, 2, 3, 5, 1, 4);
    float[] sorted = new float[6];
    for (int i = 0; i < 6; i++) {
      sorted[i] = c.categories().get(i).score();
    }
    assertThat(sorted).containsExactly(new float[] {1f, 0.5f, 0.4f, 0.3f, 0.05f, 0.05f},
        within(1e-5f));
  }

  @Test
  void allowAndDenyLists() {
    PixelModel model = PixelModel.uint8(2, 1).labels(LABELS);

    assertThat(classify(model, ImageClassifier.Options.builder()
        .setLabelAllowList(List.of("r0", "g1", "unknown")).build()).categories())
        .extracting(Category::label).containsExactly("g1", "r0");
    assertThat(classify(model, ImageClassifier.Options.builder()
        .setLabelDenyList(List.of("b1")).setMaxResults(2).build()).categories())
        .extracting(Category::label).containsExactly("g1", "r1");
  }

  @Test
  void allowListMustNameALabel() {
    ImageClassifier.Options options =
        ImageClassifier.Options.builder().setLabelAllowList(List.of("zebra")).build();

    assertThatThrownBy(() -> ImageClassifier.create(PixelModel.uint8(2, 1).labels(LABELS).build(),
        options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none of the labels in labelAllowList [zebra]");
    assertThatThrownBy(() -> ImageClassifier.create(PixelModel.uint8(2, 1).build(), options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs labels");
  }

  @Test
  void regionOfInterestIsCropped() {
    // A 3x2 image; the region (1, 1, 2x1) holds pixels (1,1) and (2,1).
    byte[] rgb = new byte[18];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (10 * i);
    }
    TensorImage image = TensorImage.fromRgb(rgb, 3, 2);
    ImageProcessingOptions roi =
        ImageProcessingOptions.builder().setRoi(Rect.of(1, 1, 2, 1)).build();

    Classifications c =
        classify(PixelModel.uint8(2, 1), ImageClassifier.Options.DEFAULT, image, roi);

    assertThat(scores(c)).containsExactly(
        expected(TensorImage.fromRgb(new byte[] {120, (byte) 130, (byte) 140, (byte) 150,
            (byte) 160, (byte) 170}, 2, 1), 1f / 255), within(1e-6f));
  }

  @ParameterizedTest
  @EnumSource(Orientation.class)
  void storedOrientationIsTurnedUpright(Orientation orientation) {
    TensorImage stored = PIXELS.orient(Orientation.TOP_LEFT, orientation);
    ImageProcessingOptions options =
        ImageProcessingOptions.builder().setOrientation(orientation).build();

    Classifications c = classify(PixelModel.uint8(2, 1), ImageClassifier.Options.DEFAULT, stored,
        options);

    assertThat(scores(c)).containsExactly(expected(PIXELS, 1f / 255), within(1e-6f));
  }

  @Test
  void regionOfInterestIsInStoredPixelsBeforeOrientation() {
    // Upright 2x1 scene "A B" stored as RIGHT_TOP (a quarter turn clockwise to view) inside a
    // larger stored image: the scene occupies stored column 1, rows 1-2, with A above B.
    byte[] rgb = new byte[3 * 3 * 3];
    byte[] a = {1, 2, 3};
    byte[] b = {4, 5, 6};
    System.arraycopy(a, 0, rgb, (1 * 3 + 1) * 3, 3);
    System.arraycopy(b, 0, rgb, (2 * 3 + 1) * 3, 3);
    TensorImage stored = TensorImage.fromRgb(rgb, 3, 3);
    ImageProcessingOptions options = ImageProcessingOptions.builder()
        .setRoi(Rect.of(1, 1, 1, 2)).setOrientation(Orientation.RIGHT_TOP).build();

    Classifications c = classify(PixelModel.uint8(2, 1).scale(1f), ImageClassifier.Options.DEFAULT,
        stored, options);

    // RIGHT_TOP: the stored first row is the upright right column, so B is left, A right.
    assertThat(scores(c)).containsExactly(4f, 5f, 6f, 1f, 2f, 3f);
  }

  @Test
  void grayscaleImagesAreFedAsRgb() {
    TensorImage gray = TensorImage.fromGrayscale(new byte[] {7, 9}, 2, 1);

    Classifications c = classify(PixelModel.uint8(2, 1).scale(1f), ImageClassifier.Options.DEFAULT,
        gray, ImageProcessingOptions.DEFAULT);

    assertThat(scores(c)).containsExactly(7f, 7f, 7f, 9f, 9f, 9f);
  }

  @Test
  void floatModelsAreNormalizedWithTheMetadata() {
    PixelModel model = PixelModel.float32(2, 1)
        .normalization(new float[] {0f, 10f, 20f}, new float[] {1f, 2f, 4f});

    Classifications c = classify(model, ImageClassifier.Options.DEFAULT);

    // (10 - 0) / 1, (20 - 10) / 2, (30 - 20) / 4, (40 - 0) / 1, (50 - 10) / 2, (60 - 20) / 4.
    assertThat(scores(c)).containsExactly(10f, 5f, 2.5f, 40f, 20f, 10f);
  }

  @Test
  void floatModelWithoutNormalizationNamesTheOption() {
    assertThatThrownBy(() -> ImageClassifier.create(PixelModel.float32(2, 1).build(),
        ImageClassifier.Options.DEFAULT))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("FLOAT32")
        .hasMessageContaining("NormalizationOptions")
        .hasMessageContaining("setNormalization(mean, std)");

    Classifications c = classify(PixelModel.float32(2, 1), ImageClassifier.Options.builder()
        .setNormalization(new float[] {10f}, new float[] {10f}).build());
    assertThat(scores(c)).containsExactly(0f, 1f, 2f, 3f, 4f, 5f);
  }

  @Test
  void labelsCanBeGivenForModelsWithoutThem() {
    Classifications c = classify(PixelModel.uint8(2, 1), ImageClassifier.Options.builder()
        .setLabels(List.of("a", "b", "c", "d", "e", "f")).setMaxResults(1).build());

    assertThat(c.categories().get(0).label()).isEqualTo("f");
    assertThatThrownBy(() -> ImageClassifier.create(PixelModel.uint8(2, 1).build(),
        ImageClassifier.Options.builder().setLabels(List.of("a")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setLabels gave 1 labels but output 0 'scores' has 6 classes");
  }

  @Test
  void onlyRgbModelsAreSupported() {
    assertThatThrownBy(() -> ImageClassifier.create(
        PixelModel.uint8(2, 1).colorSpace(ColorSpaceType.GRAYSCALE).build(),
        ImageClassifier.Options.DEFAULT))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("only RGB");
  }
}
