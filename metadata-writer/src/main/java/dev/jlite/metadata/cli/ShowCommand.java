package dev.jlite.metadata.cli;

import dev.jlite.metadata.MetadataJson;
import dev.jlite.metadata.ModelMetadata;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.ModelFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jlite metadata show MODEL [--json]}. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show a model's metadata; --json prints it exactly as the official"
        + " MetadataDisplayer does.")
final class ShowCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "MODEL", description = "The .tflite file.")
  private Path model;

  @Option(names = "--json", description = "Print the official displayer's JSON.")
  private boolean json;

  @Override
  int run() {
    ModelFile file = openModel(model);
    MetadataExtractor extractor = MetadataExtractor.of(file);
    if (!extractor.hasMetadata()) {
      throw new Failure(Failure.INVALID_MODEL, model + " has no metadata", null);
    }
    ModelMetadata metadata = ModelMetadata.fromFlatBuffer(extractor.metadataBuffer().get());
    PrintWriter out = out();
    out.print(json ? MetadataJson.toJson(metadata)
        : MetadataText.render(metadata, extractor.associatedFileNames()));
    out.flush();
    return 0;
  }
}
