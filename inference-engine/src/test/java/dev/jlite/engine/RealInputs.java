package dev.jlite.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Real inputs from {@code testdata/}: images scaled to a model's input, speech samples. */
final class RealInputs {
  static final Path TESTDATA = Path.of("..", "testdata");

  private RealInputs() {}

  /** The RGB bytes (row-major, 3 per pixel) of an image scaled bilinearly to the given size. */
  static byte[] rgb(String name, int height, int width) throws IOException {
    BufferedImage source = ImageIO.read(TESTDATA.resolve("images").resolve(name).toFile());
    BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
        RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(source, 0, 0, width, height, null);
    g.dispose();
    byte[] pixels = new byte[height * width * 3];
    int i = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = scaled.getRGB(x, y);
        for (int shift = 16; shift >= 0; shift -= 8) {
          pixels[i++] = (byte) (rgb >> shift);
        }
      }
    }
    return pixels;
  }

  /** An image scaled to the input size as little-endian floats in [-1, 1]. */
  static byte[] floatImage(String name, int height, int width) throws IOException {
    byte[] pixels = rgb(name, height, width);
    ByteBuffer b = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (byte p : pixels) {
      b.putFloat((p & 0xff) / 127.5f - 1f);
    }
    return b.array();
  }

  /**
   * The first {@code samples} samples of a 16-bit PCM mono WAV file as little-endian floats in
   * [-1, 1) ({@code sample / 32768}), as YAMNet expects its waveform.
   */
  static byte[] waveform(String name, int samples) throws IOException {
    ByteBuffer wav = ByteBuffer.wrap(Files.readAllBytes(TESTDATA.resolve("audio").resolve(name)))
        .order(ByteOrder.LITTLE_ENDIAN);
    int chunk = 12;
    while (wav.getInt(chunk) != 0x61746164) {
      chunk += 8 + wav.getInt(chunk + 4);
    }
    assertThat(wav.getInt(chunk + 4)).isGreaterThanOrEqualTo(samples * 2);
    ByteBuffer b = ByteBuffer.allocate(samples * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      b.putFloat(wav.getShort(chunk + 8 + 2 * i) / 32768f);
    }
    return b.array();
  }
}
