package dev.jlite.schema.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Converts between Java arrays and the little-endian bytes of tensor data, for tests. */
public final class TensorBytes {
  private TensorBytes() {}

  public static byte[] of(float... values) {
    ByteBuffer bytes = allocate(values.length * Float.BYTES);
    bytes.asFloatBuffer().put(values);
    return bytes.array();
  }

  public static byte[] of(int... values) {
    ByteBuffer bytes = allocate(values.length * Integer.BYTES);
    bytes.asIntBuffer().put(values);
    return bytes.array();
  }

  public static float[] toFloats(byte[] bytes) {
    float[] values = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  public static int[] toInts(byte[] bytes) {
    int[] values = new int[bytes.length / Integer.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
    return values;
  }

  /**
   * Decodes TFLite's string tensor layout: int32 count {@code n}, {@code n + 1} int32 offsets from the
   * start, then the bytes of each string (UTF-8 here).
   */
  public static List<String> toStrings(byte[] bytes) {
    ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int count = data.getInt(0);
    List<String> strings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int start = data.getInt(Integer.BYTES * (1 + i));
      int end = data.getInt(Integer.BYTES * (2 + i));
      strings.add(new String(bytes, start, end - start, StandardCharsets.UTF_8));
    }
    return strings;
  }

  private static ByteBuffer allocate(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
