package dev.jlite.task.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * libyuv's scaling, bit for bit. Every expected pixel below is worked out by hand from libyuv's
 * fixed-point arithmetic, as the comments show: 16.16 positions from {@code ScaleSlope}, an 8-bit
 * row fraction {@code (y >> 8) & 255}, and a 7-bit column fraction {@code (x >> 9) & 0x7f}.
 */
class ResizerTest {

  /** An RGB image whose three channels all hold {@code 20 * x + 60 * y}. */
  private static TensorImage rampRgb(int w, int h) {
    return rampRgb(w, h, 20, 60);
  }

  /** An RGB image whose three channels all hold {@code cx * x + cy * y}. */
  private static TensorImage rampRgb(int w, int h, int cx, int cy) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int k = 0; k < 3; k++) {
          rgb[(y * w + x) * 3 + k] = (byte) (cx * x + cy * y);
        }
      }
    }
    return TensorImage.fromRgb(rgb, w, h);
  }

  private static TensorImage rampGray(int w, int h) {
    return rampGray(w, h, 20, 60);
  }

  private static TensorImage rampGray(int w, int h, int cx, int cy) {
    byte[] gray = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        gray[y * w + x] = (byte) (cx * x + cy * y);
      }
    }
    return TensorImage.fromGrayscale(gray, w, h);
  }

  /** Each value of {@code gray} three times, as an RGB image of grays holds it. */
  private static byte[] asRgb(int... gray) {
    byte[] rgb = new byte[gray.length * 3];
    for (int i = 0; i < gray.length; i++) {
      for (int k = 0; k < 3; k++) {
        rgb[i * 3 + k] = (byte) gray[i];
      }
    }
    return rgb;
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void rgbBilinearDownBlendsRowsThenColumns() {
    // ScaleARGBBilinearDown. dx = dy = (4 << 16) / 3 = 87381, start 87381 / 2 - 32768 = 10922.
    // Rows: y = 10922, 98303, 185684 -> row 0, 1, 2 with fractions 42, 127, 213; blending a row
    // with the one 60 brighter adds (60 * f + 128) >> 8 = 10, 30, 50:
    //   [10 30 50 70], [90 110 130 150], [170 190 210 230].
    // Columns: x = 10922, 98303, 185684 -> pixel 0, 1, 2 with 7-bit fractions 21, 63, 106, so
    // (a * (127 - f) + b * f) >> 7; e.g. (10 * 106 + 30 * 21) >> 7 = 1690 >> 7 = 13 and
    // (110 * 64 + 130 * 63) >> 7 = 15230 >> 7 = 118.
    byte[] out = rampRgb(4, 4).resize(3, 3, ResizeMethod.BILINEAR).pixels();

    assertThat(out).containsExactly(asRgb(13, 39, 66, 92, 118, 145, 171, 198, 224));
  }

  @Test
  void rgbColumnWeightsSumTo127() {
    // 4x1 -> 2x1 reduces to the linear filter (one row), columns at x = 32768 and 163840:
    // pixel 0 and 2, fraction 64, so (255 * 63 + 255 * 64) >> 7 = 253 where a float blend of
    // two 255s gives 255.
    byte[] white = new byte[4 * 3];
    Arrays.fill(white, (byte) 255);

    byte[] out = TensorImage.fromRgb(white, 4, 1).resize(2, 1, ResizeMethod.BILINEAR).pixels();

    assertThat(out).containsExactly(asRgb(253, 253));
  }

  @Test
  void grayBilinearUpMapsFirstAndLastPixelsOntoTheEdges() {
    // ScalePlaneBilinearUp. dx = ((3 << 16) - 0x10001) / 4 = 32767, dy = ((2 << 16) - 0x10001)
    // / 3 = 21845, both starting at 0.
    // Columns x = 0, 32767, 65534, 98301, 131068: pixel 0, 0, 0, 1, 1 with 7-bit fractions
    // 0, 63, 127, 63, 127; a + ((f * (b - a) + 64) >> 7) makes row [0 100 200] into
    // [0 49 99 149 199] and row [50 150 250] into [50 99 149 199 249].
    // Rows y = 0, 21845, 43690, 65535: row 0 with fractions 0, 85, 170, 255, adding
    // (50 * f + 128) >> 8 = 0, 17, 33, 50.
    TensorImage image = TensorImage.fromGrayscale(bytes(0, 100, 200, 50, 150, 250), 3, 2);

    byte[] out = image.resize(5, 4, ResizeMethod.BILINEAR).pixels();

    assertThat(out).containsExactly(bytes(
        0, 49, 99, 149, 199,
        17, 66, 116, 166, 216,
        33, 82, 132, 182, 232,
        50, 99, 149, 199, 249));
  }

  @Test
  void oneColumnSourcesArePointSampledEvenForBilinear() {
    // ScaleFilterReduce turns any filter off for a 1-pixel-wide source. Point sampling:
    // dx = (1 << 16) / 3 = 21845 from 10922 (column 0 throughout), dy = (4 << 16) / 2 from
    // 65536: rows 1 and 3.
    TensorImage column = rampRgb(1, 4);

    byte[] out = column.resize(3, 2, ResizeMethod.BILINEAR).pixels();

    assertThat(out).containsExactly(asRgb(60, 60, 60, 180, 180, 180));
  }

  @Test
  void oneColumnGrayStartsVerticalScalingAtTheTopRow() {
    // ScalePlane's same-width path, unfiltered for a 1-pixel-wide source, steps
    // dy = (2 << 16) / 3 = 43690 from row 0 (not half a step in): y = 0, 43690, 87380, the last
    // clamped to (1 << 16) - 1, one below the last row, so all three are row 0.
    TensorImage column = TensorImage.fromGrayscale(bytes(0, 100), 1, 2);

    assertThat(column.resize(1, 3, ResizeMethod.BILINEAR).pixels()).containsExactly(0, 0, 0);
  }

  @Test
  void nearestTakesThePixelUnderEachSamplePosition() {
    // dx = dy = 87381 from 43690: positions 43690, 131071, 218452 -> pixels 0, 1, 3.
    byte[] rgb = rampRgb(4, 4).resize(3, 3, ResizeMethod.NEAREST_NEIGHBOR).pixels();
    byte[] gray = rampGray(4, 4).resize(3, 3, ResizeMethod.NEAREST_NEIGHBOR).pixels();

    int[] expected = {0, 20, 60, 60, 80, 120, 180, 200, 240};
    assertThat(rgb).containsExactly(asRgb(expected));
    assertThat(gray).containsExactly(bytes(expected));
  }

  @Test
  void halvingRgbBoxesWithSse2RoundingExceptTheTailOfEachRow() {
    // dx = dy = 2 << 16: ScaleARGBDown2 with a 2x2 box at column 2j, rows 0 and 1. Pixels 0-3
    // go through SSE2, which averages the averages of the two columns, rounding up each time:
    // avg(avg(0, 0), avg(1, 0)) = avg(0, 1) = 1; the last, pixel 4, through the reference
    // kernel: (0 + 1 + 0 + 0 + 2) >> 2 = 0.
    byte[] rgb = new byte[10 * 2 * 3];
    for (int x = 1; x < 10; x += 2) {
      for (int k = 0; k < 3; k++) {
        rgb[x * 3 + k] = 1;
      }
    }

    byte[] out = TensorImage.fromRgb(rgb, 10, 2).resize(5, 1, ResizeMethod.BILINEAR).pixels();

    assertThat(out).containsExactly(asRgb(1, 1, 1, 1, 0));
  }

  @Test
  void evenRatiosBoxOnlyTwoByTwoPixels() {
    // 8x4 -> 2x2: dx = 4 << 16 from (4 << 15) - 32768 = 98304 (pixel 1), dy = 2 << 16 from
    // 32768 (row 0). ScaleARGBDownEven boxes pixels 1-2 and 5-6 of rows 0-1 and 2-3; with
    // values 10x + 40y and fewer than 4 output pixels a row, all by the reference kernel:
    // (10 + 20 + 50 + 60 + 2) >> 2 = 35; pixels 0, 3, 4 and 7 are never read.
    byte[] out = rampRgb(8, 4, 10, 40).resize(2, 2, ResizeMethod.BILINEAR).pixels();

    assertThat(out).containsExactly(asRgb(35, 75, 115, 155));
  }

  @Test
  void grayThreeQuartersUsesTheFixedThreeFourKernels() {
    // ScalePlaneDown34: each row's 4 pixels b, b+20, b+40, b+60 become b+5, b+30, b+55
    // ((3a + b + 2) >> 2, (a + b + 1) >> 1, (a + 3b + 2) >> 2), giving rows r0..r3 of
    // [5 30 55] + 60 r. Output rows blend r0:r1 3:1, r1:r2 1:1 and r3:r2 3:1, rounded:
    // (3 * 5 + 65 + 2) >> 2 = 20, (65 + 125 + 1) >> 1 = 95, (3 * 185 + 125 + 2) >> 2 = 170.
    byte[] out = rampGray(4, 4).resize(3, 3, ResizeMethod.BILINEAR).pixels();

    assertThat(out).containsExactly(bytes(20, 45, 70, 95, 120, 145, 170, 195, 220));
  }

  @Test
  void sidesUpToLibyuvsLimitScale() {
    // 32768x1 -> 2x1 (linear filter, one row): dx = (32768 << 16) / 2 = 1 << 30 fits 16.16 fixed
    // point; a flat image stays flat, 7 + ((f * 0 + 64) >> 7) = 7.
    byte[] flat = new byte[32768];
    Arrays.fill(flat, (byte) 7);

    byte[] out = TensorImage.fromGrayscale(flat, 32768, 1)
        .resize(2, 1, ResizeMethod.BILINEAR).pixels();

    assertThat(out).containsExactly(7, 7);
  }

  @Test
  void sidesBeyondLibyuvsLimitAreRejected() {
    TensorImage wide = TensorImage.fromRgb(new byte[32769 * 3], 32769, 1);
    TensorImage tall = TensorImage.fromGrayscale(new byte[32769], 1, 32769);

    assertThatThrownBy(() -> wide.resize(2, 1, ResizeMethod.BILINEAR))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("32769x1")
        .hasMessageContaining("at most 32768 pixels a side");
    assertThatThrownBy(() -> tall.resize(1, 2, ResizeMethod.NEAREST_NEIGHBOR))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("1x32769");
    assertThat(wide.resize(32769, 1, ResizeMethod.BILINEAR)).isSameAs(wide);
  }

  @Test
  void quarteringRgbBoxesPixelsOneAndTwoOfEachFour() {
    // 16x2 -> 4x1: dx = 4 << 16 from (2 << 16) - 32768 (pixel 1), dy = 2 << 16 from 32768
    // (row 0): ScaleARGBDownEven boxes pixels 4j + 1 and 4j + 2 of rows 0 and 1, all four output
    // pixels through SSE2: avg(avg(1, 0), avg(0, 0)) = avg(1, 0) = 1. Pixel 4j, 200, is never
    // read; the reference kernel would give (1 + 2) >> 2 = 0.
    byte[] rgb = new byte[16 * 2 * 3];
    for (int x = 0; x < 16; x += 4) {
      for (int k = 0; k < 3; k++) {
        rgb[x * 3 + k] = (byte) 200;
        rgb[(x + 1) * 3 + k] = 1;
      }
    }

    byte[] out = TensorImage.fromRgb(rgb, 16, 2).resize(4, 1, ResizeMethod.BILINEAR).pixels();

    assertThat(out).containsExactly(asRgb(1, 1, 1, 1));
  }

  @Test
  void grayThreeQuartersRoundsAsSsse3InWholeBlocksOf24() {
    // Rows of 0, 1, 2 and 4. ScalePlaneDown34's first output row blends rows 0 and 1 3:1; the
    // SSSE3 kernel, used for whole blocks of 24 output pixels, averages bytes rounding up,
    // avg(0, avg(0, 1)) = avg(0, 1) = 1; the reference kernel, used for the rest,
    // (3 * 0 + 1 + 2) >> 2 = 0. The other rows agree: avg(1, 2) = (1 + 2 + 1) >> 1 = 2 and
    // avg(4, avg(4, 2)) = (3 * 4 + 2 + 2) >> 2 = 4.
    int[] rows = {0, 1, 2, 4};
    byte[] wide = new byte[32 * 4];
    byte[] narrow = new byte[28 * 4];
    for (int y = 0; y < 4; y++) {
      Arrays.fill(wide, y * 32, (y + 1) * 32, (byte) rows[y]);
      Arrays.fill(narrow, y * 28, (y + 1) * 28, (byte) rows[y]);
    }

    byte[] simd = TensorImage.fromGrayscale(wide, 32, 4)
        .resize(24, 3, ResizeMethod.BILINEAR).pixels();
    byte[] reference = TensorImage.fromGrayscale(narrow, 28, 4)
        .resize(21, 3, ResizeMethod.BILINEAR).pixels();

    assertThat(simd).containsExactly(repeat(24, 1, 2, 4));
    assertThat(reference).containsExactly(repeat(21, 0, 2, 4));
  }

  @Test
  void grayThreeEighthsAveragesBoxesOfThreeAndTwo() {
    // ScalePlaneDown38 on values 10x + 20y, fewer than 6 output pixels a row, so all by the
    // reference kernel: rows 0-2, 3-5 and 6-7, columns 0-2, 3-5 and 6-7, each sum times
    // 65536 / count, shifted down 16; 65536 / 9 * 9 < 65536, so a mean of 30 comes out 29:
    // (270 * 7281) >> 16 = 29, and the last box (780 * 16384) >> 16 = 195.
    byte[] out = rampGray(8, 8, 10, 20).resize(3, 3, ResizeMethod.BILINEAR).pixels();

    assertThat(out).containsExactly(bytes(29, 59, 84, 89, 119, 144, 139, 169, 195));
  }

  @Test
  void nearestThreeEighthsPicksOtherPixelsForGrayThanForRgb() {
    // ScalePlaneDown38 unfiltered takes pixels 0, 3 and 6 of each 8 (rows likewise). ARGB has no
    // such path: point sampling steps dx = (8 << 16) / 3 = 174762 from dx / 2 = 87381, so
    // positions 87381, 262143, 436905 take pixels 1, 3 and 6. Values 10x + 20y.
    byte[] gray = rampGray(8, 8, 10, 20).resize(3, 3, ResizeMethod.NEAREST_NEIGHBOR).pixels();
    byte[] rgb = rampRgb(8, 8, 10, 20).resize(3, 3, ResizeMethod.NEAREST_NEIGHBOR).pixels();

    assertThat(gray).containsExactly(bytes(0, 30, 60, 60, 90, 120, 120, 150, 180));
    assertThat(rgb).containsExactly(asRgb(30, 50, 80, 70, 90, 120, 130, 150, 180));
  }

  /** {@code width} copies of each of {@code rowValues}, row after row. */
  private static byte[] repeat(int width, int... rowValues) {
    byte[] out = new byte[width * rowValues.length];
    for (int y = 0; y < rowValues.length; y++) {
      Arrays.fill(out, y * width, (y + 1) * width, (byte) rowValues[y]);
    }
    return out;
  }
}
