package dev.jlite.metadata.cli;

import dev.jlite.metadata.MetadataJson;
import dev.jlite.metadata.ModelMetadata;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.ModelFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jlite metadata extract MODEL DIR}: writes {@code metadata.json} (the displayer's JSON)
 * and every associated file into DIR, creating it if needed.
 */
@Command(name = "extract", mixinStandardHelpOptions = true,
    description = "Write a model's metadata.json and associated files into a directory.")
final class ExtractCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "MODEL", description = "The .tflite file.")
  private Path model;

  @Parameters(index = "1", paramLabel = "DIR", description = "Where to write the files.")
  private Path directory;

  @Override
  int run() throws IOException {
    ModelFile file = openModel(model);
    MetadataExtractor extractor = MetadataExtractor.of(file);
    for (String name : extractor.associatedFileNames()) {
      // Names come from the model: a path in one must not write outside DIR.
      if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".")
          || name.equals("..") || name.equals("metadata.json")) {
        throw new Failure(Failure.INVALID_MODEL, "invalid model " + model
            + ": associated file name \"" + name + "\" cannot be extracted as a file name", null);
      }
    }
    Files.createDirectories(directory);
    int written = 0;
    if (extractor.hasMetadata()) {
      ModelMetadata metadata = ModelMetadata.fromFlatBuffer(extractor.metadataBuffer().get());
      write(directory.resolve("metadata.json"),
          MetadataJson.toJson(metadata).getBytes(StandardCharsets.UTF_8));
      written++;
    }
    for (String name : extractor.associatedFileNames()) {
      ByteBuffer data = extractor.associatedFile(name).orElseThrow();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      write(directory.resolve(name), bytes);
      written++;
    }
    out().println("wrote " + written + " file" + (written == 1 ? "" : "s") + " to " + directory);
    out().flush();
    return 0;
  }

  private static void write(Path target, byte[] bytes) throws IOException {
    Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(),
        "." + target.getFileName(), ".tmp");
    try {
      Files.write(temporary, bytes);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
