package dev.jlite.schema;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Hand-made stored zip archives to append to a model, laid out as Python's zipfile writes them,
 * with the offsets of every header so that tests can break exactly one field.
 */
final class ZipBytes {
  /** An archive and where its parts start, relative to the archive's first byte. */
  record Layout(byte[] bytes, int[] local, int[] central, int directory, int end) {
    /** Writes a little-endian 16-bit value. */
    Layout u16(int pos, int value) {
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(pos, (short) value);
      return this;
    }

    /** Writes a little-endian 32-bit value. */
    Layout u32(int pos, long value) {
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(pos, (int) value);
      return this;
    }
  }

  // Field offsets inside the three header kinds.
  static final int CENTRAL_FLAGS = 8;
  static final int CENTRAL_METHOD = 10;
  static final int CENTRAL_COMPRESSED_SIZE = 20;
  static final int CENTRAL_SIZE = 24;
  static final int CENTRAL_NAME_LENGTH = 28;
  static final int CENTRAL_LOCAL_OFFSET = 42;
  static final int END_DISK = 4;
  static final int END_ENTRIES_ON_DISK = 8;
  static final int END_ENTRIES = 10;
  static final int END_DIRECTORY_SIZE = 12;
  static final int END_DIRECTORY_OFFSET = 16;
  static final int END_COMMENT_LENGTH = 20;

  private final List<byte[]> names = new ArrayList<>();
  private final List<byte[]> contents = new ArrayList<>();
  private byte[] comment = new byte[0];

  ZipBytes add(String name, String content) {
    return add(name.getBytes(StandardCharsets.UTF_8), content.getBytes(StandardCharsets.UTF_8));
  }

  ZipBytes add(byte[] name, byte[] content) {
    names.add(name);
    contents.add(content);
    return this;
  }

  ZipBytes comment(byte[] comment) {
    this.comment = comment;
    return this;
  }

  /**
   * Lays the archive out to follow {@code base} bytes of model: offsets are absolute file offsets
   * if {@code base} is the model's length (Python's append mode), relative to the archive if 0.
   */
  Layout build(int base) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = names.size();
    int[] local = new int[n];
    for (int i = 0; i < n; i++) {
      local[i] = out.size();
      ByteBuffer h = header(30 + names.get(i).length);
      h.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0)
          .putInt(0).putInt((int) crc(contents.get(i)))
          .putInt(contents.get(i).length).putInt(contents.get(i).length)
          .putShort((short) names.get(i).length).putShort((short) 0).put(names.get(i));
      out.writeBytes(h.array());
      out.writeBytes(contents.get(i));
    }
    int directory = out.size();
    int[] central = new int[n];
    for (int i = 0; i < n; i++) {
      central[i] = out.size();
      ByteBuffer h = header(46 + names.get(i).length);
      h.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
          .putShort((short) 0).putInt(0).putInt((int) crc(contents.get(i)))
          .putInt(contents.get(i).length).putInt(contents.get(i).length)
          .putShort((short) names.get(i).length).putShort((short) 0).putShort((short) 0)
          .putShort((short) 0).putShort((short) 0).putInt(0).putInt(base + local[i])
          .put(names.get(i));
      out.writeBytes(h.array());
    }
    int end = out.size();
    ByteBuffer h = header(22 + comment.length);
    h.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) n)
        .putShort((short) n).putInt(end - directory).putInt(base + directory)
        .putShort((short) comment.length).put(comment);
    out.writeBytes(h.array());
    return new Layout(out.toByteArray(), local, central, directory, end);
  }

  private static ByteBuffer header(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static long crc(byte[] content) {
    CRC32 crc = new CRC32();
    crc.update(content);
    return crc.getValue();
  }
}
