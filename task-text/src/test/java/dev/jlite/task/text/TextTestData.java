package dev.jlite.task.text;

import java.nio.file.Path;

/** Paths in the repository's testdata; tests run in the module directory. */
final class TextTestData {
  static final Path ROOT = Path.of("..", "testdata").toAbsolutePath().normalize();

  private TextTestData() {}

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }
}
