package dev.jlite.metadata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A table in a verified flatbuffer, read field by field (slot by slot). Unlike the generated
 * accessors it tells an absent vector from an empty one, which the JSON output and {@code
 * min_parser_version} depend on.
 */
final class FlatTable {
  private final ByteBuffer bb;
  private final int pos;
  private final int vtable;
  private final int vtableSize;

  private FlatTable(ByteBuffer bb, int pos) {
    this.bb = bb;
    this.pos = pos;
    this.vtable = pos - bb.getInt(pos);
    this.vtableSize = Short.toUnsignedInt(bb.getShort(vtable));
  }

  /** The root table of a flatbuffer that starts at {@code buffer}'s position. */
  static FlatTable root(ByteBuffer buffer) {
    ByteBuffer bb = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    return new FlatTable(bb, bb.getInt(0));
  }

  /** The offset of a field from the table start, 0 when absent. */
  private int field(int slot) {
    int entry = 4 + 2 * slot;
    return entry < vtableSize ? Short.toUnsignedInt(bb.getShort(vtable + entry)) : 0;
  }

  boolean has(int slot) {
    return field(slot) != 0;
  }

  int u8(int slot) {
    int f = field(slot);
    return f == 0 ? 0 : Byte.toUnsignedInt(bb.get(pos + f));
  }

  int i32(int slot) {
    int f = field(slot);
    return f == 0 ? 0 : bb.getInt(pos + f);
  }

  long u32(int slot) {
    return Integer.toUnsignedLong(i32(slot));
  }

  float f32(int slot) {
    int f = field(slot);
    return f == 0 ? 0f : bb.getFloat(pos + f);
  }

  private int indirect(int at) {
    return at + bb.getInt(at);
  }

  FlatTable table(int slot) {
    int f = field(slot);
    return f == 0 ? null : new FlatTable(bb, indirect(pos + f));
  }

  String string(int slot) {
    int f = field(slot);
    return f == 0 ? null : stringAt(indirect(pos + f));
  }

  private String stringAt(int at) {
    byte[] bytes = new byte[bb.getInt(at)];
    bb.get(at + 4, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Start of a vector's elements and its length, or null when the field is absent. */
  private int[] vector(int slot) {
    int f = field(slot);
    if (f == 0) {
      return null;
    }
    int at = indirect(pos + f);
    return new int[] {at + 4, bb.getInt(at)};
  }

  <T> List<T> tables(int slot, Function<FlatTable, T> element) {
    int[] v = vector(slot);
    if (v == null) {
      return null;
    }
    List<T> list = new ArrayList<>(v[1]);
    for (int i = 0; i < v[1]; i++) {
      list.add(element.apply(new FlatTable(bb, indirect(v[0] + 4 * i))));
    }
    return list;
  }

  List<String> strings(int slot) {
    int[] v = vector(slot);
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
    int[] v = vector(slot);
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
    int[] v = vector(slot);
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
    int[] v = vector(slot);
    if (v == null) {
      return null;
    }
    byte[] bytes = new byte[v[1]];
    bb.get(v[0], bytes);
    return bytes;
  }
}
