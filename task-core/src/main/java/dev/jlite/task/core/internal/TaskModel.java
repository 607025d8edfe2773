package dev.jlite.task.core.internal;

import dev.jlite.engine.Interpreter;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.ModelFile;
import dev.jlite.task.core.BaseOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model opened for a task: the verified file, its metadata and an interpreter. Not thread-safe;
 * tasks serialize their calls.
 *
 * @param file the model
 * @param metadata its metadata and associated files
 * @param interpreter the interpreter running it
 */
public record TaskModel(ModelFile file, MetadataExtractor metadata, Interpreter interpreter)
    implements AutoCloseable {

  /**
   * Opens a model file.
   *
   * @throws IOException if the file cannot be read
   * @throws dev.jlite.schema.InvalidModelException if the model, its metadata or archive is
   *     malformed, or it uses an operator without a kernel
   */
  public static TaskModel open(Path path, BaseOptions options) throws IOException {
    return of(ModelFile.open(path), options);
  }

  /**
   * Uses a model held in memory (not copied; the caller must not change it).
   *
   * @throws dev.jlite.schema.InvalidModelException as {@link #open}
   */
  public static TaskModel wrap(ByteBuffer model, BaseOptions options) {
    return of(ModelFile.wrap(model), options);
  }

  private static TaskModel of(ModelFile file, BaseOptions options) {
    Objects.requireNonNull(options, "options");
    MetadataExtractor metadata = MetadataExtractor.of(file);
    return new TaskModel(file, metadata, new Interpreter(file, options.interpreterOptions()));
  }

  @Override
  public void close() {
    interpreter.close();
  }
}
