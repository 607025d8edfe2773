package dev.jlite.schema;

/** Preconditions for the model writer: programmer errors fail early with the bad value named. */
final class Checks {
  private Checks() {}

  static <T> T notNull(T value, String what) {
    if (value == null) {
      throw new NullPointerException(what + " is null");
    }
    return value;
  }

  static int nonNegative(int value, String what) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " is " + value + ", must not be negative");
    }
    return value;
  }

  static int positive(int value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " is " + value + ", must be positive");
    }
    return value;
  }
}
