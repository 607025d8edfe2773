package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Tensor;

/**
 * Type-independent element moves for the data-movement kernels: a tensor's backing array as an
 * {@code Object}, and two-level strided copy and fill loops specialised per array kind. Every
 * element type these kernels move (float32, int32, int64, uint8, int8, int16, bool, string) lives
 * in one of the array kinds handled here, so moving bytes never needs to know the type's meaning.
 */
final class ElementArrays {
  /** The element types data-movement kernels accept, strings excluded. */
  static final DataType[] NUMERIC = {DataType.FLOAT32, DataType.INT32, DataType.INT64,
      DataType.UINT8, DataType.INT8, DataType.INT16, DataType.BOOL};
  /** {@link #NUMERIC} and STRING. */
  static final DataType[] WITH_STRING = {DataType.FLOAT32, DataType.INT32, DataType.INT64,
      DataType.UINT8, DataType.INT8, DataType.INT16, DataType.BOOL, DataType.STRING};

  /** Tile edge for strided two-level copies. */
  private static final int TILE = 32;

  private ElementArrays() {}

  /** The tensor's backing array (add {@link Tensor#offset()} to every index). */
  static Object of(Tensor t) {
    return switch (t.dataType()) {
      case FLOAT32, COMPLEX64 -> t.floats();
      case INT32 -> t.ints();
      case INT64 -> t.longs();
      case UINT8, INT8, BOOL -> t.bytes();
      case INT16 -> t.shorts();
      case STRING -> t.strings();
      default -> throw new IllegalStateException("no element array for " + t.dataType());
    };
  }

  /**
   * Copies an {@code n0 x n1} block: element (i, j) goes from {@code src[s + i*ss0 + j*ss1]} to
   * {@code dst[d + i*ds0 + j*ds1]}. Source and destination must be arrays of the same kind.
   */
  static void copy2d(Object src, int s, int ss0, int ss1, Object dst, int d, int ds0, int ds1,
      int n0, int n1) {
    if (ss1 == 1 && ds1 == 1) {
      for (int i = 0; i < n0; i++, s += ss0, d += ds0) {
        System.arraycopy(src, s, dst, d, n1);
      }
    } else if (n0 >= TILE && n1 >= TILE) {
      // A transposition: walk TILE x TILE tiles so the rows of both arrays a tile touches stay
      // in cache (2-3x faster than whole rows on NHWC <-> NCHW and 2-D float transposes).
      for (int i = 0; i < n0; i += TILE) {
        int rows = Math.min(TILE, n0 - i);
        for (int j = 0; j < n1; j += TILE) {
          copyBlock(src, s + i * ss0 + j * ss1, ss0, ss1, dst, d + i * ds0 + j * ds1, ds0, ds1,
              rows, Math.min(TILE, n1 - j));
        }
      }
    } else {
      copyBlock(src, s, ss0, ss1, dst, d, ds0, ds1, n0, n1);
    }
  }

  private static void copyBlock(Object src, int s, int ss0, int ss1, Object dst, int d, int ds0,
      int ds1, int n0, int n1) {
    if (src instanceof float[] a) {
      float[] b = (float[]) dst;
      for (int i = 0; i < n0; i++, s += ss0, d += ds0) {
        for (int j = 0, p = s, q = d; j < n1; j++, p += ss1, q += ds1) {
          b[q] = a[p];
        }
      }
    } else if (src instanceof int[] a) {
      int[] b = (int[]) dst;
      for (int i = 0; i < n0; i++, s += ss0, d += ds0) {
        for (int j = 0, p = s, q = d; j < n1; j++, p += ss1, q += ds1) {
          b[q] = a[p];
        }
      }
    } else if (src instanceof byte[] a) {
      byte[] b = (byte[]) dst;
      for (int i = 0; i < n0; i++, s += ss0, d += ds0) {
        for (int j = 0, p = s, q = d; j < n1; j++, p += ss1, q += ds1) {
          b[q] = a[p];
        }
      }
    } else if (src instanceof long[] a) {
      long[] b = (long[]) dst;
      for (int i = 0; i < n0; i++, s += ss0, d += ds0) {
        for (int j = 0, p = s, q = d; j < n1; j++, p += ss1, q += ds1) {
          b[q] = a[p];
        }
      }
    } else if (src instanceof short[] a) {
      short[] b = (short[]) dst;
      for (int i = 0; i < n0; i++, s += ss0, d += ds0) {
        for (int j = 0, p = s, q = d; j < n1; j++, p += ss1, q += ds1) {
          b[q] = a[p];
        }
      }
    } else {
      Object[] a = (Object[]) src;
      Object[] b = (Object[]) dst;
      for (int i = 0; i < n0; i++, s += ss0, d += ds0) {
        for (int j = 0, p = s, q = d; j < n1; j++, p += ss1, q += ds1) {
          b[q] = a[p];
        }
      }
    }
  }

  /**
   * Copies {@code n} elements, element j going from {@code src[s + map[j]]} to
   * {@code dst[d + j]}; used where a dimension is walked through an index table.
   */
  static void copyMapped(Object src, int s, int[] map, Object dst, int d, int n) {
    if (src instanceof float[] a) {
      float[] b = (float[]) dst;
      for (int j = 0; j < n; j++) {
        b[d + j] = a[s + map[j]];
      }
    } else if (src instanceof int[] a) {
      int[] b = (int[]) dst;
      for (int j = 0; j < n; j++) {
        b[d + j] = a[s + map[j]];
      }
    } else if (src instanceof byte[] a) {
      byte[] b = (byte[]) dst;
      for (int j = 0; j < n; j++) {
        b[d + j] = a[s + map[j]];
      }
    } else if (src instanceof long[] a) {
      long[] b = (long[]) dst;
      for (int j = 0; j < n; j++) {
        b[d + j] = a[s + map[j]];
      }
    } else if (src instanceof short[] a) {
      short[] b = (short[]) dst;
      for (int j = 0; j < n; j++) {
        b[d + j] = a[s + map[j]];
      }
    } else {
      Object[] a = (Object[]) src;
      Object[] b = (Object[]) dst;
      for (int j = 0; j < n; j++) {
        b[d + j] = a[s + map[j]];
      }
    }
  }

  /**
   * Fills {@code n} elements from {@code d} with the value held at {@code value[v]} (an array of
   * the destination's kind).
   */
  static void fill(Object dst, int d, int n, Object value, int v) {
    if (dst instanceof float[] b) {
      java.util.Arrays.fill(b, d, d + n, ((float[]) value)[v]);
    } else if (dst instanceof int[] b) {
      java.util.Arrays.fill(b, d, d + n, ((int[]) value)[v]);
    } else if (dst instanceof byte[] b) {
      java.util.Arrays.fill(b, d, d + n, ((byte[]) value)[v]);
    } else if (dst instanceof long[] b) {
      java.util.Arrays.fill(b, d, d + n, ((long[]) value)[v]);
    } else if (dst instanceof short[] b) {
      java.util.Arrays.fill(b, d, d + n, ((short[]) value)[v]);
    } else {
      java.util.Arrays.fill((Object[]) dst, d, d + n, ((Object[]) value)[v]);
    }
  }

  /**
   * A one-element array of the tensor's kind holding {@code zeroPoint}: the value that stands for
   * 0 (0 for float, integer and bool tensors; the zero point for quantized 8/16-bit tensors; the
   * empty string for strings).
   */
  static Object zero(Tensor t) {
    int zeroPoint = t.quantizationParams().zeroPoint();
    return switch (t.dataType()) {
      case FLOAT32 -> new float[1];
      case INT32 -> new int[1];
      case INT64 -> new long[1];
      case UINT8, INT8 -> new byte[] {(byte) zeroPoint};
      case BOOL -> new byte[1];
      case INT16 -> new short[] {(short) zeroPoint};
      case STRING -> new byte[][] {new byte[0]};
      default -> throw new IllegalStateException("no zero for " + t.dataType());
    };
  }
}
