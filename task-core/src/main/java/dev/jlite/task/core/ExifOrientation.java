package dev.jlite.task.core;

/**
 * Reads the orientation tag (0x0112) from the EXIF block (APP1 "Exif") of a JPEG file. Any
 * structure that is missing, truncated or malformed means "no orientation": a picture must not
 * fail to load because of its metadata.
 */
final class ExifOrientation {
  private static final int TAG_ORIENTATION = 0x0112;
  private static final int TYPE_SHORT = 3;

  private ExifOrientation() {}

  /** The EXIF orientation 1..8 of a JPEG file, or 0 if it has none (or is not a JPEG). */
  static int read(byte[] file) {
    if (file.length < 4 || u8(file, 0) != 0xFF || u8(file, 1) != 0xD8) {
      return 0;
    }
    int pos = 2;
    while (pos + 4 <= file.length) {
      if (u8(file, pos) != 0xFF) {
        return 0;
      }
      int marker = u8(file, pos + 1);
      if (marker == 0xFF) {
        pos++;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return 0;
      }
      int length = (u8(file, pos + 2) << 8) | u8(file, pos + 3);
      if (length < 2 || pos + 2 + length > file.length) {
        return 0;
      }
      if (marker == 0xE1 && length >= 8 && isExifHeader(file, pos + 4)) {
        return fromTiff(file, pos + 10, pos + 2 + length);
      }
      pos += 2 + length;
    }
    return 0;
  }

  private static boolean isExifHeader(byte[] b, int at) {
    return b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f'
        && b[at + 4] == 0 && b[at + 5] == 0;
  }

  /** Reads the tag from IFD0 of the TIFF structure in {@code [start, end)}. */
  private static int fromTiff(byte[] b, int start, int end) {
    if (start + 8 > end) {
      return 0;
    }
    boolean little;
    if (b[start] == 'I' && b[start + 1] == 'I') {
      little = true;
    } else if (b[start] == 'M' && b[start + 1] == 'M') {
      little = false;
    } else {
      return 0;
    }
    if (u16(b, start + 2, little) != 42) {
      return 0;
    }
    long ifd = u32(b, start + 4, little);
    if (ifd < 8 || start + ifd + 2 > end) {
      return 0;
    }
    int entries = start + (int) ifd;
    int count = u16(b, entries, little);
    for (int i = 0; i < count; i++) {
      int entry = entries + 2 + 12 * i;
      if (entry + 12 > end) {
        return 0;
      }
      if (u16(b, entry, little) == TAG_ORIENTATION) {
        if (u16(b, entry + 2, little) != TYPE_SHORT || u32(b, entry + 4, little) != 1) {
          return 0;
        }
        int value = u16(b, entry + 8, little);
        return value >= 1 && value <= 8 ? value : 0;
      }
    }
    return 0;
  }

  private static int u8(byte[] b, int at) {
    return b[at] & 0xFF;
  }

  private static int u16(byte[] b, int at, boolean little) {
    return little ? u8(b, at) | (u8(b, at + 1) << 8) : (u8(b, at) << 8) | u8(b, at + 1);
  }

  private static long u32(byte[] b, int at, boolean little) {
    long lo = u16(b, at, little);
    long hi = u16(b, at + 2, little);
    return little ? lo | (hi << 16) : (lo << 16) | hi;
  }
}
