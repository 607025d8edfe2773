package dev.jlite.engine;

import dev.jlite.schema.InvalidModelException;

/** Allocation and sizing of the Java arrays that back tensors, by storage kind. */
final class ArenaArrays {
  private ArenaArrays() {}

  /**
   * A new array. A model can ask for more tensor memory than the heap holds; that is reported as an
   * invalid model instead of an {@code OutOfMemoryError} (one large allocation failing leaves the
   * heap usable).
   */
  static Object allocate(DataType.Storage storage, int length) {
    try {
      return allocateUnchecked(storage, length);
    } catch (OutOfMemoryError e) {
      throw new InvalidModelException("the model needs " + length + " " + storage.name().toLowerCase()
          + " elements of tensor memory at once, more than the Java heap can give (maximum heap "
          + Runtime.getRuntime().maxMemory() + " bytes)");
    }
  }

  private static Object allocateUnchecked(DataType.Storage storage, int length) {
    return switch (storage) {
      case FLOAT -> new float[length];
      case DOUBLE -> new double[length];
      case BYTE -> new byte[length];
      case SHORT -> new short[length];
      case INT -> new int[length];
      case LONG -> new long[length];
      case STRING -> new byte[length][];
      case NONE -> throw new IllegalStateException("resource and variant tensors hold no data");
    };
  }

  static void clear(Object array) {
    if (array instanceof float[] a) {
      java.util.Arrays.fill(a, 0f);
    } else if (array instanceof double[] a) {
      java.util.Arrays.fill(a, 0d);
    } else if (array instanceof byte[] a) {
      java.util.Arrays.fill(a, (byte) 0);
    } else if (array instanceof short[] a) {
      java.util.Arrays.fill(a, (short) 0);
    } else if (array instanceof int[] a) {
      java.util.Arrays.fill(a, 0);
    } else if (array instanceof long[] a) {
      java.util.Arrays.fill(a, 0L);
    } else if (array instanceof byte[][] a) {
      java.util.Arrays.fill(a, new byte[0]);
    }
  }

  static int length(Object array) {
    return java.lang.reflect.Array.getLength(array);
  }
}
