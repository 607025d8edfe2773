package dev.jlite.metadata;

/**
 * Whether box coordinates are ratios of the image size or pixels (metadata schema {@code
 * CoordinateType}); the ordinal is the code.
 */
public enum CoordinateType {
  RATIO,
  PIXEL;

  /** The value's code in the metadata flatbuffer. */
  public byte code() {
    return (byte) ordinal();
  }

  /**
   * The value with this code in the metadata flatbuffer.
   *
   * @throws MetadataException if no value has this code (metadata from a newer schema)
   */
  public static CoordinateType of(int code) {
    CoordinateType[] values = values();
    if (code < 0 || code >= values.length) {
      throw new MetadataException("unknown CoordinateType code " + code);
    }
    return values[code];
  }
}
