package dev.jlite.cli;

import dev.jlite.cli.summary.MetadataSummary;
import dev.jlite.cli.summary.ModelSummary;
import dev.jlite.schema.ModelFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jlite inspect MODEL [--json]}: what a model takes, returns, contains and says of itself. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Show a model's inputs, outputs, operators, signatures and metadata.")
final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "The .tflite file.")
  private Path modelPath;

  @Option(names = "--json", description = "Print JSON (camelCase keys) instead of text.")
  private boolean json;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    ModelFile model = ModelLoader.open(modelPath);
    ModelSummary summary = ModelSummary.of(model);
    Optional<MetadataSummary> metadata = ModelLoader.read(modelPath, model, MetadataSummary::of);
    PrintWriter out = spec.commandLine().getOut();
    ArenaPlan arena = ArenaPlan.of(model);
    out.print(json ? JsonReport.render(summary, metadata, arena)
        : TextReport.render(summary, metadata, arena));
    out.flush();
    return 0;
  }
}
