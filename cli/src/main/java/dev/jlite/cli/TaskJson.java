package dev.jlite.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.Rect;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON pieces the task subcommands share, with the keys GUIDE §4 fixes: categories as {@code
 * index, label, displayName, score} (absent names are null) and boxes as {@code boundingBox{left,
 * top, width, height}}.
 */
final class TaskJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TaskJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static void categories(ArrayNode out, List<Category> categories) {
    for (Category c : categories) {
      out.addObject()
          .put("index", c.index())
          .put("label", c.label().isEmpty() ? null : c.label())
          .put("displayName", c.displayName().isEmpty() ? null : c.displayName())
          .put("score", c.score());
    }
  }

  static void boundingBox(ObjectNode parent, Rect box) {
    parent.putObject("boundingBox")
        .put("left", box.left())
        .put("top", box.top())
        .put("width", box.width())
        .put("height", box.height());
  }

  static String render(ObjectNode root) {
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
