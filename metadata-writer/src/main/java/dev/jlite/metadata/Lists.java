package dev.jlite.metadata;

import java.util.List;

/** Immutable copies of optional lists: {@code null} (the field is absent) stays {@code null}. */
final class Lists {
  private Lists() {}

  static <T> List<T> copy(List<T> list) {
    return list == null ? null : List.copyOf(list);
  }
}
