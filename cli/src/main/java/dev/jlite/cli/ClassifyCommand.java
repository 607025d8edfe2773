package dev.jlite.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.TensorImage;
import dev.jlite.task.vision.Annotations;
import dev.jlite.task.vision.ImageClassifier;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code jlite classify [--model M] IMAGE…}: the classes an image classifier sees in images. */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = "Classify images with an image classification model (default: the bundled "
        + "MobileNet v1 0.25 quantized ImageNet classifier).")
final class ClassifyCommand implements Callable<Integer> {
  @Mixin
  private VisionOptions vision;

  @Mixin
  private ResultFilters filters;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    vision.checkUsage();
    ImageClassifier.Options options = options();
    List<TensorImage> loaded = vision.loadImages();
    List<List<Classifications>> results = new ArrayList<>();
    try (ImageClassifier classifier = TaskModels.create(vision.model,
        TaskModels.DEFAULT_CLASSIFIER, m -> ImageClassifier.create(m, options),
        b -> ImageClassifier.create(b, options))) {
      for (int i = 0; i < loaded.size(); i++) {
        try {
          results.add(classifier.classify(loaded.get(i), vision.processing(i)));
        } catch (InvalidInputException e) {
          throw VisionInputs.invalid(vision.images.get(i) + ": " + e.getMessage(), e);
        }
      }
    }
    for (int i = 0; i < loaded.size(); i++) {
      int index = i;
      vision.writeAnnotation(i, () -> Annotations.classifications(loaded.get(index), results.get(index)));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(vision.json ? json(results) : text(results));
    out.flush();
    return 0;
  }

  private ImageClassifier.Options options() {
    ImageClassifier.Options.Builder builder = ImageClassifier.Options.builder()
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

  private String text(List<List<Classifications>> results) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < vision.images.size(); i++) {
      s.append(vision.images.get(i)).append('\n');
      List<Classifications> heads = results.get(i);
      for (Classifications head : heads) {
        String indent = "  ";
        if (heads.size() > 1) {
          s.append("  head ").append(head.headIndex())
              .append(head.headName().isEmpty() ? "" : " (" + head.headName() + ")").append('\n');
          indent = "    ";
        }
        if (head.categories().isEmpty()) {
          s.append(indent).append("(no class above the score threshold)\n");
        }
        for (Category c : head.categories()) {
          s.append(indent).append(String.format(Locale.ROOT, "%.4f", c.score())).append("  ")
              .append(c.label().isEmpty() ? "#" + c.index() : c.label());
          if (!c.displayName().isEmpty()) {
            s.append(" (").append(c.displayName()).append(')');
          }
          s.append("  [").append(c.index()).append("]\n");
        }
      }
    }
    return s.toString();
  }

  private String json(List<List<Classifications>> results) {
    ObjectNode root = TaskJson.object();
    root.put("model", vision.modelName(TaskModels.DEFAULT_CLASSIFIER));
    ArrayNode out = root.putArray("results");
    for (int i = 0; i < vision.images.size(); i++) {
      ObjectNode result = out.addObject();
      result.put("image", vision.images.get(i).toString());
      ArrayNode heads = result.putArray("classifications");
      for (Classifications head : results.get(i)) {
        ObjectNode h = heads.addObject();
        h.put("headIndex", head.headIndex());
        h.put("headName", head.headName().isEmpty() ? null : head.headName());
        TaskJson.categories(h.putArray("categories"), head.categories());
      }
    }
    return TaskJson.render(root);
  }
}
