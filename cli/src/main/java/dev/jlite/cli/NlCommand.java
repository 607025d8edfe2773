package dev.jlite.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.text.NLClassifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jlite nl [--model M] TEXT}: the score of every class of an NL classifier. */
@Command(
    name = "nl",
    mixinStandardHelpOptions = true,
    description = "Classify a text with an NL classifier (default: the bundled movie review "
        + "sentiment model with a regex tokenizer).")
final class NlCommand implements Callable<Integer> {
  /** The default NL classifier (bundled from testdata/models/text). */
  static final String DEFAULT_MODEL = "test_model_nl_classifier_with_regex_tokenizer.tflite";

  @Option(names = "--model", paramLabel = "MODEL",
      description = "The NL classifier model (default: the bundled one).")
  private Path model;

  @Option(names = "--json", description = "Print the result as JSON.")
  private boolean json;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
      description = "Inference threads (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Parameters(paramLabel = "TEXT", description = "The text to classify.")
  private String text;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    if (threads < 1) {
      throw new CommandFailure(2, "--threads must be at least 1, was " + threads, null);
    }
    NLClassifier.Options options = NLClassifier.Options.builder()
        .setBaseOptions(BaseOptions.builder().setNumThreads(threads).build()).build();
    List<Category> result;
    try (NLClassifier classifier = TaskModels.create(model, DEFAULT_MODEL,
        m -> NLClassifier.create(m, options), b -> NLClassifier.create(b, options))) {
      result = classifier.classify(text);
    } catch (InvalidInputException e) {
      throw VisionInputs.invalid("invalid text: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? json(result) : text(result));
    out.flush();
    return 0;
  }

  private static String text(List<Category> result) {
    StringBuilder s = new StringBuilder();
    for (Category c : result) {
      s.append(String.format(Locale.ROOT, "%.6f", c.score())).append("  ")
          .append(c.label()).append("  [").append(c.index()).append("]\n");
    }
    return s.toString();
  }

  private String json(List<Category> result) {
    ObjectNode root = TaskJson.object();
    root.put("model", model != null ? model.toString() : "bundled:" + DEFAULT_MODEL);
    root.put("text", text);
    TaskJson.categories(root.putArray("categories"), result);
    return TaskJson.render(root);
  }
}
