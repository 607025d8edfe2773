package dev.jlite.metadata;

import dev.jlite.schema.ModelFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Puts a metadata flatbuffer into a model without re-serializing the model. FlatBuffers offsets are
 * unsigned and relative, so a new table may point at any old one placed after it: the model is
 * kept whole and unchanged and a prefix is written in front of it holding a new root table (whose
 * fields point at the old root's operator codes, subgraphs, description and signature defs), a new
 * {@code buffers} vector and a new {@code metadata} vector (reusing every old element), the {@code
 * TFLITE_METADATA} entry, its buffer and the metadata. The prefix length is a multiple of 16, so
 * every alignment inside the model holds. Operators, options, tensors, signature defs, unknown
 * fields below the root and other metadata entries stay byte for byte as they were; the old root
 * table and an old metadata buffer remain as unused bytes.
 *
 * <p>A prefix written by this class is recognised (by rewriting it and comparing byte for byte)
 * and replaced, not stacked, so populating a populated model gives the same bytes as populating
 * the original.
 */
final class ModelSplicer {
  private static final int SLOT_VERSION = 0;
  private static final int SLOT_BUFFERS = 4;
  private static final int SLOT_METADATA = 6;
  private static final int KNOWN_SLOTS = 8;
  private static final int VTABLE = 8;
  private static final int ROOT = VTABLE + 4 + 2 * KNOWN_SLOTS;
  private static final int ROOT_END = ROOT + 4 + 4 * KNOWN_SLOTS;
  private static final byte[] ENTRY_NAME =
      ModelFile.METADATA_NAME.getBytes(StandardCharsets.US_ASCII);

  private final ByteBuffer bb;

  private ModelSplicer(ByteBuffer model) {
    this.bb = model.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * The model in {@code flatbuffer} (position to limit, verified, without its zip) with {@code
   * metadata} as its {@code TFLITE_METADATA}.
   */
  static byte[] splice(ByteBuffer flatbuffer, byte[] metadata) {
    ByteBuffer model = flatbuffer.slice();
    ByteBuffer original = new ModelSplicer(model).original();
    return new ModelSplicer(original == null ? model : original).prefixed(metadata);
  }

  /** The model this one was made from by {@link #prefixed}, or null if it was not. */
  private ByteBuffer original() {
    try {
      int root = bb.getInt(0);
      if (root != ROOT) {
        return null;
      }
      int[] fields = fields(root);
      List<Integer> buffers = tables(fields[SLOT_BUFFERS]);
      List<Integer> entries = tables(fields[SLOT_METADATA]);
      int entry = entryIndex(entries);
      if (entry < 0) {
        return null;
      }
      int data = vectorField(buffers.get(entryBuffer(entries.get(entry))), 0);
      int length = bb.getInt(data);
      inBounds(data + 4, length, 1);
      byte[] metadata = new byte[length];
      bb.get(data + 4, metadata);
      int start = align(data + 4 + length, 16);
      ByteBuffer inner = bb.duplicate().position(start).slice();
      byte[] rebuilt = new ModelSplicer(inner).prefixed(metadata);
      if (rebuilt.length != bb.limit()) {
        return null;
      }
      byte[] actual = new byte[rebuilt.length];
      bb.get(0, actual);
      return Arrays.equals(rebuilt, actual) ? inner : null;
    } catch (RuntimeException notOurs) {
      // Anything that does not parse as our prefix is simply not ours.
      return null;
    }
  }

  /** This model with a prefix that gives it {@code metadata}. */
  private byte[] prefixed(byte[] metadata) {
    int root = bb.getInt(0);
    int[] fields = fields(root);
    for (int slot = KNOWN_SLOTS; slot < fields.length; slot++) {
      if (fields[slot] >= 0) {
        throw new MetadataException("the model's root table has field " + slot
            + ", unknown to this schema; it cannot be populated without losing that field");
      }
    }
    List<Integer> buffers = tables(fields[SLOT_BUFFERS]);
    List<Integer> entries = tables(fields[SLOT_METADATA]);
    for (int b : buffers) {
      if (Long.compareUnsigned(u64Field(b, 1), 1) > 0) {
        throw new MetadataException("the model keeps buffer data outside the flatbuffer"
            + " (Buffer.offset); populating such models is not supported");
      }
    }
    int entry = entryIndex(entries);
    int buffer = entry < 0 ? buffers.size() : entryBuffer(entries.get(entry));
    if (buffer > buffers.size() || entry >= 0 && buffer == buffers.size()) {
      throw new MetadataException("the model's " + ModelFile.METADATA_NAME + " entry names buffer "
          + buffer + ", but the model has " + buffers.size() + " buffers");
    }
    int bufferCount = entry < 0 ? buffers.size() + 1 : buffers.size();
    int entryCount = entry < 0 ? entries.size() + 1 : entries.size();
    int entryIndex = entry < 0 ? entries.size() : entry;

    int buffersVector = ROOT_END;
    int metadataVector = buffersVector + 4 + 4 * bufferCount;
    int entryVtable = metadataVector + 4 + 4 * entryCount;
    int entryTable = entryVtable + 8;
    int name = entryTable + 12;
    int bufferVtable = name + align(4 + ENTRY_NAME.length + 1, 4);
    int bufferTable = bufferVtable + 8;
    int data = bufferTable + 8;
    while ((data + 4) % 16 != 0) {
      data += 4;
    }
    int shift = align(data + 4 + metadata.length, 16);
    int modelLength = bb.limit();

    ByteBuffer out = ByteBuffer.allocate(shift + modelLength).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(0, ROOT);
    byte[] identifier = new byte[4];
    bb.get(4, identifier);
    out.put(4, identifier);
    out.putShort(VTABLE, (short) (4 + 2 * KNOWN_SLOTS))
        .putShort(VTABLE + 2, (short) (ROOT_END - ROOT));
    out.putInt(ROOT, ROOT - VTABLE);
    for (int slot = 0; slot < KNOWN_SLOTS; slot++) {
      boolean written = fields[slot] >= 0 || slot == SLOT_BUFFERS || slot == SLOT_METADATA;
      out.putShort(VTABLE + 4 + 2 * slot, (short) (written ? 4 + 4 * slot : 0));
      int at = ROOT + 4 + 4 * slot;
      if (slot == SLOT_BUFFERS) {
        patch(out, at, buffersVector);
      } else if (slot == SLOT_METADATA) {
        patch(out, at, metadataVector);
      } else if (slot == SLOT_VERSION && fields[slot] >= 0) {
        out.putInt(at, bb.getInt(fields[slot]));
      } else if (fields[slot] >= 0) {
        patch(out, at, shift + fields[slot] + bb.getInt(fields[slot]));
      }
    }
    out.putInt(buffersVector, bufferCount);
    for (int i = 0; i < bufferCount; i++) {
      patch(out, buffersVector + 4 + 4 * i, i == buffer ? bufferTable : shift + buffers.get(i));
    }
    out.putInt(metadataVector, entryCount);
    for (int i = 0; i < entryCount; i++) {
      patch(out, metadataVector + 4 + 4 * i, i == entryIndex ? entryTable : shift + entries.get(i));
    }
    // Metadata entry: vtable {size 8, table 12, name at 4, buffer at 8}, table, name string.
    out.putShort(entryVtable, (short) 8).putShort(entryVtable + 2, (short) 12)
        .putShort(entryVtable + 4, (short) 4).putShort(entryVtable + 6, (short) 8);
    out.putInt(entryTable, entryTable - entryVtable);
    patch(out, entryTable + 4, name);
    out.putInt(entryTable + 8, buffer);
    out.putInt(name, ENTRY_NAME.length).put(name + 4, ENTRY_NAME);
    // Buffer: vtable {size 6, table 8, data at 4}, table, then the 16-byte aligned data.
    out.putShort(bufferVtable, (short) 6).putShort(bufferVtable + 2, (short) 8)
        .putShort(bufferVtable + 4, (short) 4);
    out.putInt(bufferTable, bufferTable - bufferVtable);
    patch(out, bufferTable + 4, data);
    out.putInt(data, metadata.length).put(data + 4, metadata);
    byte[] model = new byte[modelLength];
    bb.get(0, model);
    out.put(shift, model);
    return out.array();
  }

  private int entryIndex(List<Integer> entries) {
    for (int i = 0; i < entries.size(); i++) {
      if (Arrays.equals(ENTRY_NAME, entryName(entries.get(i)))) {
        return i;
      }
    }
    return -1;
  }

  /** Absolute positions of the root's fields by slot, -1 when absent. */
  private int[] fields(int table) {
    int vtable = table - bb.getInt(table);
    int vtableSize = u16(vtable);
    int slots = Math.max(KNOWN_SLOTS, (vtableSize - 4) / 2);
    int[] positions = new int[slots];
    for (int slot = 0; slot < slots; slot++) {
      int entry = 4 + 2 * slot;
      int offset = entry < vtableSize ? u16(vtable + entry) : 0;
      positions[slot] = offset == 0 ? -1 : table + offset;
    }
    return positions;
  }

  /** Positions of the tables of the vector whose offset is at {@code field}; empty if absent. */
  private List<Integer> tables(int field) {
    List<Integer> tables = new ArrayList<>();
    if (field < 0) {
      return tables;
    }
    int vector = field + u32(field);
    int length = u32(vector);
    inBounds(vector + 4, length, 4);
    for (int i = 0; i < length; i++) {
      int at = vector + 4 + 4 * i;
      tables.add(at + u32(at));
    }
    return tables;
  }

  private int fieldPosition(int table, int slot) {
    int vtable = table - bb.getInt(table);
    int entry = 4 + 2 * slot;
    int offset = entry < u16(vtable) ? u16(vtable + entry) : 0;
    return offset == 0 ? -1 : table + offset;
  }

  private int vectorField(int table, int slot) {
    int field = fieldPosition(table, slot);
    return field < 0 ? -1 : field + u32(field);
  }

  private long u64Field(int table, int slot) {
    int field = fieldPosition(table, slot);
    return field < 0 ? 0 : bb.getLong(field);
  }

  private byte[] entryName(int entry) {
    int string = vectorField(entry, 0);
    if (string < 0) {
      return new byte[0];
    }
    inBounds(string + 4, u32(string), 1);
    byte[] name = new byte[u32(string)];
    bb.get(string + 4, name);
    return name;
  }

  private int entryBuffer(int entry) {
    int field = fieldPosition(entry, 1);
    return field < 0 ? 0 : u32(field);
  }

  private int u16(int at) {
    return Short.toUnsignedInt(bb.getShort(at));
  }

  /** An unsigned 32-bit value; a verified model under 2 GiB keeps them all below 2^31. */
  private int u32(int at) {
    return bb.getInt(at);
  }

  private static void patch(ByteBuffer out, int at, int target) {
    out.putInt(at, target - at);
  }

  private static int align(int value, int alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }

  /**
   * Checks that {@code count} items of {@code size} bytes at {@code at} lie in the buffer. Verified
   * models always pass; the bytes behind a prefix that merely looks like ours may not.
   */
  private void inBounds(int at, long count, int size) {
    if (at < 0 || count < 0 || at + count * size > bb.limit()) {
      throw new IndexOutOfBoundsException(count + " x " + size + " bytes at " + at);
    }
  }
}
