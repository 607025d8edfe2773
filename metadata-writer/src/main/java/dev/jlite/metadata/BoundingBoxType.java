package dev.jlite.metadata;

/**
 * How the four numbers of a box are laid out (metadata schema {@code BoundingBoxType}): {@code
 * BOUNDARIES} left, top, right, bottom; {@code UPPER_LEFT} x, y, width, height; {@code CENTER}
 * center x, center y, width, height. The ordinal is the code.
 */
public enum BoundingBoxType {
  UNKNOWN,
  BOUNDARIES,
  UPPER_LEFT,
  CENTER;

  /** The value's code in the metadata flatbuffer. */
  public byte code() {
    return (byte) ordinal();
  }

  /**
   * The value with this code in the metadata flatbuffer.
   *
   * @throws MetadataException if no value has this code (metadata from a newer schema)
   */
  public static BoundingBoxType of(int code) {
    BoundingBoxType[] values = values();
    if (code < 0 || code >= values.length) {
      throw new MetadataException("unknown BoundingBoxType code " + code);
    }
    return values[code];
  }
}
