package dev.jlite.metadata.cli;

import dev.jlite.metadata.LintFinding;
import dev.jlite.metadata.MetadataLint;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jlite metadata lint MODEL}: one line per finding; exit code 3 if any is an error, else 0.
 */
@Command(name = "lint", mixinStandardHelpOptions = true,
    description = "Check a model's metadata for problems the official tools let through.")
final class LintCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "MODEL", description = "The .tflite file.")
  private Path model;

  @Override
  int run() {
    List<LintFinding> findings = MetadataLint.lint(openModel(model));
    for (LintFinding finding : findings) {
      out().println(finding);
    }
    boolean errors = findings.stream()
        .anyMatch(f -> f.severity() == LintFinding.Severity.ERROR);
    if (findings.isEmpty()) {
      out().println("ok: no problems found in " + model);
    }
    out().flush();
    return errors ? Failure.INVALID_MODEL : 0;
  }
}
