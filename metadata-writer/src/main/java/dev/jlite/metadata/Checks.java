package dev.jlite.metadata;

/** Range checks for the schema's unsigned fields. */
final class Checks {
  private static final long MAX_UINT = 0xFFFF_FFFFL;

  private Checks() {}

  static long uint(String field, long value) {
    if (value < 0 || value > MAX_UINT) {
      throw new MetadataException(field + " must be an unsigned 32-bit integer, got " + value);
    }
    return value;
  }
}
