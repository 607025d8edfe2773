package dev.jlite.task.core;

import dev.jlite.engine.DataType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor's data outside an interpreter: a shape and FLOAT32 or UINT8 values. Immutable; values
 * are copied in and out, and operations return new buffers.
 */
public final class TensorBuffer {
  private final int[] shape;
  private final DataType type;
  private final float[] floats;
  private final byte[] bytes;

  private TensorBuffer(int[] shape, DataType type, float[] floats, byte[] bytes) {
    this.shape = shape;
    this.type = type;
    this.floats = floats;
    this.bytes = bytes;
  }

  /** A FLOAT32 buffer holding a copy of {@code values}. */
  public static TensorBuffer ofFloats(float[] values, int... shape) {
    Objects.requireNonNull(values, "values");
    checkSize(values.length, shape);
    return new TensorBuffer(shape.clone(), DataType.FLOAT32, values.clone(), null);
  }

  /** A UINT8 buffer holding a copy of {@code values} (each byte read as 0 to 255). */
  public static TensorBuffer ofUint8(byte[] values, int... shape) {
    Objects.requireNonNull(values, "values");
    checkSize(values.length, shape);
    return new TensorBuffer(shape.clone(), DataType.UINT8, null, values.clone());
  }

  /**
   * A buffer of the given type from float values: FLOAT32 keeps them, UINT8 clamps each to [0, 255]
   * and drops the fraction, as TFLite's support library does.
   *
   * @throws IllegalArgumentException for any type other than FLOAT32 and UINT8
   */
  public static TensorBuffer of(DataType type, float[] values, int... shape) {
    if (type == DataType.FLOAT32) {
      return ofFloats(values, shape);
    }
    checkType(type);
    checkSize(values.length, shape);
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) (int) Math.max(Math.min(values[i], 255f), 0f);
    }
    return new TensorBuffer(shape.clone(), DataType.UINT8, null, out);
  }

  /** The pixels of an image as a UINT8 buffer of shape {@code [height, width, channels]}. */
  public static TensorBuffer of(TensorImage image) {
    return new TensorBuffer(
        new int[] {image.height(), image.width(), image.colorSpace().channels()},
        DataType.UINT8, null, image.pixels());
  }

  static void checkType(DataType type) {
    if (type != DataType.FLOAT32 && type != DataType.UINT8) {
      throw new IllegalArgumentException(
          "tensor buffers hold FLOAT32 or UINT8 values, not " + type);
    }
  }

  private static void checkSize(int length, int[] shape) {
    long size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      size *= d;
    }
    if (size != length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
          + " values, got " + length);
    }
  }

  public int[] shape() {
    return shape.clone();
  }

  public DataType dataType() {
    return type;
  }

  public int flatSize() {
    return type == DataType.FLOAT32 ? floats.length : bytes.length;
  }

  /** The values as floats (UINT8 values read as 0 to 255); a copy. */
  public float[] floatArray() {
    if (floats != null) {
      return floats.clone();
    }
    float[] out = new float[bytes.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes[i] & 0xFF;
    }
    return out;
  }

  /** The values as ints (FLOAT32 values truncated towards zero); a copy. */
  public int[] intArray() {
    int[] out = new int[flatSize()];
    for (int i = 0; i < out.length; i++) {
      out[i] = intValue(i);
    }
    return out;
  }

  public float floatValue(int i) {
    return floats != null ? floats[i] : bytes[i] & 0xFF;
  }

  public int intValue(int i) {
    return floats != null ? (int) floats[i] : bytes[i] & 0xFF;
  }

  /** The raw UINT8 values; a copy. */
  public byte[] uint8Array() {
    if (bytes == null) {
      throw new IllegalStateException("this buffer is " + type + ", not UINT8");
    }
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "TensorBuffer{" + type + " " + Arrays.toString(shape) + "}";
  }
}
