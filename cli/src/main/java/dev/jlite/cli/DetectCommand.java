package dev.jlite.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.TensorImage;
import dev.jlite.task.vision.Annotations;
import dev.jlite.task.vision.Detection;
import dev.jlite.task.vision.ObjectDetector;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jlite detect [--model M] IMAGE…}: the objects an SSD detector finds in images. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = "Detect objects with an SSD object detection model (default: the bundled "
        + "COCO SSD MobileNet v1 quantized detector).")
final class DetectCommand implements Callable<Integer> {
  @Mixin
  private VisionOptions vision;

  @Mixin
  private ResultFilters filters;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    vision.checkUsage();
    ObjectDetector.Options options = options();
    List<TensorImage> loaded = vision.loadImages();
    List<List<Detection>> results = new ArrayList<>();
    try (ObjectDetector detector = TaskModels.create(vision.model, TaskModels.DEFAULT_DETECTOR,
        m -> ObjectDetector.create(m, options), b -> ObjectDetector.create(b, options))) {
      for (int i = 0; i < loaded.size(); i++) {
        try {
          results.add(detector.detect(loaded.get(i), vision.processing(i)));
        } catch (InvalidInputException e) {
          throw VisionInputs.invalid(vision.images.get(i) + ": " + e.getMessage(), e);
        }
      }
    }
    for (int i = 0; i < loaded.size(); i++) {
      int index = i;
      vision.writeAnnotation(i, () -> Annotations.detections(loaded.get(index), results.get(index)));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(vision.json ? json(results) : text(results));
    out.flush();
    return 0;
  }

  private ObjectDetector.Options options() {
    ObjectDetector.Options.Builder builder = ObjectDetector.Options.builder()
        .setBaseOptions(BaseOptions.builder().setNumThreads(vision.threads).build())
        .setDisplayNamesLocale(vision.locale)
        .setMaxResults(filters.maxResults)
        .setLabelAllowList(filters.allow)
        .setLabelDenyList(filters.deny);
    try {
      if (filters.scoreThreshold != null) {
        builder.setScoreThreshold(filters.scoreThreshold);
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw VisionInputs.invalid(ResultFilters.optionNames(e.getMessage()), e);
    }
  }

  private String text(List<List<Detection>> results) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < vision.images.size(); i++) {
      s.append(vision.images.get(i)).append('\n');
      if (results.get(i).isEmpty()) {
        s.append("  (no object above the score threshold)\n");
      }
      for (Detection d : results.get(i)) {
        Category c = d.categories().get(0);
        Rect b = d.boundingBox();
        s.append("  ").append(String.format(Locale.ROOT, "%.4f", c.score())).append("  ")
            .append(c.label().isEmpty() ? "#" + c.index() : c.label());
        if (!c.displayName().isEmpty()) {
          s.append(" (").append(c.displayName()).append(')');
        }
        s.append("  [").append(c.index()).append("]  left=").append(b.left())
            .append(" top=").append(b.top()).append(" width=").append(b.width())
            .append(" height=").append(b.height()).append('\n');
      }
    }
    return s.toString();
  }

  private String json(List<List<Detection>> results) {
    ObjectNode root = TaskJson.object();
    root.put("model", vision.modelName(TaskModels.DEFAULT_DETECTOR));
    ArrayNode out = root.putArray("results");
    for (int i = 0; i < vision.images.size(); i++) {
      ObjectNode result = out.addObject();
      result.put("image", vision.images.get(i).toString());
      ArrayNode detections = result.putArray("detections");
      for (Detection d : results.get(i)) {
        ObjectNode detection = detections.addObject();
        TaskJson.boundingBox(detection, d.boundingBox());
        TaskJson.categories(detection.putArray("categories"), d.categories());
      }
    }
    return TaskJson.render(root);
  }
}
