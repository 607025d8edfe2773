package dev.jlite.engine;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Copies between tensors and what applications hand over: Java arrays of any rank (whose shape must
 * match the tensor's, or a flat array with exactly its element count) or ByteBuffers holding the raw
 * element bytes in the buffer's byte order.
 */
final class TensorCopier {
  private TensorCopier() {}

  /**
   * The shape of a (possibly nested) Java array, or null if the object is not an array. For string
   * tensors a {@code byte[]} leaf is one string, not a dimension.
   */
  static int[] shapeOf(Object value, DataType type) {
    if (value == null || !value.getClass().isArray()) {
      return null;
    }
    int rank = 0;
    for (Class<?> c = value.getClass(); c.isArray() && !isStringLeaf(c, type); c = c.getComponentType()) {
      rank++;
    }
    int[] shape = new int[rank];
    Object level = value;
    for (int d = 0; d < rank; d++) {
      shape[d] = Array.getLength(level);
      if (shape[d] == 0) {
        break;
      }
      level = Array.get(level, 0);
    }
    return shape;
  }

  private static boolean isStringLeaf(Class<?> c, DataType type) {
    return type == DataType.STRING && c == byte[].class;
  }

  static void copyIn(Tensor tensor, Object source, String what) {
    if (source instanceof ByteBuffer buffer) {
      copyInBuffer(tensor, buffer, what);
      return;
    }
    int[] given = shapeOf(source, tensor.dataType());
    if (given == null) {
      throw new IllegalArgumentException(what + ": expected a Java array or ByteBuffer for "
          + describe(tensor) + ", got " + (source == null ? "null" : source.getClass().getName()));
    }
    checkLeafType(tensor, source.getClass(), what);
    boolean flat = given.length == 1 && given[0] == tensor.numElements();
    if (!flat && !tensor.hasShape(given)) {
      throw new IllegalArgumentException(what + ": expected shape "
          + Arrays.toString(tensor.shape()) + " for " + describe(tensor) + ", got a Java array of shape "
          + Arrays.toString(given));
    }
    int[] cursor = {tensor.offset()};
    walk(source, tensor, cursor, true);
  }

  static void copyOut(Tensor tensor, Object destination) {
    String what = "output " + describe(tensor);
    if (destination instanceof ByteBuffer buffer) {
      copyOutBuffer(tensor, buffer, what);
      return;
    }
    int[] given = shapeOf(destination, tensor.dataType());
    if (given == null) {
      throw new IllegalArgumentException(what + ": expected a Java array or ByteBuffer, got "
          + (destination == null ? "null" : destination.getClass().getName()));
    }
    checkLeafType(tensor, destination.getClass(), what);
    boolean flat = given.length == 1 && given[0] == tensor.numElements();
    if (!flat && !tensor.hasShape(given)) {
      throw new IllegalArgumentException("Cannot copy " + what + " of shape "
          + Arrays.toString(tensor.shape()) + " into a Java array of shape " + Arrays.toString(given));
    }
    int[] cursor = {tensor.offset()};
    walk(destination, tensor, cursor, false);
  }

  /** Visits the leaves of a nested array in row-major order, copying one leaf array at a time. */
  private static void walk(Object array, Tensor tensor, int[] cursor, boolean in) {
    Class<?> component = array.getClass().getComponentType();
    int n = Array.getLength(array);
    if (component.isArray() && !isStringLeaf(component, tensor.dataType())) {
      for (int i = 0; i < n; i++) {
        walk(Array.get(array, i), tensor, cursor, in);
      }
      return;
    }
    copyLeaf(array, tensor, cursor[0], n, in);
    cursor[0] += n;
  }

  private static void copyLeaf(Object leaf, Tensor tensor, int at, int n, boolean in) {
    DataType type = tensor.dataType();
    if (leaf instanceof float[] a) {
      move(a, tensor.floats(), at, n, in);
    } else if (leaf instanceof double[] a) {
      move(a, tensor.doubles(), at, n, in);
    } else if (leaf instanceof int[] a) {
      move(a, tensor.ints(), at, n, in);
    } else if (leaf instanceof long[] a) {
      move(a, tensor.longs(), at, n, in);
    } else if (leaf instanceof short[] a) {
      move(a, tensor.shorts(), at, n, in);
    } else if (leaf instanceof boolean[] a) {
      byte[] data = tensor.bytes();
      for (int i = 0; i < n; i++) {
        if (in) {
          data[at + i] = (byte) (a[i] ? 1 : 0);
        } else {
          a[i] = data[at + i] != 0;
        }
      }
    } else if (leaf instanceof byte[] a && type != DataType.STRING) {
      move(a, tensor.bytes(), at, n, in);
    } else if (leaf instanceof String[] a) {
      byte[][] data = tensor.strings();
      for (int i = 0; i < n; i++) {
        if (in) {
          data[at + i] = a[i] == null ? new byte[0] : a[i].getBytes(StandardCharsets.UTF_8);
        } else {
          a[i] = new String(data[at + i], StandardCharsets.UTF_8);
        }
      }
    } else if (leaf instanceof byte[][] a) {
      byte[][] data = tensor.strings();
      for (int i = 0; i < n; i++) {
        if (in) {
          data[at + i] = a[i] == null ? new byte[0] : a[i].clone();
        } else {
          a[i] = data[at + i].clone();
        }
      }
    } else {
      throw new AssertionError(leaf.getClass());
    }
  }

  private static void move(Object javaArray, Object tensorArray, int at, int n, boolean in) {
    if (in) {
      System.arraycopy(javaArray, 0, tensorArray, at, n);
    } else {
      System.arraycopy(tensorArray, at, javaArray, 0, n);
    }
  }

  private static void checkLeafType(Tensor tensor, Class<?> arrayClass, String what) {
    Class<?> leaf = leafType(arrayClass);
    DataType type = tensor.dataType();
    boolean ok = switch (type) {
      case FLOAT32 -> leaf == float.class;
      case FLOAT64 -> leaf == double.class;
      case INT32, UINT32 -> leaf == int.class;
      case INT64, UINT64 -> leaf == long.class;
      case INT16, UINT16, FLOAT16, BFLOAT16 -> leaf == short.class;
      case UINT8, INT8, INT4 -> leaf == byte.class;
      case BOOL -> leaf == boolean.class || leaf == byte.class;
      case STRING -> leaf == String.class || (leaf == byte.class && arrayClass != byte[].class);
      default -> false;
    };
    if (!ok) {
      throw new IllegalArgumentException(what + ": " + describe(tensor) + " needs "
          + expectedJavaType(type) + " data, got " + arrayClass.getSimpleName());
    }
  }

  private static Class<?> leafType(Class<?> arrayClass) {
    Class<?> c = arrayClass;
    while (c.isArray()) {
      c = c.getComponentType();
    }
    return c;
  }

  private static String expectedJavaType(DataType type) {
    return switch (type) {
      case FLOAT32 -> "float";
      case FLOAT64 -> "double";
      case INT32, UINT32 -> "int";
      case INT64, UINT64 -> "long";
      case INT16, UINT16, FLOAT16, BFLOAT16 -> "short";
      case UINT8, INT8, INT4 -> "byte";
      case BOOL -> "boolean";
      case STRING -> "String (or byte[] per string)";
      default -> "no Java";
    };
  }

  private static void copyInBuffer(Tensor tensor, ByteBuffer source, String what) {
    ByteBuffer b = source.duplicate().order(source.order());
    if (tensor.dataType() == DataType.STRING) {
      byte[][] strings = StringTensors.decode(b.slice().order(ByteOrder.LITTLE_ENDIAN));
      if (strings.length != tensor.numElements()) {
        throw new IllegalArgumentException(what + ": the encoded strings hold " + strings.length
            + " elements, " + describe(tensor) + " has " + tensor.numElements());
      }
      System.arraycopy(strings, 0, tensor.strings(), tensor.offset(), strings.length);
      return;
    }
    int expected = tensor.numBytes();
    if (b.remaining() != expected) {
      throw new IllegalArgumentException(what + ": " + describe(tensor) + " takes " + expected
          + " bytes, but the ByteBuffer has " + b.remaining() + " bytes remaining");
    }
    int at = tensor.offset();
    int n = tensor.numElements() * tensor.dataType().storageWidth();
    switch (tensor.dataType().storage()) {
      case FLOAT -> b.asFloatBuffer().get(tensor.floats(), at, n);
      case DOUBLE -> b.asDoubleBuffer().get(tensor.doubles(), at, n);
      case BYTE -> b.get(tensor.bytes(), at, n);
      case SHORT -> b.asShortBuffer().get(tensor.shorts(), at, n);
      case INT -> b.asIntBuffer().get(tensor.ints(), at, n);
      case LONG -> b.asLongBuffer().get(tensor.longs(), at, n);
      default -> throw new IllegalArgumentException(what + ": " + describe(tensor)
          + " cannot be filled from bytes");
    }
  }

  private static void copyOutBuffer(Tensor tensor, ByteBuffer destination, String what) {
    int bytes = tensor.numBytes();
    if (destination.remaining() < bytes) {
      throw new IllegalArgumentException(what + " needs " + bytes
          + " bytes, but the ByteBuffer has " + destination.remaining() + " bytes remaining");
    }
    if (tensor.dataType() == DataType.STRING) {
      StringTensors.encode(tensor.strings(), tensor.offset(), tensor.numElements(), destination);
      return;
    }
    ByteBuffer b = destination.duplicate().order(destination.order());
    int at = tensor.offset();
    int n = tensor.numElements() * tensor.dataType().storageWidth();
    switch (tensor.dataType().storage()) {
      case FLOAT -> b.asFloatBuffer().put(tensor.floats(), at, n);
      case DOUBLE -> b.asDoubleBuffer().put(tensor.doubles(), at, n);
      case BYTE -> b.put(tensor.bytes(), at, n);
      case SHORT -> b.asShortBuffer().put(tensor.shorts(), at, n);
      case INT -> b.asIntBuffer().put(tensor.ints(), at, n);
      case LONG -> b.asLongBuffer().put(tensor.longs(), at, n);
      default -> throw new IllegalArgumentException(what + " cannot be written as bytes");
    }
    destination.position(destination.position() + bytes);
  }

  static String describe(Tensor tensor) {
    return "tensor " + tensor.index() + " '" + tensor.name() + "' (" + tensor.dataType() + " "
        + Arrays.toString(tensor.shape()) + ")";
  }
}
