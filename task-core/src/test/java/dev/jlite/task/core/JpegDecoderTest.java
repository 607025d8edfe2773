package dev.jlite.task.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decoder against stb_image 2.26 (x86-64, default flags, {@code stbi_load} with the native
 * channel count): the official Task Library tests decode their images with it. The hashes are
 * SHA-256 digests of stb_image's output (RGB, or gray for one component) for each file, taken
 * once from a build of stb_image.
 */
class JpegDecoderTest {

  private static final Path IMAGES = Path.of("..", "testdata", "images");

  private static byte[] read(String name) throws Exception {
    return Files.readAllBytes(IMAGES.resolve(name));
  }

  private static JpegDecoder.Decoded decode(byte[] data) {
    return JpegDecoder.decode(data, "test.jpg", TensorImage.MAX_PIXELS);
  }

  @ParameterizedTest
  @CsvSource({
    // baseline, 1x1 sampling
    "burger.jpg, 480, 325, a7cf5d9b652c0d7a1e551486aa65fc46ced307275c2a92a70d4dde9ca6317574",
    // baseline, 2x2 sampling
    "girl.jpg, 192, 192, 4dfdff1f6042810027f7783c7081fb0ba95950d05b7b004609973e7a54a22c3b",
    "segmentation_input_rotation0.jpg, 257, 257, "
        + "a5a9e2cd56537413185a1a35e1a268fd5cf0214141d6a82f2be83b0b957f77d5",
    // progressive
    "cats_and_dogs.jpg, 1200, 600, "
        + "8c61b91411151573e4bbe4937a8ce71ca08dde8d640cebae0fd2140b3e8771df",
    "multi_objects.jpg, 902, 358, "
        + "06d6148ef878c73c71295534069e02a7aa5857ba348c92af33315d501eadd93c",
    // small re-encodings for the other layouts; grayscale ones decode to 1 channel
    "jpeg/gray.jpg, 61, 45, f76d7ff3b373e89d6c555004e5a54ee954e37576d5e1bcbddd5101817f5190ab",
    "jpeg/gray_progressive.jpg, 61, 45, "
        + "f76d7ff3b373e89d6c555004e5a54ee954e37576d5e1bcbddd5101817f5190ab",
    "jpeg/h2v1.jpg, 61, 45, 95b1b1e1e90416ebb233ead771301ab1f4d104a33c9249659f04ed35db9bade9",
    "jpeg/h1v2_restart.jpg, 61, 45, "
        + "b41a909bea20f382fd6d18042ca5c3c724070f2d74af69b241e860092d5afc26",
    "jpeg/h2v2_progressive_restart.jpg, 61, 45, "
        + "143696adbf3da4bdef49c515e79a5d93130657ed0f668ef45953b3d1657afc89"
  })
  void matchesStbImageByteForByte(String name, int width, int height, String sha256)
      throws Exception {
    JpegDecoder.Decoded d = decode(read(name));
    assertThat(d.width()).isEqualTo(width);
    assertThat(d.height()).isEqualTo(height);
    assertThat(d.channels()).isEqualTo(name.contains("gray") ? 1 : 3);
    String digest =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(d.pixels()));
    assertThat(digest).isEqualTo(sha256);
  }

  @Test
  void progressiveMatchesStoredStbDecoding() throws Exception {
    JpegDecoder.Decoded d = decode(read("cats_and_dogs.jpg"));
    BufferedImage png = ImageIO.read(IMAGES.resolve("cats_and_dogs_stb.png").toFile());
    assertThat(png.getWidth()).isEqualTo(d.width());
    assertThat(png.getHeight()).isEqualTo(d.height());
    byte[] expected = new byte[d.pixels().length];
    int o = 0;
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        int p = png.getRGB(x, y);
        expected[o++] = (byte) (p >> 16);
        expected[o++] = (byte) (p >> 8);
        expected[o++] = (byte) p;
      }
    }
    assertThat(d.pixels()).isEqualTo(expected);
  }

  @Test
  void tensorImageLoadKeepsGrayscaleJpegGray() throws Exception {
    TensorImage gray = TensorImage.load(IMAGES.resolve("jpeg/gray.jpg"));
    assertThat(gray.colorSpace()).isEqualTo(ColorSpaceType.GRAYSCALE);
    assertThat(gray.pixels()).isEqualTo(decode(read("jpeg/gray.jpg")).pixels());
    TensorImage rgb = TensorImage.load(IMAGES.resolve("girl.jpg"));
    assertThat(rgb.colorSpace()).isEqualTo(ColorSpaceType.RGB);
    assertThat(rgb.pixels()).isEqualTo(decode(read("girl.jpg")).pixels());
  }

  @Test
  void truncatedDataIsRejected() throws Exception {
    byte[] jpeg = read("burger.jpg");
    for (int len : new int[] {3, 20, 200, jpeg.length / 2, jpeg.length - 2}) {
      byte[] cut = Arrays.copyOf(jpeg, len);
      assertThatThrownBy(() -> decode(cut))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("test.jpg");
    }
  }

  @Test
  void truncatedProgressiveDataIsRejected() throws Exception {
    byte[] jpeg = read("cats_and_dogs.jpg");
    byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 3);
    assertThatThrownBy(() -> decode(cut))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void corruptBytesNeverEscapeAsOtherExceptions() throws Exception {
    byte[] jpeg = read("girl.jpg");
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 300; i++) {
      byte[] bad = jpeg.clone();
      for (int k = 0; k < 4; k++) {
        bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
      }
      try {
        decode(bad);
      } catch (InvalidInputException expected) {
        assertThat(expected.getMessage()).startsWith("test.jpg: ");
      }
    }
  }

  @Test
  void oversizedHeaderIsRejectedBeforeAllocating() throws Exception {
    byte[] jpeg = read("burger.jpg");
    JpegDecoder.Decoded small = decode(jpeg);
    assertThat(small.width()).isEqualTo(480);
    assertThatThrownBy(() -> JpegDecoder.decode(jpeg, "test.jpg", 1000))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("480x325, more than 1000 pixels");
  }

  @Test
  void headerClaimingMoreBlocksThanTheDataHoldsIsRejected() throws Exception {
    byte[] jpeg = read("girl.jpg");
    int sof = 2;
    while ((jpeg[sof + 1] & 0xFF) != 0xC0) {
      sof += 2 + ((jpeg[sof + 2] & 0xFF) << 8 | (jpeg[sof + 3] & 0xFF));
    }
    // 8000x8000 claimed by a file of a few kilobytes.
    jpeg[sof + 5] = (byte) 0x1F;
    jpeg[sof + 6] = (byte) 0x40;
    jpeg[sof + 7] = (byte) 0x1F;
    jpeg[sof + 8] = (byte) 0x40;
    byte[] claimed = jpeg;
    assertThatThrownBy(() -> decode(claimed))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot hold a 8000x8000 image");
  }

  @Test
  void nonJpegIsRejected() throws Exception {
    assertThatThrownBy(() -> decode(read("sparrow.png")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a JPEG");
  }
}
