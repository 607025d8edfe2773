package dev.jlite.metadata;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes metadata and associated files into a model, as the official {@code MetadataPopulator}
 * does but without re-serializing the model ({@link ModelSplicer} keeps every byte it does not
 * own) and reproducibly.
 *
 * <p>Like the official populator it checks that the metadata has exactly one subgraph metadata
 * with as many input and output tensor metadata as subgraph 0 has inputs and outputs, reduces every
 * associated file name in the metadata to its base name, sets {@code min_parser_version} by {@link
 * ParserVersion}, and requires every file the metadata names (on the model, subgraph, tensors and
 * tokenizers) to be supplied or already packed in the model.
 *
 * <p>Re-populating replaces: the model's old archive is dropped and a new one written with the
 * supplied files, in the given order, plus the old files that the new metadata still names and
 * that were not supplied again. Files supplied but not named in the metadata are packed too (the
 * official populator only warns; {@link MetadataLint} reports them).
 */
public final class MetadataPopulator {
  /** The largest model a Java array holds; {@link ModelFile} has the same limit. */
  static final int MAX_MODEL_BYTES = Integer.MAX_VALUE - 8;

  private MetadataPopulator() {}

  /**
   * The model with the metadata and files, as a new array; {@code model} is not changed.
   *
   * @param files associated files by name (base names; the map's order is the archive's order)
   * @throws InvalidModelException if the model is not a valid model
   * @throws MetadataException if the metadata does not fit the model or names a missing file
   */
  public static byte[] populate(byte[] model, ModelMetadata metadata, Map<String, byte[]> files) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(files, "files");
    ModelFile modelFile = ModelFile.wrap(ByteBuffer.wrap(model));
    // Read the archive directly rather than through MetadataExtractor, which also checks the old
    // metadata: a model whose old metadata is wrong must still be repairable.
    StoredZip.Archive existing;
    try {
      existing = StoredZip.read(modelFile.buffer());
    } catch (InvalidModelException e) {
      throw new InvalidModelException(modelFile.source() + ": " + e.getMessage(), e);
    }
    ModelMetadata populated = prepare(modelFile, metadata);

    Map<String, byte[]> archive = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      String name = AssociatedFiles.baseName(file.getKey());
      if (name.isEmpty()) {
        throw new MetadataException("associated file name \"" + file.getKey()
            + "\" has no base name");
      }
      archive.put(name, Objects.requireNonNull(file.getValue(), file.getKey()));
    }
    for (String name : AssociatedFiles.recorded(populated)) {
      if (name == null) {
        throw new MetadataException("an associated file in the metadata has no name");
      }
      if (!archive.containsKey(name)) {
        byte[] packed = existing.files().get(name);
        if (packed == null) {
          throw new MetadataException("File, '" + name + "', is recorded in the metadata, but has"
              + " not been loaded into the populator.");
        }
        archive.put(name, packed);
      }
    }

    byte[] metadataBuffer = populated.toFlatBuffer();
    ByteBuffer flatbuffer = modelFile.buffer();
    flatbuffer.limit(existing.start());
    byte[] spliced = ModelSplicer.splice(flatbuffer, metadataBuffer);
    if (!verifies(spliced)) {
      // The old archive shares bytes with the flatbuffer (nothing forbids it), so they cannot
      // be dropped: keep the whole file and let the new archive follow it.
      spliced = ModelSplicer.splice(modelFile.buffer(), metadataBuffer);
      ModelFile.wrap(ByteBuffer.wrap(spliced));
    }
    // Without files no archive is written, unless the model's own bytes hold something that
    // looks like the end of one: an empty archive after it keeps zip readers from taking it.
    byte[] zip = archive.isEmpty() && !StoredZip.hasEndSignature(spliced) ? new byte[0]
        : StoredZip.write(archive, spliced.length);
    byte[] result = new byte[spliced.length + zip.length];
    System.arraycopy(spliced, 0, result, 0, spliced.length);
    System.arraycopy(zip, 0, result, spliced.length, zip.length);
    return result;
  }

  /**
   * Populates the model in {@code input} and writes it to {@code output} atomically (a temporary
   * file in the output's directory, then a move), so a failure leaves no partial output. {@code
   * output} may be {@code input} to write in place.
   *
   * @throws IOException if the model cannot be read or the output cannot be written
   */
  public static void populate(Path input, Path output, ModelMetadata metadata,
      Map<String, byte[]> files) throws IOException {
    long size = Files.size(input);
    if (size > MAX_MODEL_BYTES) {
      throw new InvalidModelException(input + ": " + size
          + " bytes; models over 2 GiB are not supported");
    }
    byte[] model = Files.readAllBytes(input);
    byte[] populated;
    try {
      populated = populate(model, metadata, files);
    } catch (InvalidModelException e) {
      throw new InvalidModelException(input + ": " + e.getMessage(), e);
    }
    writeAtomically(output, populated);
  }

  /** Writes a whole file through a temporary sibling and a move. */
  static void writeAtomically(Path output, byte[] bytes) throws IOException {
    Path absolute = output.toAbsolutePath();
    Path directory = absolute.getParent();
    if (!Files.isDirectory(directory)) {
      throw new java.nio.file.FileSystemException(output.toString(), null,
          "the output's directory does not exist");
    }
    Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
    try {
      Files.write(temporary, bytes);
      try {
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Validates the metadata against the model and fills in what the populator sets. */
  private static ModelMetadata prepare(ModelFile model, ModelMetadata metadata) {
    SubGraphMetadata subgraph = metadata.subgraph();
    var graph = model.model().subgraphs(0);
    int inputs = size(subgraph.inputTensorMetadata());
    int outputs = size(subgraph.outputTensorMetadata());
    if (inputs != graph.inputsLength()) {
      throw new MetadataException("The number of input tensors (" + graph.inputsLength()
          + ") should match the number of input tensor metadata (" + inputs + ")");
    }
    if (outputs != graph.outputsLength()) {
      throw new MetadataException("The number of output tensors (" + graph.outputsLength()
          + ") should match the number of output tensor metadata (" + outputs + ")");
    }
    ModelMetadata normalized = AssociatedFiles.withBaseNames(metadata);
    return normalized.toBuilder().minParserVersion(ParserVersion.minimum(normalized)).build();
  }

  private static boolean verifies(byte[] model) {
    try {
      ModelFile.wrap(ByteBuffer.wrap(model));
      return true;
    } catch (InvalidModelException e) {
      return false;
    }
  }

  private static int size(List<?> list) {
    return list == null ? 0 : list.size();
  }
}
