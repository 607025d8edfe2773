package dev.jlite.task.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExifOrientationTest {
  /** An APP1 Exif segment whose IFD0 holds one entry: orientation (SHORT, count 1). */
  static byte[] app1(int orientation, boolean littleEndian) {
    byte[] tiff = new byte[8 + 2 + 12 + 4];
    tiff[0] = tiff[1] = (byte) (littleEndian ? 'I' : 'M');
    put16(tiff, 2, 42, littleEndian);
    put32(tiff, 4, 8, littleEndian);
    put16(tiff, 8, 1, littleEndian);
    put16(tiff, 10, 0x0112, littleEndian);
    put16(tiff, 12, 3, littleEndian);
    put32(tiff, 14, 1, littleEndian);
    put16(tiff, 18, orientation, littleEndian);
    int length = 2 + 6 + tiff.length;
    byte[] segment = new byte[2 + length];
    segment[0] = (byte) 0xFF;
    segment[1] = (byte) 0xE1;
    segment[2] = (byte) (length >> 8);
    segment[3] = (byte) length;
    System.arraycopy(new byte[] {'E', 'x', 'i', 'f', 0, 0}, 0, segment, 4, 6);
    System.arraycopy(tiff, 0, segment, 10, tiff.length);
    return segment;
  }

  private static void put16(byte[] b, int at, int v, boolean little) {
    b[at + (little ? 0 : 1)] = (byte) v;
    b[at + (little ? 1 : 0)] = (byte) (v >> 8);
  }

  private static void put32(byte[] b, int at, int v, boolean little) {
    put16(b, at + (little ? 0 : 2), v & 0xFFFF, little);
    put16(b, at + (little ? 2 : 0), v >>> 16, little);
  }

  /** A JPEG written by ImageIO with an EXIF segment inserted right after its SOI marker. */
  static byte[] jpegWithExif(BufferedImage image, int orientation) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    byte[] jpeg = out.toByteArray();
    byte[] exif = app1(orientation, false);
    byte[] result = new byte[jpeg.length + exif.length];
    System.arraycopy(jpeg, 0, result, 0, 2);
    System.arraycopy(exif, 0, result, 2, exif.length);
    System.arraycopy(jpeg, 2, result, 2 + exif.length, jpeg.length - 2);
    return result;
  }

  private static byte[] soiPlus(byte[] segment) {
    byte[] file = new byte[2 + segment.length + 2];
    file[0] = (byte) 0xFF;
    file[1] = (byte) 0xD8;
    System.arraycopy(segment, 0, file, 2, segment.length);
    file[file.length - 2] = (byte) 0xFF;
    file[file.length - 1] = (byte) 0xD9;
    return file;
  }

  @Test
  void readsBothByteOrders() {
    assertThat(ExifOrientation.read(soiPlus(app1(6, true)))).isEqualTo(6);
    assertThat(ExifOrientation.read(soiPlus(app1(8, false)))).isEqualTo(8);
  }

  @Test
  void missingTruncatedOrInvalidMeansNone() {
    byte[] file = soiPlus(app1(3, true));
    assertThat(ExifOrientation.read(new byte[] {(byte) 0xFF, (byte) 0xD8})).isZero();
    assertThat(ExifOrientation.read(Arrays.copyOf(file, 20))).isZero();
    assertThat(ExifOrientation.read(soiPlus(app1(9, true)))).isZero();
    assertThat(ExifOrientation.read("not a jpeg".getBytes())).isZero();
  }

  @Test
  void loadAppliesTheOrientationOnlyWhenAsked(@TempDir Path dir) throws Exception {
    BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_3BYTE_BGR);
    Path file = dir.resolve("rotated.jpg");
    Files.write(file, jpegWithExif(image, 6));

    assertThat(TensorImage.exifOrientation(file)).isEqualTo(Orientation.RIGHT_TOP);
    TensorImage stored = TensorImage.load(file);
    TensorImage upright = TensorImage.load(file, true);

    assertThat(stored.width()).isEqualTo(4);
    assertThat(upright.width()).isEqualTo(2);
    assertThat(upright.height()).isEqualTo(4);
  }
}
