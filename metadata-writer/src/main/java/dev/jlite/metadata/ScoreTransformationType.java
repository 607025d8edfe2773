package dev.jlite.metadata;

/**
 * The function applied to a score before sigmoid calibration (metadata schema {@code
 * ScoreTransformationType}): identity, log, or inverse logistic. The ordinal is the code.
 */
public enum ScoreTransformationType {
  IDENTITY,
  LOG,
  INVERSE_LOGISTIC;

  /** The value's code in the metadata flatbuffer. */
  public byte code() {
    return (byte) ordinal();
  }

  /**
   * The value with this code in the metadata flatbuffer.
   *
   * @throws MetadataException if no value has this code (metadata from a newer schema)
   */
  public static ScoreTransformationType of(int code) {
    ScoreTransformationType[] values = values();
    if (code < 0 || code >= values.length) {
      throw new MetadataException("unknown ScoreTransformationType code " + code);
    }
    return values[code];
  }
}
