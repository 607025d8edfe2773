package dev.jlite.metadata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A table in a flatbuffer, read field by field (slot by slot). Unlike the generated accessors it
 * tells an absent vector from an empty one, which the JSON output and {@code min_parser_version}
 * depend on. Every offset and length is checked against the buffer before it is followed, so a
 * malformed buffer fails with a {@link MetadataException}, never reads outside it and never
 * allocates more than it holds.
 */
final class FlatTable {
  private final ByteBuffer bb;
  private final long[] budget;
  private final int pos;
  private final int vtable;
  private final int vtableSize;

  private FlatTable(ByteBuffer bb, long[] budget, int pos) {
    this.bb = bb;
    this.budget = budget;
    spend(budget, 4);
    this.pos = check(bb, pos, 4, "table");
    long vtablePosition = (long) pos - bb.getInt(pos);
    if (vtablePosition < 0 || vtablePosition > bb.limit() - 4) {
      throw malformed("vtable of the table at " + pos + " lies outside the buffer");
    }
    this.vtable = (int) vtablePosition;
    this.vtableSize = Short.toUnsignedInt(bb.getShort(vtable));
    check(bb, vtable, vtableSize, "vtable");
  }

  private static int check(ByteBuffer bb, long at, long size, String what) {
    if (at < 0 || size < 0 || at + size > bb.limit()) {
      throw malformed(what + " at " + at + " (" + size + " bytes) lies outside the buffer of "
          + bb.limit() + " bytes");
    }
    return (int) at;
  }

  /**
   * Counts the bytes decoded. Tables, vectors and strings may be shared, so a small buffer could
   * otherwise describe an exponentially large tree; a real one decodes each of its bytes about
   * once.
   */
  private static void spend(long[] budget, long bytes) {
    budget[0] -= bytes;
    if (budget[0] < 0) {
      throw malformed("it shares tables so much that it decodes to more than twice its size");
    }
  }

  private static MetadataException malformed(String problem) {
    return new MetadataException("malformed metadata flatbuffer: " + problem);
  }

  /** The root table of a flatbuffer that starts at {@code buffer}'s position. */
  static FlatTable root(ByteBuffer buffer) {
    ByteBuffer bb = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    check(bb, 0, 4, "root offset");
    return new FlatTable(bb, new long[] {2L * bb.limit() + 1024}, bb.getInt(0));
  }

  /** The offset of a field from the table start, 0 when absent. */
  private int field(int slot) {
    int entry = 4 + 2 * slot;
    return entry + 2 <= vtableSize ? Short.toUnsignedInt(bb.getShort(vtable + entry)) : 0;
  }

  boolean has(int slot) {
    return field(slot) != 0;
  }

  int u8(int slot) {
    int f = field(slot);
    return f == 0 ? 0 : Byte.toUnsignedInt(bb.get(check(bb, (long) pos + f, 1, "field")));
  }

  int i32(int slot) {
    int f = field(slot);
    return f == 0 ? 0 : bb.getInt(check(bb, (long) pos + f, 4, "field"));
  }

  long u32(int slot) {
    return Integer.toUnsignedLong(i32(slot));
  }

  float f32(int slot) {
    int f = field(slot);
    return f == 0 ? 0f : bb.getFloat(check(bb, (long) pos + f, 4, "field"));
  }

  /** Follows the unsigned offset stored at {@code at}. */
  private int indirect(long at) {
    check(bb, at, 4, "offset");
    return check(bb, at + Integer.toUnsignedLong(bb.getInt((int) at)), 0, "offset target");
  }

  FlatTable table(int slot) {
    int f = field(slot);
    return f == 0 ? null : new FlatTable(bb, budget, indirect((long) pos + f));
  }

  String string(int slot) {
    int f = field(slot);
    return f == 0 ? null : stringAt(indirect((long) pos + f));
  }

  private String stringAt(int at) {
    check(bb, at, 4, "string length");
    long length = Integer.toUnsignedLong(bb.getInt(at));
    check(bb, at + 4L, length, "string");
    spend(budget, length);
    byte[] bytes = new byte[(int) length];
    bb.get(at + 4, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Start of a vector's elements and its length, or null when the field is absent. */
  private int[] vector(int slot, int elementSize) {
    int f = field(slot);
    if (f == 0) {
      return null;
    }
    int at = indirect((long) pos + f);
    check(bb, at, 4, "vector length");
    long length = Integer.toUnsignedLong(bb.getInt(at));
    check(bb, at + 4L, length * elementSize, "vector");
    spend(budget, length * elementSize);
    return new int[] {at + 4, (int) length};
  }

  <T> List<T> tables(int slot, Function<FlatTable, T> element) {
    int[] v = vector(slot, 4);
    if (v == null) {
      return null;
    }
    List<T> list = new ArrayList<>(v[1]);
    for (int i = 0; i < v[1]; i++) {
      list.add(element.apply(new FlatTable(bb, budget, indirect(v[0] + 4 * i))));
    }
    return list;
  }

  List<String> strings(int slot) {
    int[] v = vector(slot, 4);
    if (v == null) {
      return null;
    }
    List<String> list = new ArrayList<>(v[1]);
    for (int i = 0; i < v[1]; i++) {
      list.add(stringAt(indirect(v[0] + 4 * i)));
    }
    return list;
  }

  List<Float> floats(int slot) {
    int[] v = vector(slot, 4);
    if (v == null) {
      return null;
    }
    List<Float> list = new ArrayList<>(v[1]);
    for (int i = 0; i < v[1]; i++) {
      list.add(bb.getFloat(v[0] + 4 * i));
    }
    return list;
  }

  List<Long> uints(int slot) {
    int[] v = vector(slot, 4);
    if (v == null) {
      return null;
    }
    List<Long> list = new ArrayList<>(v[1]);
    for (int i = 0; i < v[1]; i++) {
      list.add(Integer.toUnsignedLong(bb.getInt(v[0] + 4 * i)));
    }
    return list;
  }

  byte[] bytes(int slot) {
    int[] v = vector(slot, 1);
    if (v == null) {
      return null;
    }
    byte[] bytes = new byte[v[1]];
    bb.get(v[0], bytes);
    return bytes;
  }
}
