package dev.jlite.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository's testdata directory; tests run in the module directory. */
final class Testdata {
  static final Path ROOT = Path.of("..", "testdata").toAbsolutePath().normalize();

  private Testdata() {}

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String text(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
