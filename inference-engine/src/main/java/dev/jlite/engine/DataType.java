package dev.jlite.engine;

import dev.jlite.schema.model.TensorType;

/** Element type of a tensor, with the schema's type code and its size in bytes. */
public enum DataType {
  FLOAT32(TensorType.FLOAT32, 4, Storage.FLOAT),
  FLOAT16(TensorType.FLOAT16, 2, Storage.SHORT),
  BFLOAT16(TensorType.BFLOAT16, 2, Storage.SHORT),
  FLOAT64(TensorType.FLOAT64, 8, Storage.DOUBLE),
  INT8(TensorType.INT8, 1, Storage.BYTE),
  UINT8(TensorType.UINT8, 1, Storage.BYTE),
  INT16(TensorType.INT16, 2, Storage.SHORT),
  UINT16(TensorType.UINT16, 2, Storage.SHORT),
  INT32(TensorType.INT32, 4, Storage.INT),
  UINT32(TensorType.UINT32, 4, Storage.INT),
  INT64(TensorType.INT64, 8, Storage.LONG),
  UINT64(TensorType.UINT64, 8, Storage.LONG),
  BOOL(TensorType.BOOL, 1, Storage.BYTE),
  /** Two float32 values (real, imaginary) per element. */
  COMPLEX64(TensorType.COMPLEX64, 8, Storage.FLOAT),
  /** Two float64 values per element. */
  COMPLEX128(TensorType.COMPLEX128, 16, Storage.DOUBLE),
  /** Variable-length byte strings; no fixed element size. */
  STRING(TensorType.STRING, 0, Storage.STRING),
  /** Four-bit integers, one per byte in memory. */
  INT4(TensorType.INT4, 1, Storage.BYTE),
  RESOURCE(TensorType.RESOURCE, 0, Storage.NONE),
  VARIANT(TensorType.VARIANT, 0, Storage.NONE);

  /** The Java array kind that holds a tensor's elements. */
  enum Storage { FLOAT, DOUBLE, BYTE, SHORT, INT, LONG, STRING, NONE }

  private static final DataType[] BY_CODE = new DataType[TensorType.BFLOAT16 + 1];

  static {
    for (DataType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final int code;
  private final int byteSize;
  private final Storage storage;

  DataType(int code, int byteSize, Storage storage) {
    this.code = code;
    this.byteSize = byteSize;
    this.storage = storage;
  }

  /** The type's code in the TFLite schema ({@code TensorType}). */
  public int code() {
    return code;
  }

  /** Bytes per element in a tensor's raw (little-endian) form; 0 for strings, resources, variants. */
  public int byteSize() {
    return byteSize;
  }

  Storage storage() {
    return storage;
  }

  /** Elements of the backing Java array per tensor element (2 for complex types). */
  int storageWidth() {
    return this == COMPLEX64 || this == COMPLEX128 ? 2 : 1;
  }

  /** Whether values are stored as integers that quantization parameters may map to reals. */
  public boolean isQuantizable() {
    return this == INT8 || this == UINT8 || this == INT16 || this == INT32 || this == INT4;
  }

  /** The data type of a schema type code. */
  public static DataType fromCode(int code) {
    if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
      throw new IllegalArgumentException("unknown tensor type code " + code);
    }
    return BY_CODE[code];
  }
}
