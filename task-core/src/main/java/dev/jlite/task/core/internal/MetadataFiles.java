package dev.jlite.task.core.internal;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.metadata.AssociatedFile;
import dev.jlite.schema.metadata.ProcessUnit;
import dev.jlite.schema.metadata.TensorMetadata;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Lookups in tensor metadata that every task makes, with TFLite's rules. */
public final class MetadataFiles {
  private MetadataFiles() {}

  /**
   * The name of the first associated file of the given type; with a locale, the first whose locale
   * equals it. Empty if there is none.
   */
  public static Optional<String> firstFile(TensorMetadata tensor, byte type, String locale) {
    for (int i = 0; i < tensor.associatedFilesLength(); i++) {
      AssociatedFile file = tensor.associatedFiles(i);
      if (file.type() != type || file.name() == null) {
        continue;
      }
      if (locale == null || locale.equals(file.locale())) {
        return Optional.of(file.name());
      }
    }
    return Optional.empty();
  }

  /**
   * The process unit with options of the given type, if any.
   *
   * @throws InvalidModelException if the tensor has several
   */
  public static Optional<ProcessUnit> processUnit(TensorMetadata tensor, byte optionsType) {
    ProcessUnit found = null;
    for (int i = 0; i < tensor.processUnitsLength(); i++) {
      ProcessUnit unit = tensor.processUnits(i);
      if (unit.optionsType() == optionsType) {
        if (found != null) {
          throw new InvalidModelException("the metadata of tensor '" + tensor.name()
              + "' has several process units of the same type (" + optionsType + ")");
        }
        found = unit;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * An associated file as UTF-8 text.
   *
   * @throws InvalidModelException if the model's archive has no file of that name
   */
  public static String text(MetadataExtractor metadata, String name) {
    ByteBuffer file = metadata.associatedFile(name).orElseThrow(() -> new InvalidModelException(
        "the metadata names associated file '" + name + "' but the model does not contain it"));
    byte[] bytes = new byte[file.remaining()];
    file.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
