package dev.jlite.metadata;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes and locates the zip of associated files that follows a model's flatbuffer. The archive is
 * what the official populators write (stored entries, offsets from the start of the file, no
 * comment, no Zip64) but reproducible: every entry is stamped 1980-01-01 00:00, the earliest DOS
 * time, and entries keep the caller's order.
 */
final class StoredZip {
  private static final int LOCAL_SIGNATURE = 0x04034b50;
  private static final int CENTRAL_SIGNATURE = 0x02014b50;
  private static final int END_SIGNATURE = 0x06054b50;
  private static final int END_SIZE = 22;
  private static final int DOS_DATE_1980_01_01 = (1 << 5) | 1;
  private static final int VERSION = 20;
  private static final int MADE_BY_UNIX = 3 << 8 | VERSION;
  private static final int UTF8_FLAG = 0x800;
  private static final int REGULAR_FILE_RW_R_R = 0100644 << 16;

  private StoredZip() {}

  /**
   * The archive of {@code files} (name to bytes, in order) as it must be appended to a file of
   * {@code prefixLength} bytes: header offsets count from the start of that file.
   */
  static byte[] write(Map<String, byte[]> files, long prefixLength) {
    if (files.size() > 0xFFFF) {
      throw new MetadataException(files.size() + " associated files; a zip without Zip64 holds"
          + " at most 65535");
    }
    ByteArrayOutputStream local = new ByteArrayOutputStream();
    ByteArrayOutputStream central = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      byte[] name = file.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] data = file.getValue();
      CRC32 crc = new CRC32();
      crc.update(data);
      long offset = prefixLength + local.size();
      checkZip32(offset + 30 + name.length + data.length);
      int flags = isAscii(file.getKey()) ? 0 : UTF8_FLAG;
      ByteBuffer header = le(30);
      header.putInt(LOCAL_SIGNATURE).putShort((short) VERSION).putShort((short) flags)
          .putShort((short) 0).putShort((short) 0).putShort((short) DOS_DATE_1980_01_01)
          .putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
          .putShort((short) name.length).putShort((short) 0);
      local.writeBytes(header.array());
      local.writeBytes(name);
      local.writeBytes(data);
      ByteBuffer entry = le(46);
      entry.putInt(CENTRAL_SIGNATURE).putShort((short) MADE_BY_UNIX).putShort((short) VERSION)
          .putShort((short) flags).putShort((short) 0).putShort((short) 0)
          .putShort((short) DOS_DATE_1980_01_01).putInt((int) crc.getValue())
          .putInt(data.length).putInt(data.length).putShort((short) name.length)
          .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0)
          .putInt(REGULAR_FILE_RW_R_R).putInt((int) offset);
      central.writeBytes(entry.array());
      central.writeBytes(name);
    }
    long directoryOffset = prefixLength + local.size();
    checkZip32(directoryOffset + central.size() + END_SIZE);
    ByteBuffer end = le(END_SIZE);
    end.putInt(END_SIGNATURE).putShort((short) 0).putShort((short) 0)
        .putShort((short) files.size()).putShort((short) files.size()).putInt(central.size())
        .putInt((int) directoryOffset).putShort((short) 0);
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    archive.writeBytes(local.toByteArray());
    archive.writeBytes(central.toByteArray());
    archive.writeBytes(end.array());
    return archive.toByteArray();
  }

  /**
   * Where the archive appended to {@code file} starts (its first local header, or its central
   * directory when it has no entries), or the file's length if there is none. The archive must
   * have been verified already ({@link dev.jlite.schema.MetadataExtractor#of} does).
   */
  static int start(ByteBuffer file) {
    ByteBuffer bb = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int size = bb.limit();
    for (int pos = size - END_SIZE; pos >= Math.max(0, size - END_SIZE - 0xFFFF); pos--) {
      if (bb.getInt(pos) != END_SIGNATURE
          || pos + END_SIZE + Short.toUnsignedInt(bb.getShort(pos + 20)) != size) {
        continue;
      }
      int entries = Short.toUnsignedInt(bb.getShort(pos + 10));
      int directoryStart = pos - bb.getInt(pos + 12);
      long prefix = directoryStart - Integer.toUnsignedLong(bb.getInt(pos + 16));
      long start = directoryStart;
      int cursor = directoryStart;
      for (int i = 0; i < entries; i++) {
        start = Math.min(start, prefix + Integer.toUnsignedLong(bb.getInt(cursor + 42)));
        cursor += 46 + Short.toUnsignedInt(bb.getShort(cursor + 28))
            + Short.toUnsignedInt(bb.getShort(cursor + 30))
            + Short.toUnsignedInt(bb.getShort(cursor + 32));
      }
      return (int) start;
    }
    return size;
  }

  private static void checkZip32(long offset) {
    if (offset > 0xFFFF_FFFFL) {
      throw new MetadataException("model and associated files exceed 4 GiB, which needs Zip64");
    }
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
