package dev.jlite.task.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorImageTest {
  @Test
  void pngRoundTripKeepsRgbValues(@TempDir Path dir) throws Exception {
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0x102030);
    image.setRGB(1, 0, 0xFFEE01);
    Path file = dir.resolve("two.png");
    ImageIO.write(image, "png", file.toFile());

    TensorImage loaded = TensorImage.load(file);

    assertThat(loaded.colorSpace()).isEqualTo(ColorSpaceType.RGB);
    assertThat(loaded.pixels()).containsExactly(0x10, 0x20, 0x30, 0xFF, 0xEE, 0x01);
  }

  @Test
  void grayscaleStaysGrayAndUnchanged(@TempDir Path dir) throws Exception {
    BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, 3, 1, new byte[] {0, 100, (byte) 200});
    Path file = dir.resolve("gray.png");
    ImageIO.write(image, "png", file.toFile());

    TensorImage loaded = TensorImage.load(file);

    assertThat(loaded.colorSpace()).isEqualTo(ColorSpaceType.GRAYSCALE);
    assertThat(loaded.pixels()).containsExactly(0, 100, 200);
    assertThat(loaded.toRgb().pixels()).containsExactly(0, 0, 0, 100, 100, 100, 200, 200, 200);
  }

  @Test
  void decodesTheBundledImages() throws Exception {
    Path images = Path.of("..", "testdata", "images");
    TensorImage burger = TensorImage.load(images.resolve("burger.jpg"));
    TensorImage sparrow = TensorImage.load(images.resolve("sparrow.png"));

    assertThat(burger.width()).isEqualTo(480);
    assertThat(burger.height()).isEqualTo(325);
    assertThat(sparrow.width()).isEqualTo(1280);
    assertThat(sparrow.colorSpace()).isEqualTo(ColorSpaceType.RGB);
  }

  @Test
  void missingFileIsAnIoError(@TempDir Path dir) {
    assertThatThrownBy(() -> TensorImage.load(dir.resolve("nope.jpg")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void corruptFileIsInvalidInput(@TempDir Path dir) throws Exception {
    Path text = dir.resolve("text.jpg");
    Files.writeString(text, "this is not an image");
    assertThatThrownBy(() -> TensorImage.load(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("text.jpg")
        .hasMessageContaining("not a JPEG, PNG, BMP or GIF image");

    byte[] jpeg = Files.readAllBytes(Path.of("..", "testdata", "images", "burger.jpg"));
    byte[] broken = Arrays.copyOf(jpeg, 600);
    Arrays.fill(broken, 300, 600, (byte) 0xFF);
    Path truncated = dir.resolve("broken.jpg");
    Files.write(truncated, broken);
    assertThatThrownBy(() -> TensorImage.load(truncated))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("broken.jpg");
  }

  @Test
  void hugeImagesAreRefusedBeforeDecoding() throws Exception {
    byte[] header = Files.readAllBytes(Path.of("src/test/resources/dev/jlite/task/core/"
        + "ImageDecodingFuzzTestInputs/decode/huge_png_header"));

    assertThatThrownBy(() -> TensorImage.decode(header))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("100000x100000, more than 67108864 pixels");
  }

  @Test
  void rawPixelsMustMatchTheSize() {
    assertThatThrownBy(() -> TensorImage.fromRgb(new byte[5], 1, 2))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("needs 6 bytes, got 5");
    assertThatThrownBy(() -> TensorImage.fromGrayscale(new byte[0], 0, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void cropKeepsTheRegionAndChecksBounds() {
    TensorImage image = TensorImage.fromGrayscale(new byte[] {1, 2, 3, 4, 5, 6}, 3, 2);

    assertThat(image.crop(Rect.of(1, 0, 2, 2)).pixels()).containsExactly(2, 3, 5, 6);
    assertThatThrownBy(() -> image.crop(Rect.of(2, 0, 2, 2)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not inside the 3x2 image");
  }

  @Test
  void bilinearSamplesPixelCentresWhenShrinking() {
    TensorImage row = TensorImage.fromGrayscale(new byte[] {0, 100, (byte) 200, (byte) 250}, 4, 1);

    // One row: libyuv's linear filter at 16.16 positions 0.5 and 2.5 (7-bit fraction 64):
    // 0 + ((64 * 100 + 64) >> 7) = 50 and 200 + ((64 * 50 + 64) >> 7) = 225.
    assertThat(row.resize(2, 1, ResizeMethod.BILINEAR).pixels())
        .containsExactly(50, (byte) 225);
  }

  @Test
  void bilinearInterpolatesBothAxes() {
    // 2x2 -> 3x3 enlarges: steps of ((2 << 16) - 0x10001) / 2 = 32767 from 0 put the middle at
    // fractions 63/128 and 127/256, close to the mean of the four corners; libyuv's rounding
    // lands on it.
    TensorImage square = TensorImage.fromGrayscale(new byte[] {0, 40, 80, 120}, 2, 2);

    byte[] out = square.resize(3, 3, ResizeMethod.BILINEAR).pixels();

    assertThat(out).containsExactly(0, 20, 40, 40, 60, 80, 80, 100, 120);
  }

  @Test
  void nearestTakesThePixelUnderEachCentre() {
    TensorImage row = TensorImage.fromGrayscale(new byte[] {0, 100, (byte) 200, (byte) 250}, 4, 1);

    assertThat(row.resize(2, 1, ResizeMethod.NEAREST_NEIGHBOR).pixels())
        .containsExactly(100, (byte) 250);
  }
}
