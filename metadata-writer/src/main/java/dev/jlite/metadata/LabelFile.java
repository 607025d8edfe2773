package dev.jlite.metadata;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A label file, one label per line, for a locale or for none. In the metadata it is named by its
 * base name, as the official writers do.
 */
public record LabelFile(Path path, String locale) {
  public LabelFile {
    Objects.requireNonNull(path, "path");
  }

  /** A label file without a locale. */
  public static LabelFile of(Path path) {
    return new LabelFile(path, null);
  }

  /**
   * Parses {@code FILE} or {@code FILE:LOCALE} (a locale is letters, digits, {@code -} and {@code
   * _} after the last colon), as the command line takes label files.
   */
  public static LabelFile parse(String spec) {
    int colon = spec.lastIndexOf(':');
    if (colon > 0 && spec.substring(colon + 1).matches("[A-Za-z0-9_-]+")) {
      return new LabelFile(Path.of(spec.substring(0, colon)), spec.substring(colon + 1));
    }
    return of(Path.of(spec));
  }

  AssociatedFile metadata(AssociatedFileType type) {
    return new AssociatedFile(path.getFileName().toString(),
        "Labels for categories that the model can recognize.", type, locale, null);
  }
}
