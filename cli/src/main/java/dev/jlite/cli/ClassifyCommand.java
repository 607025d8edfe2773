package dev.jlite.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.TensorImage;
import dev.jlite.task.vision.ImageClassifier;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jlite classify [--model M] IMAGE…}: the classes an image classifier sees in images. */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = "Classify images with an image classification model (default: the bundled "
        + "MobileNet v1 0.25 quantized ImageNet classifier).")
final class ClassifyCommand implements Callable<Integer> {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(arity = "1..*", paramLabel = "IMAGE",
      description = "JPEG, PNG, BMP or GIF files.")
  private List<Path> images;

  @Option(names = "--model", paramLabel = "M",
      description = "The .tflite image classifier (default: the bundled MobileNet).")
  private Path model;

  @Option(names = "--max-results", defaultValue = "5", paramLabel = "N",
      description = "Classes per head, best first; -1 for all (default: ${DEFAULT-VALUE}).")
  private int maxResults;

  @Option(names = "--score-threshold", paramLabel = "F",
      description = "Drop classes scoring below F (default: the model's metadata, else none).")
  private Float scoreThreshold;

  @Option(names = "--allow", split = ",", paramLabel = "a,b",
      description = "Only these labels.")
  private List<String> allow = new ArrayList<>();

  @Option(names = "--deny", split = ",", paramLabel = "a,b",
      description = "Never these labels.")
  private List<String> deny = new ArrayList<>();

  @Option(names = "--locale", defaultValue = "en", paramLabel = "L",
      description = "Locale of display names (default: ${DEFAULT-VALUE}).")
  private String locale;

  @Option(names = "--roi", paramLabel = "x,y,w,h",
      description = "Region of interest in pixels of the stored image (default: all of it).")
  private String roi;

  @Option(names = "--orientation", paramLabel = "1..8",
      description = "EXIF orientation of the stored pixels (default: the file's EXIF tag, else 1).")
  private Integer orientation;

  @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
      description = "Threads to run kernels on (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Option(names = "--json", description = "Print JSON (camelCase keys) instead of text.")
  private boolean json;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    if (threads < 1) {
      throw new CommandFailure(2, "--threads must be at least 1, was " + threads, null);
    }
    ImageClassifier.Options options = options();
    List<TensorImage> loaded = new ArrayList<>();
    List<ImageProcessingOptions> processing = new ArrayList<>();
    for (Path image : images) {
      loaded.add(VisionInputs.load(image));
      processing.add(VisionInputs.processing(image, roi, orientation));
    }
    List<List<Classifications>> results = new ArrayList<>();
    try (ImageClassifier classifier = TaskModels.create(model, TaskModels.DEFAULT_CLASSIFIER,
        m -> ImageClassifier.create(m, options), b -> ImageClassifier.create(b, options))) {
      for (int i = 0; i < loaded.size(); i++) {
        try {
          results.add(classifier.classify(loaded.get(i), processing.get(i)));
        } catch (InvalidInputException e) {
          throw VisionInputs.invalid(images.get(i) + ": " + e.getMessage(), e);
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? json(results) : text(results));
    out.flush();
    return 0;
  }

  private ImageClassifier.Options options() {
    ImageClassifier.Options.Builder builder = ImageClassifier.Options.builder()
        .setBaseOptions(BaseOptions.builder().setNumThreads(threads).build())
        .setDisplayNamesLocale(locale)
        .setMaxResults(maxResults)
        .setLabelAllowList(allow)
        .setLabelDenyList(deny);
    try {
      if (scoreThreshold != null) {
        builder.setScoreThreshold(scoreThreshold);
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw VisionInputs.invalid(e.getMessage().replace("maxResults", "--max-results")
          .replace("labelAllowList and labelDenyList", "--allow and --deny"), e);
    }
  }

  private String text(List<List<Classifications>> results) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < images.size(); i++) {
      s.append(images.get(i)).append('\n');
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
    ObjectNode root = MAPPER.createObjectNode();
    root.put("model",
        model != null ? model.toString() : "bundled:" + TaskModels.DEFAULT_CLASSIFIER);
    ArrayNode out = root.putArray("results");
    for (int i = 0; i < images.size(); i++) {
      ObjectNode result = out.addObject();
      result.put("image", images.get(i).toString());
      ArrayNode heads = result.putArray("classifications");
      for (Classifications head : results.get(i)) {
        ObjectNode h = heads.addObject();
        h.put("headIndex", head.headIndex());
        h.put("headName", head.headName().isEmpty() ? null : head.headName());
        ArrayNode categories = h.putArray("categories");
        for (Category c : head.categories()) {
          categories.addObject()
              .put("index", c.index())
              .put("label", c.label().isEmpty() ? null : c.label())
              .put("displayName", c.displayName().isEmpty() ? null : c.displayName())
              .put("score", c.score());
        }
      }
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
