package dev.jlite.schema.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The official task goldens in {@code testdata/goldens/tasks.json}, and testdata paths, for the
 * task modules' tests.
 */
public final class Goldens {
  public static final Path TESTDATA = Path.of("..", "testdata").toAbsolutePath().normalize();

  private Goldens() {}

  public static JsonNode golden(String id) {
    try {
      JsonNode root = new ObjectMapper().readTree(TESTDATA.resolve("goldens/tasks.json").toFile());
      for (JsonNode c : root.get("cases")) {
        if (c.get("id").asText().equals(id)) {
          return c;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("no golden " + id);
  }

  /** A path of a golden ("models/..." are under testdata/models, "testdata/..." under testdata). */
  public static Path path(String goldenPath) {
    return TESTDATA.resolve(goldenPath.startsWith("testdata/")
        ? goldenPath.substring("testdata/".length())
        : goldenPath);
  }
}
