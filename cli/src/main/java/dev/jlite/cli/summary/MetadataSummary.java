package dev.jlite.cli.summary;

import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.metadata.ModelMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TFLite metadata of a model, in brief. Any field may be null: the metadata schema makes them all
 * optional.
 *
 * @param name the model's name
 * @param version the model's version, free text
 * @param description what the model does
 * @param author who made it
 * @param license its licence
 * @param minParserVersion the oldest metadata parser that understands this metadata
 * @param associatedFiles the files packed into the model's appended archive, in archive order
 */
public record MetadataSummary(
    String name,
    String version,
    String description,
    String author,
    String license,
    String minParserVersion,
    List<AssociatedFile> associatedFiles) {

  /**
   * A file packed with the model, such as a label list or a vocabulary.
   *
   * @param name its name in the archive
   * @param sizeBytes its uncompressed size
   */
  public record AssociatedFile(String name, long sizeBytes) {}

  public MetadataSummary {
    associatedFiles = List.copyOf(associatedFiles);
  }

  /**
   * Reads the metadata of a model; empty if the model has none.
   *
   * @throws dev.jlite.schema.InvalidModelException if the metadata or the archive is malformed
   */
  public static Optional<MetadataSummary> of(ModelFile file) {
    MetadataExtractor extractor = MetadataExtractor.of(file);
    if (!extractor.hasMetadata()) {
      return Optional.empty();
    }
    List<AssociatedFile> files = new ArrayList<>();
    for (String fileName : extractor.associatedFileNames()) {
      long size = extractor.associatedFile(fileName).orElseThrow().remaining();
      files.add(new AssociatedFile(fileName, size));
    }
    Optional<ModelMetadata> metadata = extractor.modelMetadata();
    return Optional.of(new MetadataSummary(
        metadata.map(ModelMetadata::name).orElse(null),
        metadata.map(ModelMetadata::version).orElse(null),
        metadata.map(ModelMetadata::description).orElse(null),
        metadata.map(ModelMetadata::author).orElse(null),
        metadata.map(ModelMetadata::license).orElse(null),
        metadata.map(ModelMetadata::minParserVersion).orElse(null),
        files));
  }
}
