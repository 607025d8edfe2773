package dev.jlite.schema;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the zip archive of associated files that the metadata populators append after a model's
 * flatbuffer, without copying or inflating anything: each file is returned as a read-only window
 * into the model's bytes.
 *
 * <p>Only what the populators write is accepted, and everything else is rejected with an {@link
 * InvalidModelException} that says what is wrong and where: a single-disk, non-Zip64 archive whose
 * entries are all STORED (uncompressed) and unencrypted, with consistent central and local headers,
 * every entry's header and data inside the file and before the central directory, and no two entries
 * sharing bytes. Offsets may be absolute file offsets (Python's {@code zipfile} in append mode writes
 * these) or relative to the start of the archive; like Python's reader, the length of whatever
 * precedes the archive is derived from where the central directory really is.
 *
 * <p>A file without an end-of-central-directory signature in its last 65,557 bytes has no archive,
 * which is not an error: most models carry no associated files.
 *
 * <p>Entry names are decoded as UTF-8 (the populators write ASCII base names, identical in every zip
 * name encoding) and are only ever used as keys, never as paths. When two entries have the same name
 * the later one in the central directory wins, as in TFLite's C++ extractor.
 */
final class StoredZipReader {
  private static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;
  private static final int CENTRAL_HEADER_SIGNATURE = 0x02014b50;
  private static final int END_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int LOCAL_HEADER_SIZE = 30;
  private static final int CENTRAL_HEADER_SIZE = 46;
  private static final int END_SIZE = 22;
  private static final int ZIP64_LOCATOR_SIZE = 20;
  private static final int MAX_COMMENT_LENGTH = 0xFFFF;
  private static final int STORED = 0;
  private static final int FLAG_ENCRYPTED = 1;
  private static final int ZIP64_MARKER_16 = 0xFFFF;
  private static final long ZIP64_MARKER_32 = 0xFFFFFFFFL;

  private final ByteBuffer file;
  private final long size;

  private StoredZipReader(ByteBuffer file) {
    this.file = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    this.size = this.file.limit();
  }

  /**
   * The files of the archive at the end of {@code file} (position 0 to limit), by name, in
   * central-directory order; empty if there is no archive. The values are read-only slices of {@code
   * file}, so they stay valid only as long as its bytes do.
   *
   * @throws InvalidModelException if an archive is there but malformed or not stored-only
   */
  static Map<String, ByteBuffer> read(ByteBuffer file) {
    return new StoredZipReader(file).entries();
  }

  /** Where one entry's local header and data lie in the file: [start, end). */
  private record Span(String name, long start, long end) {}

  /**
   * The central directory: file offsets [start, end), and the length of what precedes the archive,
   * to be added to every offset the archive records.
   */
  private record Directory(long start, long end, long prefix) {}

  private Map<String, ByteBuffer> entries() {
    long end = findEndRecord();
    if (end < 0) {
      return Map.of();
    }
    if (end >= ZIP64_LOCATOR_SIZE && u32(end - ZIP64_LOCATOR_SIZE) == ZIP64_LOCATOR_SIGNATURE) {
      throw fail("a Zip64 end-of-central-directory locator precedes the end record at offset " + end
          + "; Zip64 archives are not supported");
    }
    int disk = u16(end + 4);
    int directoryDisk = u16(end + 6);
    int entriesOnDisk = u16(end + 8);
    int entryCount = u16(end + 10);
    long directorySize = u32(end + 12);
    long directoryOffset = u32(end + 16);
    if (entriesOnDisk == ZIP64_MARKER_16 || entryCount == ZIP64_MARKER_16
        || directorySize == ZIP64_MARKER_32 || directoryOffset == ZIP64_MARKER_32) {
      throw fail("the end record at offset " + end + " holds Zip64 markers (entries " + entryCount
          + ", directory size " + directorySize + ", directory offset " + directoryOffset
          + "); Zip64 archives are not supported");
    }
    if (disk != 0 || directoryDisk != 0 || entriesOnDisk != entryCount) {
      throw fail("the end record at offset " + end + " describes a multi-disk archive (disk " + disk
          + ", directory on disk " + directoryDisk + ", " + entriesOnDisk + " of " + entryCount
          + " entries on this disk); only single-file archives are supported");
    }
    if (directorySize > end) {
      throw fail("central directory size " + directorySize + " exceeds the " + end
          + " bytes before the end record at offset " + end);
    }
    // The central directory always sits right before the end record. If its recorded offset is
    // smaller than its real position, the archive was written relative to its own start and the
    // difference is the length of what precedes it (the model); that is how Python's zipfile reads.
    long directoryStart = end - directorySize;
    long prefix = directoryStart - directoryOffset;
    if (prefix < 0) {
      throw fail("central directory offset " + directoryOffset + " lies past where the directory of "
          + directorySize + " bytes can start (file offset " + directoryStart + ")");
    }
    if ((long) entryCount * CENTRAL_HEADER_SIZE > directorySize) {
      throw fail(entryCount + " entries cannot fit in a central directory of " + directorySize
          + " bytes at file offset " + directoryStart);
    }

    Directory directory = new Directory(directoryStart, end, prefix);
    List<Span> spans = new ArrayList<>(entryCount);
    Map<String, ByteBuffer> files = new LinkedHashMap<>();
    long cursor = directoryStart;
    for (int i = 0; i < entryCount; i++) {
      cursor = readEntry(i, cursor, directory, spans, files);
    }
    if (cursor != end) {
      throw fail("central directory has " + (end - cursor) + " unaccounted bytes at file offset "
          + cursor + " after its " + entryCount + " entries");
    }
    checkNoOverlap(spans);
    return Collections.unmodifiableMap(files);
  }

  /**
   * The file offset of the end-of-central-directory record, or -1 if the file has no archive. The
   * search starts at the end and goes back at most the longest possible archive comment, so it is
   * bounded; a record only counts if its comment length reaches exactly to the end of the file, so
   * a signature inside the comment is not mistaken for it.
   */
  private long findEndRecord() {
    long lowest = Math.max(0, size - END_SIZE - MAX_COMMENT_LENGTH);
    long nearestSignature = -1;
    for (long pos = size - 4; pos >= lowest; pos--) {
      if (u32(pos) != END_SIGNATURE) {
        continue;
      }
      if (nearestSignature < 0) {
        nearestSignature = pos;
      }
      if (pos + END_SIZE <= size && pos + END_SIZE + u16(pos + 20) == size) {
        return pos;
      }
    }
    if (nearestSignature < 0) {
      return -1;
    }
    if (nearestSignature + END_SIZE > size) {
      throw fail("the end-of-central-directory record at offset " + nearestSignature
          + " is truncated: " + (size - nearestSignature) + " of " + END_SIZE + " bytes");
    }
    throw fail("the end-of-central-directory record at offset " + nearestSignature
        + " announces a comment of " + u16(nearestSignature + 20) + " bytes, but "
        + (size - nearestSignature - END_SIZE) + " bytes follow it");
  }

  /** Reads central directory record {@code index} at {@code pos}; returns where the next starts. */
  private long readEntry(int index, long pos, Directory directory, List<Span> spans,
      Map<String, ByteBuffer> files) {
    String where = "central directory record " + index + " at file offset " + pos;
    long directoryEnd = directory.end();
    if (pos + CENTRAL_HEADER_SIZE > directoryEnd) {
      throw fail(where + " runs past the end of the central directory at " + directoryEnd);
    }
    if (u32(pos) != CENTRAL_HEADER_SIGNATURE) {
      throw fail(where + " has no central header signature (found 0x"
          + Long.toHexString(u32(pos)) + ")");
    }
    int flags = u16(pos + 8);
    int method = u16(pos + 10);
    long compressedSize = u32(pos + 20);
    long uncompressedSize = u32(pos + 24);
    int nameLength = u16(pos + 28);
    int extraLength = u16(pos + 30);
    int commentLength = u16(pos + 32);
    long localOffset = u32(pos + 42);
    long next = pos + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (next > directoryEnd) {
      throw fail(where + ": its name, extra field and comment (" + nameLength + " + " + extraLength
          + " + " + commentLength + " bytes) run past the end of the central directory at "
          + directoryEnd);
    }
    byte[] nameBytes = bytes(pos + CENTRAL_HEADER_SIZE, nameLength);
    String name = utf8(nameBytes, where);
    String entry = "entry \"" + name + "\" (" + where + ")";

    if (compressedSize == ZIP64_MARKER_32 || uncompressedSize == ZIP64_MARKER_32
        || localOffset == ZIP64_MARKER_32) {
      throw fail(entry + " holds Zip64 markers; Zip64 archives are not supported");
    }
    if ((flags & FLAG_ENCRYPTED) != 0) {
      throw fail(entry + " is encrypted; only plain stored entries are supported");
    }
    if (method != STORED) {
      throw fail(entry + " is compressed (method " + method
          + "); only stored entries are supported, since files are read in place");
    }
    if (compressedSize != uncompressedSize) {
      throw fail(entry + " is stored but its compressed size " + compressedSize
          + " differs from its size " + uncompressedSize);
    }

    long local = directory.prefix() + localOffset;
    long dataStart = checkLocalHeader(entry, local, nameBytes, directory.start());
    long dataEnd = dataStart + compressedSize;
    if (dataEnd > size) {
      throw fail(entry + ": its " + compressedSize + " bytes of data at file offset " + dataStart
          + " run past the end of the file (" + size + " bytes)");
    }
    if (dataEnd > directory.start()) {
      throw fail(entry + ": its " + compressedSize + " bytes of data at file offset " + dataStart
          + " overlap the central directory at " + directory.start());
    }
    spans.add(new Span(name, local, dataEnd));
    files.put(name, slice(dataStart, dataEnd));
    return next;
  }

  /**
   * Checks the local header of an entry at file offset {@code local}: inside the archive data,
   * signed, and naming the same file as the central directory does. Returns where the data starts.
   */
  private long checkLocalHeader(String entry, long local, byte[] centralName, long directoryStart) {
    if (local + LOCAL_HEADER_SIZE > directoryStart) {
      throw fail(entry + ": its local header at file offset " + local
          + " does not lie before the central directory at " + directoryStart);
    }
    if (u32(local) != LOCAL_HEADER_SIGNATURE) {
      throw fail(entry + ": no local header signature at file offset " + local + " (found 0x"
          + Long.toHexString(u32(local)) + ")");
    }
    int nameLength = u16(local + 26);
    int extraLength = u16(local + 28);
    long nameStart = local + LOCAL_HEADER_SIZE;
    if (nameStart + nameLength + extraLength > directoryStart) {
      throw fail(entry + ": the name and extra field of its local header at file offset " + local
          + " (" + nameLength + " + " + extraLength + " bytes) run into the central directory at "
          + directoryStart);
    }
    if (!Arrays.equals(bytes(nameStart, nameLength), centralName)) {
      throw fail(entry + ": its local header at file offset " + local + " names a different file");
    }
    return nameStart + nameLength + extraLength;
  }

  private ByteBuffer slice(long start, long end) {
    return file.duplicate().position((int) start).limit((int) end).slice().asReadOnlyBuffer()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void checkNoOverlap(List<Span> spans) {
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(Span::start));
    for (int i = 1; i < sorted.size(); i++) {
      Span previous = sorted.get(i - 1);
      Span current = sorted.get(i);
      if (current.start() < previous.end()) {
        throw fail("entries \"" + previous.name() + "\" (file bytes " + previous.start() + " to "
            + previous.end() + ") and \"" + current.name() + "\" (file bytes " + current.start()
            + " to " + current.end() + ") overlap");
      }
    }
  }

  private static String utf8(byte[] bytes, String where) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw fail(where + ": the entry name is not valid UTF-8");
    }
  }

  private byte[] bytes(long pos, int length) {
    byte[] bytes = new byte[length];
    file.get((int) pos, bytes);
    return bytes;
  }

  private int u16(long pos) {
    return Short.toUnsignedInt(file.getShort((int) pos));
  }

  private long u32(long pos) {
    return Integer.toUnsignedLong(file.getInt((int) pos));
  }

  private static InvalidModelException fail(String message) {
    return new InvalidModelException("associated-file zip: " + message);
  }
}
