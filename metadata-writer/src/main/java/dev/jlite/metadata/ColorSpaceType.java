package dev.jlite.metadata;

/**
 * The color space of an image tensor (metadata schema {@code ColorSpaceType}); the ordinal is the
 * code.
 */
public enum ColorSpaceType {
  UNKNOWN,
  RGB,
  GRAYSCALE;

  /** The value's code in the metadata flatbuffer. */
  public byte code() {
    return (byte) ordinal();
  }

  /**
   * The value with this code in the metadata flatbuffer.
   *
   * @throws MetadataException if no value has this code (metadata from a newer schema)
   */
  public static ColorSpaceType of(int code) {
    ColorSpaceType[] values = values();
    if (code < 0 || code >= values.length) {
      throw new MetadataException("unknown ColorSpaceType code " + code);
    }
    return values[code];
  }
}
