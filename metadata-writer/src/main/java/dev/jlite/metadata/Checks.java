package dev.jlite.metadata;

/** Range checks for the schema's unsigned fields. */
final class Checks {
  private static final long MAX_UINT = 0xFFFF_FFFFL;

  private Checks() {}

  /**
   * Checks that a string is valid Unicode (no unpaired surrogate), as a flatbuffer string must
   * be UTF-8.
   */
  static String unicode(String where, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new MetadataException(where + " \"" + value + "\" holds an unpaired surrogate at"
            + " index " + i + "; metadata strings must be valid Unicode");
      }
    }
    return value;
  }

  static long uint(String field, long value) {
    if (value < 0 || value > MAX_UINT) {
      throw new MetadataException(field + " must be an unsigned 32-bit integer, got " + value);
    }
    return value;
  }
}
