package dev.jlite.task.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class OrientationTest {
  // Stored image, 3 wide and 2 high:  a b c / d e f.
  private static final TensorImage STORED =
      TensorImage.fromGrayscale(new byte[] {'a', 'b', 'c', 'd', 'e', 'f'}, 3, 2);

  /** The upright picture for each EXIF orientation, worked out from the EXIF definitions. */
  @ParameterizedTest
  @CsvSource({
      "1, 3, abcdef",
      "2, 3, cbafed",
      "3, 3, fedcba",
      "4, 3, defabc",
      "5, 2, adbecf",
      "6, 2, daebfc",
      "7, 2, fcebda",
      "8, 2, cfbead"})
  void makesEachOrientationUpright(int exif, int width, String rows) {
    TensorImage upright = STORED.orient(Orientation.fromExif(exif), Orientation.TOP_LEFT);

    assertThat(upright.width()).isEqualTo(width);
    assertThat(upright.height()).isEqualTo(6 / width);
    assertThat(new String(upright.pixels(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo(rows);
  }

  @ParameterizedTest
  @EnumSource(Orientation.class)
  void orientingBackRestoresTheStoredImage(Orientation o) {
    TensorImage upright = STORED.orient(o, Orientation.TOP_LEFT);

    TensorImage back = upright.orient(Orientation.TOP_LEFT, o);

    assertThat(back.pixels()).isEqualTo(STORED.pixels());
    assertThat(back.width()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Orientation.class)
  void rectanglesMapLikeTheirPixels(Orientation o) {
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        int[] p = o.mapPoint(x, y, 3, 2, Orientation.TOP_LEFT);
        Rect r = o.mapRect(Rect.of(x, y, 1, 1), 3, 2, Orientation.TOP_LEFT);
        assertThat(r).isEqualTo(Rect.of(p[0], p[1], 1, 1));
      }
    }
    Rect wide = Rect.of(1, 0, 2, 1);
    Rect mapped = o.mapRect(wide, 3, 2, Orientation.TOP_LEFT);
    boolean swap = o.swapsDimensions(Orientation.TOP_LEFT);
    assertThat(Orientation.TOP_LEFT.mapRect(mapped, swap ? 2 : 3, swap ? 3 : 2, o))
        .isEqualTo(wide);
  }

  /** The centre of each pixel, as a fraction of the image, maps like the pixel itself. */
  @ParameterizedTest
  @EnumSource(Orientation.class)
  void fractionsMapLikePixelCentres(Orientation o) {
    boolean swap = o.swapsDimensions(Orientation.TOP_LEFT);
    int toWidth = swap ? 2 : 3;
    int toHeight = swap ? 3 : 2;
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        int[] p = o.mapPoint(x, y, 3, 2, Orientation.TOP_LEFT);
        float[] f = o.mapFraction((x + 0.5f) / 3, (y + 0.5f) / 2, Orientation.TOP_LEFT);
        assertThat(f[0] * toWidth).isCloseTo(p[0] + 0.5f, within(1e-5f));
        assertThat(f[1] * toHeight).isCloseTo(p[1] + 0.5f, within(1e-5f));
      }
    }
  }

  @Test
  void exifValuesRoundTrip() {
    for (Orientation o : Orientation.values()) {
      assertThat(Orientation.fromExif(o.exifValue())).isEqualTo(o);
    }
    assertThat(Orientation.RIGHT_TOP.exifValue()).isEqualTo(6);
  }

  @ParameterizedTest
  @CsvSource({"0", "9", "-1"})
  void rejectsValuesOutsideOneToEight(int value) {
    assertThatThrownBy(() -> Orientation.fromExif(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orientation " + value)
        .hasMessageContaining("1 to 8");
  }
}
