package dev.jlite.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The result filters of the classifying subcommands (a picocli mixin): maximum results, score
 * threshold, label allow and deny lists.
 */
final class ResultFilters {
  @Option(names = "--max-results", defaultValue = "5", paramLabel = "N",
      description = "Results per image (per head), best first; -1 for all (default: "
          + "${DEFAULT-VALUE}).")
  int maxResults;

  @Option(names = "--score-threshold", paramLabel = "F",
      description = "Drop results scoring below F (default: the model's metadata, else none).")
  Float scoreThreshold;

  @Option(names = "--allow", split = ",", paramLabel = "a,b", description = "Only these labels.")
  List<String> allow = new ArrayList<>();

  @Option(names = "--deny", split = ",", paramLabel = "a,b", description = "Never these labels.")
  List<String> deny = new ArrayList<>();

  /** Turns an option-validation message into the command line's names for the options. */
  static String optionNames(String message) {
    return message.replace("maxResults", "--max-results")
        .replace("labelAllowList and labelDenyList", "--allow and --deny")
        .replace("labelAllowList", "--allow")
        .replace("labelDenyList", "--deny");
  }
}
