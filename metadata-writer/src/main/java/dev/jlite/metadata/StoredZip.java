package dev.jlite.metadata;

import dev.jlite.schema.InvalidModelException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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

  /** The archive appended to a model: where it starts, and its files by name in order. */
  record Archive(int start, Map<String, byte[]> files) {}

  /**
   * The stored archive at the end of {@code file} (position 0 to limit), or an empty one starting
   * at the limit if there is none. Every offset is checked before it is followed.
   *
   * @throws InvalidModelException if an archive is there but malformed or not stored-only
   */
  static Archive read(ByteBuffer file) {
    ByteBuffer bb = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int size = bb.limit();
    // The same search as MetadataExtractor's: the record must reach exactly to the end of the
    // file, and a signature that does not is a broken archive, not the absence of one.
    int nearest = -1;
    for (int end = size - 4; end >= Math.max(0, size - END_SIZE - 0xFFFF); end--) {
      if (bb.getInt(end) != END_SIGNATURE) {
        continue;
      }
      if (nearest < 0) {
        nearest = end;
      }
      if (end + END_SIZE <= size
          && end + END_SIZE + Short.toUnsignedInt(bb.getShort(end + 20)) == size) {
        return read(bb, end);
      }
    }
    if (nearest >= 0) {
      throw broken("the end-of-central-directory signature at offset " + nearest
          + " starts no complete record that reaches the end of the file");
    }
    return new Archive(size, Map.of());
  }

  private static Archive read(ByteBuffer bb, int end) {
    int entries = Short.toUnsignedInt(bb.getShort(end + 10));
    long directorySize = Integer.toUnsignedLong(bb.getInt(end + 12));
    long directoryStart = end - directorySize;
    long prefix = directoryStart - Integer.toUnsignedLong(bb.getInt(end + 16));
    if (directoryStart < 0 || prefix < 0) {
      throw broken("the central directory of " + directorySize + " bytes does not fit before"
          + " the end record at " + end);
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    long start = directoryStart;
    long cursor = directoryStart;
    for (int i = 0; i < entries; i++) {
      within(cursor, 46, end, "central directory record " + i);
      int at = (int) cursor;
      if (bb.getInt(at) != CENTRAL_SIGNATURE) {
        throw broken("no central directory record " + i + " at " + at);
      }
      int method = Short.toUnsignedInt(bb.getShort(at + 10));
      long length = Integer.toUnsignedLong(bb.getInt(at + 20));
      int nameLength = Short.toUnsignedInt(bb.getShort(at + 28));
      within(cursor + 46, nameLength, end, "the name of entry " + i);
      byte[] name = new byte[nameLength];
      bb.get(at + 46, name);
      long local = prefix + Integer.toUnsignedLong(bb.getInt(at + 42));
      within(local, 30, directoryStart, "the local header of entry " + i);
      if (bb.getInt((int) local) != LOCAL_SIGNATURE || method != 0) {
        throw broken("entry " + i + " has no local header at " + local + " or is not stored");
      }
      long data = local + 30 + Short.toUnsignedInt(bb.getShort((int) local + 26))
          + Short.toUnsignedInt(bb.getShort((int) local + 28));
      within(data, length, directoryStart, "the data of entry " + i);
      byte[] bytes = new byte[(int) length];
      bb.get((int) data, bytes);
      files.put(new String(name, StandardCharsets.UTF_8), bytes);
      start = Math.min(start, local);
      cursor += 46L + nameLength + Short.toUnsignedInt(bb.getShort(at + 30))
          + Short.toUnsignedInt(bb.getShort(at + 32));
    }
    return new Archive((int) start, files);
  }

  /** Whether the tail a zip reader searches holds an end-of-central-directory signature. */
  static boolean hasEndSignature(byte[] file) {
    ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = file.length - 4; at >= Math.max(0, file.length - END_SIZE - 0xFFFF); at--) {
      if (bb.getInt(at) == END_SIGNATURE) {
        return true;
      }
    }
    return false;
  }

  private static void within(long at, long length, long limit, String what) {
    if (at < 0 || at + length > limit) {
      throw broken(what + " (" + length + " bytes at " + at + ") runs past " + limit);
    }
  }

  private static InvalidModelException broken(String problem) {
    return new InvalidModelException("associated-file zip: " + problem);
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
