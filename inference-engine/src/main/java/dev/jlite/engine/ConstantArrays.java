package dev.jlite.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Turns a constant tensor's little-endian bytes from the model into its Java array form. */
final class ConstantArrays {
  private ConstantArrays() {}

  static Object materialize(DataType type, ByteBuffer bytes, int elements) {
    ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int n = elements * type.storageWidth();
    switch (type.storage()) {
      case FLOAT -> {
        float[] a = new float[n];
        b.asFloatBuffer().get(a);
        return a;
      }
      case DOUBLE -> {
        double[] a = new double[n];
        b.asDoubleBuffer().get(a);
        return a;
      }
      case BYTE -> {
        byte[] a = new byte[n];
        b.get(a);
        return a;
      }
      case SHORT -> {
        short[] a = new short[n];
        b.asShortBuffer().get(a);
        return a;
      }
      case INT -> {
        int[] a = new int[n];
        b.asIntBuffer().get(a);
        return a;
      }
      case LONG -> {
        long[] a = new long[n];
        b.asLongBuffer().get(a);
        return a;
      }
      case STRING -> {
        return StringTensors.decode(b);
      }
      default -> throw new IllegalStateException(type + " tensors cannot be constant");
    }
  }
}
