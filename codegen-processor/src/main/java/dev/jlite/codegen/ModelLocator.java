package dev.jlite.codegen;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Finds a model file at compile time from its class path resource name: in each directory of the
 * {@value #MODEL_ROOTS} option, then on the class path, then on the source path (see
 * {@link TfLiteModel}).
 */
final class ModelLocator {
  static final String MODEL_ROOTS = "jlite.codegen.modelRoots";

  private final Filer filer;
  private final List<Path> roots;

  ModelLocator(Filer filer, String modelRoots) {
    this.filer = filer;
    this.roots = new ArrayList<>();
    if (modelRoots != null) {
      for (String root : modelRoots.split(File.pathSeparator)) {
        if (!root.isBlank()) {
          roots.add(Path.of(root.strip()));
        }
      }
    }
  }

  /**
   * Reads the model.
   *
   * @throws CodegenException if the name is not a relative resource name or no location has it
   */
  byte[] read(String resource) throws CodegenException {
    if (resource.isEmpty() || resource.startsWith("/") || resource.contains("\\")
        || List.of(resource.split("/")).contains("..")) {
      throw new CodegenException("model path '" + resource + "' must be a relative class path"
          + " resource name with / separators, such as models/model.tflite");
    }
    for (Path root : roots) {
      Path file = root.resolve(resource);
      if (Files.isRegularFile(file)) {
        try {
          return Files.readAllBytes(file);
        } catch (IOException e) {
          throw new CodegenException("cannot read model " + file + ": " + e.getMessage(), e);
        }
      }
    }
    for (StandardLocation location
        : List.of(StandardLocation.CLASS_PATH, StandardLocation.SOURCE_PATH)) {
      Optional<byte[]> bytes = fromFiler(location, resource);
      if (bytes.isPresent()) {
        return bytes.get();
      }
    }
    throw new CodegenException("model file '" + resource + "' not found in "
        + (roots.isEmpty() ? "" : "the -A" + MODEL_ROOTS + " directories " + roots + ", ")
        + "the class path or the source path");
  }

  private Optional<byte[]> fromFiler(StandardLocation location, String resource) {
    try {
      FileObject file = filer.getResource(location, "", resource);
      try (InputStream in = file.openInputStream()) {
        return Optional.of(in.readAllBytes());
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      // This location is not configured or does not hold the file; the next one is tried.
      return Optional.empty();
    }
  }
}
