package dev.jlite.task.core;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An 8-bit image: RGB (3 bytes per pixel, row-major) or grayscale (1 byte per pixel). Immutable:
 * the pixels are copied in and out.
 *
 * <p>Files are decoded with {@code javax.imageio} (JPEG, PNG, BMP, GIF; the first frame of an
 * animation); transparency is dropped. The EXIF orientation of a JPEG is applied only when asked
 * ({@link #load(Path, boolean)}); vision tasks instead take the orientation as an option ({@link
 * ImageProcessingOptions}), which {@link #exifOrientation(Path)} reads.
 */
public final class TensorImage {
  /** The largest image decoded from a file: 64 megapixels (an 8-by-8k picture). */
  public static final long MAX_PIXELS = 64L << 20;

  private static final int MAX_SCALED_SIDE = 32768;

  private final int width;
  private final int height;
  private final ColorSpaceType colorSpace;
  private final byte[] pixels;

  private TensorImage(int width, int height, ColorSpaceType colorSpace, byte[] pixels) {
    this.width = width;
    this.height = height;
    this.colorSpace = colorSpace;
    this.pixels = pixels;
  }

  /**
   * An RGB image from interleaved R, G, B bytes, row by row.
   *
   * @throws InvalidInputException if the size is not positive or the byte count is not
   *     {@code width * height * 3}
   */
  public static TensorImage fromRgb(byte[] rgb, int width, int height) {
    return fromPixels(rgb, width, height, ColorSpaceType.RGB);
  }

  /**
   * A grayscale image from one byte per pixel, row by row.
   *
   * @throws InvalidInputException if the size is not positive or the byte count is not
   *     {@code width * height}
   */
  public static TensorImage fromGrayscale(byte[] gray, int width, int height) {
    return fromPixels(gray, width, height, ColorSpaceType.GRAYSCALE);
  }

  private static TensorImage fromPixels(byte[] data, int width, int height, ColorSpaceType cs) {
    Objects.requireNonNull(data, "pixels");
    if (width <= 0 || height <= 0) {
      throw new InvalidInputException("image size must be positive, got " + width + "x" + height);
    }
    long expected = (long) width * height * cs.channels();
    if (data.length != expected) {
      throw new InvalidInputException("a " + width + "x" + height + " " + cs + " image needs "
          + expected + " bytes, got " + data.length);
    }
    return new TensorImage(width, height, cs, data.clone());
  }

  /**
   * The pixels of a {@link BufferedImage} as RGB (a grayscale image of type {@code TYPE_BYTE_GRAY}
   * stays grayscale, its values unchanged).
   */
  public static TensorImage fromBufferedImage(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      byte[] gray = new byte[w * h];
      image.getRaster().getDataElements(0, 0, w, h, gray);
      return new TensorImage(w, h, ColorSpaceType.GRAYSCALE, gray);
    }
    byte[] rgb = new byte[w * h * 3];
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getRaster().getDataBuffer() instanceof DataBufferByte
        && image.getRaster().getParent() == null) {
      byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      if (bgr.length == rgb.length) {
        for (int i = 0; i < rgb.length; i += 3) {
          rgb[i] = bgr[i + 2];
          rgb[i + 1] = bgr[i + 1];
          rgb[i + 2] = bgr[i];
        }
        return new TensorImage(w, h, ColorSpaceType.RGB, rgb);
      }
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = (y * w + x) * 3;
        rgb[p] = (byte) (row[x] >> 16);
        rgb[p + 1] = (byte) (row[x] >> 8);
        rgb[p + 2] = (byte) row[x];
      }
    }
    return new TensorImage(w, h, ColorSpaceType.RGB, rgb);
  }

  /**
   * Decodes an image file (JPEG, PNG, BMP or GIF) as stored, ignoring any EXIF orientation.
   *
   * @throws IOException if the file cannot be read (for example {@link
   *     java.nio.file.NoSuchFileException})
   * @throws InvalidInputException if the file is not an image in a supported format, is corrupt,
   *     or has more than {@link #MAX_PIXELS} pixels
   */
  public static TensorImage load(Path path) throws IOException {
    return load(path, false);
  }

  /**
   * Decodes an image file; with {@code applyExifOrientation}, a JPEG's EXIF orientation is applied
   * so that the result is upright.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidInputException if the file is not an image in a supported format or is corrupt
   */
  public static TensorImage load(Path path, boolean applyExifOrientation) throws IOException {
    byte[] file = Files.readAllBytes(path);
    TensorImage image = decode(file, path.toString());
    int exif = ExifOrientation.read(file);
    if (applyExifOrientation && exif > 1) {
      return image.orient(Orientation.fromExif(exif), Orientation.TOP_LEFT);
    }
    return image;
  }

  /**
   * Decodes an encoded image (JPEG, PNG, BMP or GIF) held in memory, as stored.
   *
   * @throws InvalidInputException if the bytes are not an image in a supported format or corrupt
   */
  public static TensorImage decode(byte[] encoded) {
    return decode(encoded, "image data");
  }

  private static TensorImage decode(byte[] encoded, String source) {
    if (JpegDecoder.isJpeg(encoded)) {
      // Our own decoder, because it reproduces stb_image's pixels, which the official Task
      // Library results were computed from; javax.imageio differs by a few levels per channel.
      JpegDecoder.Decoded jpeg = JpegDecoder.decode(encoded, source, MAX_PIXELS);
      ColorSpaceType cs = jpeg.channels() == 1 ? ColorSpaceType.GRAYSCALE : ColorSpaceType.RGB;
      return new TensorImage(jpeg.width(), jpeg.height(), cs, jpeg.pixels());
    }
    BufferedImage image;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new InvalidInputException(source + ": not a JPEG, PNG, BMP or GIF image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        // The header alone can claim any size; refuse before allocating the pixels.
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS) {
          throw new InvalidInputException(source + ": the image is " + reader.getWidth(0) + "x"
              + reader.getHeight(0) + ", more than " + MAX_PIXELS + " pixels");
        }
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidInputException invalid) {
        throw invalid;
      }
      throw new InvalidInputException(source + ": cannot decode the image (" + reason(e) + ")", e);
    }
    if (image.getWidth() <= 0 || image.getHeight() <= 0) {
      throw new InvalidInputException(source + ": the image has no pixels");
    }
    return fromBufferedImage(image);
  }

  private static String reason(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * The EXIF orientation a JPEG file records, or {@link Orientation#TOP_LEFT} if it records none
   * (or is not a JPEG).
   *
   * @throws IOException if the file cannot be read
   */
  public static Orientation exifOrientation(Path path) throws IOException {
    int exif = ExifOrientation.read(Files.readAllBytes(path));
    return exif == 0 ? Orientation.TOP_LEFT : Orientation.fromExif(exif);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public ColorSpaceType colorSpace() {
    return colorSpace;
  }

  /** A copy of the pixels: row-major, {@link ColorSpaceType#channels()} bytes per pixel. */
  public byte[] pixels() {
    return pixels.clone();
  }

  /** This image in RGB: itself if it is RGB, otherwise each gray value repeated three times. */
  public TensorImage toRgb() {
    if (colorSpace == ColorSpaceType.RGB) {
      return this;
    }
    byte[] rgb = new byte[pixels.length * 3];
    for (int i = 0; i < pixels.length; i++) {
      rgb[3 * i] = pixels[i];
      rgb[3 * i + 1] = pixels[i];
      rgb[3 * i + 2] = pixels[i];
    }
    return new TensorImage(width, height, ColorSpaceType.RGB, rgb);
  }

  /** The pixels of the region {@code r}, which must lie inside the image. */
  public TensorImage crop(Rect r) {
    if (!r.isInside(width, height)) {
      throw new InvalidInputException("crop region " + r + " is not inside the " + width + "x"
          + height + " image");
    }
    int c = colorSpace.channels();
    byte[] out = new byte[r.width() * r.height() * c];
    for (int y = 0; y < r.height(); y++) {
      System.arraycopy(pixels, ((r.top() + y) * width + r.left()) * c, out, y * r.width() * c,
          r.width() * c);
    }
    return new TensorImage(r.width(), r.height(), colorSpace, out);
  }

  /**
   * The same picture stored in orientation {@code to}, given that this image is stored in
   * orientation {@code from}; {@code orient(o, TOP_LEFT)} makes an image stored as {@code o}
   * upright.
   */
  public TensorImage orient(Orientation from, Orientation to) {
    if (from == to) {
      return this;
    }
    boolean swap = from.swapsDimensions(to);
    int outWidth = swap ? height : width;
    int c = colorSpace.channels();
    byte[] out = new byte[pixels.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int[] p = from.mapPoint(x, y, width, height, to);
        System.arraycopy(pixels, (y * width + x) * c, out, (p[1] * outWidth + p[0]) * c, c);
      }
    }
    return new TensorImage(outWidth, swap ? width : height, colorSpace, out);
  }

  /**
   * The image resized to {@code newWidth} x {@code newHeight}, bit for bit as libyuv on x86-64
   * resizes it for TFLite's task library ({@code ARGBScale} for RGB, {@code ScalePlane} for
   * grayscale, with {@code kFilterBilinear} or {@code kFilterNone}). Bilinear sampling puts sample
   * positions at pixel centres when shrinking an axis ({@code (i + 0.5) * src / dst - 0.5}) and
   * maps the first and last pixels onto the first and last when enlarging, in libyuv's 16.16
   * fixed point with its 8-bit row and 7-bit column fractions; like libyuv it takes 2x2 boxes for
   * even integer ratios, point-samples odd integer ratios and 1-pixel-wide sources, and has fixed
   * kernels for grayscale 3/4 and 3/8. Nearest neighbour takes the pixel under the centre of each
   * output pixel.
   *
   * @throws IllegalArgumentException if a size is not positive
   * @throws InvalidInputException if the image is to change size and is more than 32768 pixels
   *     wide or high, libyuv's limit (its 16.16 positions overflow beyond it)
   */
  public TensorImage resize(int newWidth, int newHeight, ResizeMethod method) {
    if (newWidth <= 0 || newHeight <= 0) {
      throw new IllegalArgumentException(
          "resize target must be positive, got " + newWidth + "x" + newHeight);
    }
    if (newWidth == width && newHeight == height) {
      return this;
    }
    if (width > MAX_SCALED_SIDE || height > MAX_SCALED_SIDE) {
      throw new InvalidInputException("cannot resize a " + width + "x" + height
          + " image: libyuv, which TFLite's task library resizes with, takes at most "
          + MAX_SCALED_SIDE + " pixels a side");
    }
    byte[] out = method == ResizeMethod.BILINEAR
        ? Resizer.bilinear(pixels, width, height, colorSpace.channels(), newWidth, newHeight)
        : Resizer.nearest(pixels, width, height, colorSpace.channels(), newWidth, newHeight);
    return new TensorImage(newWidth, newHeight, colorSpace, out);
  }

  /** The image as a {@link BufferedImage} of type {@code TYPE_INT_RGB}. */
  public BufferedImage toBufferedImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int c = colorSpace.channels();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = (y * width + x) * c;
        int r = pixels[p] & 0xFF;
        int g = pixels[p + (c == 3 ? 1 : 0)] & 0xFF;
        int b = pixels[p + (c == 3 ? 2 : 0)] & 0xFF;
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }
}
