package dev.jlite.metadata;

/**
 * What an associated file holds (metadata schema {@code AssociatedFileType}); values in schema
 * order, so the ordinal is the code.
 */
public enum AssociatedFileType {
  UNKNOWN,
  DESCRIPTIONS,
  TENSOR_AXIS_LABELS,
  TENSOR_VALUE_LABELS,
  TENSOR_AXIS_SCORE_CALIBRATION,
  VOCABULARY,
  SCANN_INDEX_FILE;

  /** The value's code in the metadata flatbuffer. */
  public byte code() {
    return (byte) ordinal();
  }

  /**
   * The value with this code in the metadata flatbuffer.
   *
   * @throws MetadataException if no value has this code (metadata from a newer schema)
   */
  public static AssociatedFileType of(int code) {
    AssociatedFileType[] values = values();
    if (code < 0 || code >= values.length) {
      throw new MetadataException("unknown AssociatedFileType code " + code);
    }
    return values[code];
  }
}
