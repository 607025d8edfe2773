package dev.jlite.schema;

import com.google.flatbuffers.Utf8;
import dev.jlite.schema.FbsSchema.Field;
import dev.jlite.schema.FbsSchema.Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Structural verification of a FlatBuffer against a schema, with the rules of the FlatBuffers C++
 * {@code Verifier} that TFLite runs before it trusts a model: every offset, vtable, string, vector and
 * union in bounds and aligned, strings NUL-terminated, nesting at most 64 deep and at most a million
 * tables. After it passes, the generated accessors cannot read outside the buffer.
 *
 * <p>Fields the schema marks deprecated are not followed, as in the generated C++ verifier. A union
 * type code the schema does not know (written by a newer converter) is accepted and not followed.
 */
final class FlatBufferVerifier {
  private static final int MAX_DEPTH = 64;
  private static final int MAX_TABLES = 1_000_000;

  private final ByteBuffer bb;
  private final long size;
  private final FbsSchema schema;
  private final String documentName;
  private final Deque<String> path = new ArrayDeque<>();
  private int depth;
  private int tables;

  private FlatBufferVerifier(ByteBuffer buffer, FbsSchema schema, String documentName) {
    this.bb = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    this.bb.position(0);
    this.size = bb.limit();
    this.schema = schema;
    this.documentName = documentName;
  }

  /**
   * Verifies the whole buffer (position 0 to limit) as the schema's root table.
   *
   * @param documentName what the buffer is, for messages ("model", "metadata")
   * @throws InvalidModelException naming the field path at fault
   */
  static void verify(ByteBuffer buffer, FbsSchema schema, String documentName) {
    new FlatBufferVerifier(buffer, schema, documentName).verifyRoot();
  }

  private void verifyRoot() {
    if (size < 8) {
      throw fail("is " + size + " bytes, too short to be a FlatBuffer");
    }
    String expected = schema.fileIdentifier();
    byte[] id = new byte[4];
    bb.get(4, id);
    String found = new String(id, StandardCharsets.ISO_8859_1);
    if (!found.equals(expected)) {
      throw fail("has identifier " + printable(found) + ", expected " + expected);
    }
    Table root = schema.root();
    path.push(root.name());
    verifyTable(uoffsetTarget(0, "root offset"), root);
  }

  private void verifyTable(long pos, Table table) {
    if (++depth > MAX_DEPTH) {
      throw fail("nests tables more than " + MAX_DEPTH + " deep");
    }
    if (++tables > MAX_TABLES) {
      throw fail("holds more than " + MAX_TABLES + " tables");
    }
    check(pos, 4, 4, "table");
    long vtable = pos - bb.getInt((int) pos);
    check(vtable, 4, 2, "vtable");
    int vtableSize = Short.toUnsignedInt(bb.getShort((int) vtable));
    int tableSize = Short.toUnsignedInt(bb.getShort((int) vtable + 2));
    if (vtableSize < 4 || (vtableSize & 1) != 0) {
      throw fail("vtable size " + vtableSize + " is invalid");
    }
    check(vtable, vtableSize, 2, "vtable");
    check(pos, tableSize, 1, "table");
    for (Field field : table.fields()) {
      if (field.deprecated()) {
        continue;
      }
      path.push(field.name());
      verifyField(pos, tableSize, vtable, vtableSize, field);
      path.pop();
    }
    depth--;
  }

  /** Position of a field inside its table, or -1 if absent. */
  private long fieldPos(long table, int tableSize, long vtable, int vtableSize, int slot, int size) {
    int entry = 4 + 2 * slot;
    if (entry + 2 > vtableSize) {
      return -1;
    }
    int offset = Short.toUnsignedInt(bb.getShort((int) vtable + entry));
    if (offset == 0) {
      return -1;
    }
    if (offset + size > tableSize) {
      throw fail("lies outside its table (offset " + offset + ", table size " + tableSize + ")");
    }
    long pos = table + offset;
    check(pos, size, size, "field");
    return pos;
  }

  private void verifyField(long table, int tableSize, long vtable, int vtableSize, Field field) {
    switch (field.kind()) {
      case SCALAR -> fieldPos(table, tableSize, vtable, vtableSize, field.slot(), field.size());
      case STRING -> {
        long pos = fieldPos(table, tableSize, vtable, vtableSize, field.slot(), 4);
        if (pos >= 0) {
          verifyString(uoffsetTarget(pos, "string offset"));
        }
      }
      case TABLE -> {
        long pos = fieldPos(table, tableSize, vtable, vtableSize, field.slot(), 4);
        if (pos >= 0) {
          verifyTable(uoffsetTarget(pos, "table offset"), schema.table(field.target()));
        }
      }
      case UNION -> {
        long typePos = fieldPos(table, tableSize, vtable, vtableSize, field.slot() - 1, 1);
        int type = typePos < 0 ? 0 : Byte.toUnsignedInt(bb.get((int) typePos));
        long pos = fieldPos(table, tableSize, vtable, vtableSize, field.slot(), 4);
        var members = schema.union(field.target()).members();
        if (pos >= 0 && type > 0 && type <= members.size()) {
          String member = members.get(type - 1);
          path.push("<" + member + ">");
          verifyTable(uoffsetTarget(pos, "union offset"), schema.table(member));
          path.pop();
        }
      }
      case VECTOR_SCALAR -> {
        long pos = fieldPos(table, tableSize, vtable, vtableSize, field.slot(), 4);
        if (pos >= 0) {
          verifyVector(uoffsetTarget(pos, "vector offset"), field.size());
        }
      }
      case VECTOR_STRING, VECTOR_TABLE -> {
        long pos = fieldPos(table, tableSize, vtable, vtableSize, field.slot(), 4);
        if (pos >= 0) {
          long vector = uoffsetTarget(pos, "vector offset");
          long length = verifyVector(vector, 4);
          Table element = field.kind() == FbsSchema.Kind.VECTOR_TABLE
              ? schema.table(field.target()) : null;
          for (long i = 0; i < length; i++) {
            long elementPos = vector + 4 + 4 * i;
            path.push("[" + i + "]");
            long target = uoffsetTarget(elementPos, "element offset");
            if (element == null) {
              verifyString(target);
            } else {
              verifyTable(target, element);
            }
            path.pop();
          }
        }
      }
      default -> throw new AssertionError(field.kind());
    }
  }

  /** Follows the unsigned 32-bit offset stored at {@code pos}. */
  private long uoffsetTarget(long pos, String what) {
    check(pos, 4, 4, what);
    long offset = Integer.toUnsignedLong(bb.getInt((int) pos));
    if (offset == 0) {
      throw fail(what + " is 0");
    }
    long target = pos + offset;
    if (target >= size) {
      throw fail(what + " points to " + target + ", past the end (" + size + " bytes)");
    }
    return target;
  }

  private void verifyString(long pos) {
    long length = verifyVector(pos, 1);
    if (bb.get((int) (pos + 4 + length)) != 0) {
      throw fail("string is not NUL-terminated");
    }
    // The Java accessors decode strictly and would throw on first read; C++ never decodes.
    try {
      Utf8.getDefault().decodeUtf8(bb, (int) pos + 4, (int) length);
    } catch (IllegalArgumentException e) {
      throw fail("string is not valid UTF-8");
    }
  }

  /** Checks a vector's length prefix and body (plus a terminator byte for strings); returns length. */
  private long verifyVector(long pos, int elementSize) {
    check(pos, 4, 4, "vector length");
    long length = Integer.toUnsignedLong(bb.getInt((int) pos));
    long bytes = length * elementSize + (elementSize == 1 ? 1 : 0);
    if (pos + 4 + bytes > size) {
      throw fail("vector of " + length + " elements runs past the end of the buffer (" + size
          + " bytes)");
    }
    return length;
  }

  private void check(long pos, long length, int alignment, String what) {
    if (pos < 0 || pos + length > size) {
      throw fail(what + " at " + pos + " (+" + length + ") is outside the buffer (" + size
          + " bytes)");
    }
    if (alignment > 1 && pos % alignment != 0) {
      throw fail(what + " at " + pos + " is not " + alignment + "-byte aligned");
    }
  }

  private InvalidModelException fail(String message) {
    return new InvalidModelException("Malformed " + documentName + ": " + describePath() + message);
  }

  private String describePath() {
    if (path.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (Iterator<String> it = path.descendingIterator(); it.hasNext(); ) {
      String part = it.next();
      if (sb.length() > 0 && !part.startsWith("[") && !part.startsWith("<")) {
        sb.append('.');
      }
      sb.append(part);
    }
    return sb.append(": ").toString();
  }

  private static String printable(String id) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : id.toCharArray()) {
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return sb.append('"').toString();
  }
}
