package dev.jlite.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * TFLite's string tensor encoding: int32 count, count + 1 int32 offsets from the start of the buffer,
 * then the bytes of each string.
 */
final class StringTensors {
  private StringTensors() {}

  static byte[][] decode(ByteBuffer encoded) {
    ByteBuffer b = encoded.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int count = b.getInt(0);
    byte[][] strings = new byte[count][];
    for (int i = 0; i < count; i++) {
      int start = b.getInt(4 + 4 * i);
      int end = b.getInt(8 + 4 * i);
      strings[i] = new byte[end - start];
      b.get(start, strings[i]);
    }
    return strings;
  }

  static int encodedSize(byte[][] strings, int offset, int count) {
    long size = 4L * (count + 2);
    for (int i = 0; i < count; i++) {
      size += strings[offset + i] == null ? 0 : strings[offset + i].length;
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalStateException("string tensor larger than 2 GiB");
    }
    return (int) size;
  }

  static void encode(byte[][] strings, int offset, int count, ByteBuffer out) {
    ByteBuffer b = out.order(ByteOrder.LITTLE_ENDIAN);
    int base = b.position();
    b.putInt(count);
    int position = 4 * (count + 2);
    for (int i = 0; i < count; i++) {
      b.putInt(position);
      position += strings[offset + i] == null ? 0 : strings[offset + i].length;
    }
    b.putInt(position);
    for (int i = 0; i < count; i++) {
      if (strings[offset + i] != null) {
        b.put(strings[offset + i]);
      }
    }
    assert b.position() - base == position;
  }
}
