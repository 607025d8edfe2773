package dev.jlite.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real models under the repository's {@code testdata/models}. */
final class TestModels {
  static final Path ROOT = locateTestdata().resolve("models");

  private TestModels() {}

  /** Every {@code .tflite} file under testdata/models, sorted. */
  static List<Path> all() {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.filter(p -> p.toString().endsWith(".tflite")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path model(String relative) {
    return ROOT.resolve(relative);
  }

  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(model(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository's testdata folder, found from the module directory Maven runs tests in. */
  private static Path locateTestdata() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("testdata/models"))) {
        return dir.resolve("testdata");
      }
    }
    throw new IllegalStateException("testdata/models not found above " + Path.of("").toAbsolutePath());
  }
}
