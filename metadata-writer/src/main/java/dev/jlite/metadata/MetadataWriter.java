package dev.jlite.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata made for a model, with its associated files, ready to be written into it: what a task
 * writer ({@link ImageClassifierWriter}, {@link ObjectDetectorWriter}, …) returns, like the
 * official {@code MetadataWriter}. {@link #metadataJson} shows the metadata before populating (as
 * {@code get_metadata_json}), {@link #populate} returns the model with it, {@link #write} writes
 * that to a file atomically.
 */
public final class MetadataWriter {
  private final byte[] model;
  private final ModelMetadata metadata;
  private final Map<String, byte[]> files;

  private MetadataWriter(byte[] model, ModelMetadata metadata, Map<String, byte[]> files) {
    this.model = model;
    this.metadata = metadata;
    this.files = files;
  }

  /**
   * A writer for any metadata, such as metadata read with {@link MetadataJson#fromJson}, with the
   * associated files to pack (read now, in order; a later file with the same base name replaces an
   * earlier one's content).
   *
   * @throws IOException if a file cannot be read
   * @throws dev.jlite.schema.InvalidModelException if the model is not valid
   */
  public static MetadataWriter of(byte[] model, ModelMetadata metadata, List<Path> files)
      throws IOException {
    dev.jlite.schema.ModelFile.wrap(java.nio.ByteBuffer.wrap(model));
    return new MetadataWriter(model.clone(), metadata, read(files));
  }

  static MetadataWriter of(WriterModel model, ModelMetadata metadata, List<Path> files)
      throws IOException {
    return new MetadataWriter(model.bytes, metadata, read(files));
  }

  private static Map<String, byte[]> read(List<Path> paths) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        throw new IOException(path + ": is a directory, not an associated file");
      }
      files.put(path.getFileName().toString(), Files.readAllBytes(path));
    }
    return files;
  }

  /**
   * This writer with the general information replaced by the fields of {@code info} that are set.
   */
  public MetadataWriter withGeneralInfo(GeneralInfo info) {
    ModelMetadata.Builder builder = metadata.toBuilder();
    if (info.name() != null) {
      builder.name(info.name());
    }
    if (info.description() != null) {
      builder.description(info.description());
    }
    if (info.version() != null) {
      builder.version(info.version());
    }
    if (info.author() != null) {
      builder.author(info.author());
    }
    if (info.license() != null) {
      builder.license(info.license());
    }
    return new MetadataWriter(model, builder.build(), files);
  }

  /** The metadata as made, before populating (no {@code min_parser_version} yet). */
  public ModelMetadata metadata() {
    return metadata;
  }

  /** The associated files that will be packed, by name, in archive order. */
  public Map<String, byte[]> files() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    files.forEach((name, bytes) -> copy.put(name, bytes.clone()));
    return Collections.unmodifiableMap(copy);
  }

  /** The metadata JSON before populating, as the official {@code get_metadata_json()}. */
  public String metadataJson() {
    return MetadataJson.toJson(metadata);
  }

  /**
   * The model with the metadata and files.
   *
   * @throws MetadataException if the metadata does not fit the model (see {@link
   *     MetadataPopulator})
   */
  public byte[] populate() {
    return MetadataPopulator.populate(model, metadata, files);
  }

  /**
   * The populated metadata's JSON, as the official {@code get_populated_metadata_json()}: with
   * base names and {@code min_parser_version}.
   */
  public String populatedMetadataJson() {
    byte[] populated = populate();
    dev.jlite.schema.ModelFile file =
        dev.jlite.schema.ModelFile.wrap(java.nio.ByteBuffer.wrap(populated));
    return MetadataJson.toJson(ModelMetadata.fromFlatBuffer(
        dev.jlite.schema.MetadataExtractor.of(file).metadataBuffer().orElseThrow()));
  }

  /** Writes the populated model to {@code output} atomically; nothing is written on failure. */
  public void write(Path output) throws IOException {
    MetadataPopulator.writeAtomically(output, populate());
  }
}
