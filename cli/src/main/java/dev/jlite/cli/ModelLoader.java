package dev.jlite.cli;

import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelFile;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Opens the model a subcommand was given and turns every way that can fail into an "invalid model"
 * {@link CommandFailure} (exit code 3) whose message names the path and the reason.
 */
final class ModelLoader {
  private ModelLoader() {}

  static ModelFile open(Path path) {
    if (Files.isDirectory(path)) {
      throw invalid(path, "is a directory", null);
    }
    try {
      return ModelFile.open(path);
    } catch (IOException e) {
      throw invalid(path, describe(e), e);
    } catch (InvalidModelException e) {
      throw invalid(path, e);
    }
  }

  /** Opens the model and builds an interpreter for it; unsupported operators count as invalid. */
  static Interpreter interpreter(Path path, int threads) {
    return interpreter(path, Interpreter.Options.builder().numThreads(threads).build());
  }

  /** Like {@link #interpreter(Path, int)}, recording per-operator timings. */
  static Interpreter profilingInterpreter(Path path, int threads) {
    return interpreter(path,
        Interpreter.Options.builder().numThreads(threads).profiling(true).build());
  }

  private static Interpreter interpreter(Path path, Interpreter.Options options) {
    ModelFile model = open(path);
    try {
      return new Interpreter(model, options);
    } catch (InvalidModelException e) {
      throw invalid(path, e);
    }
  }

  /**
   * Reads something from a model that is verified lazily (such as its metadata), reporting a
   * malformed model like {@link #open} does.
   */
  static <T> T read(Path path, ModelFile model, Function<ModelFile, T> reader) {
    try {
      return reader.apply(model);
    } catch (InvalidModelException e) {
      throw invalid(path, e);
    }
  }

  private static CommandFailure invalid(Path path, InvalidModelException e) {
    // The library's messages start with the model's source; it is already part of ours.
    String prefix = path + ": ";
    String reason = e.getMessage().startsWith(prefix)
        ? e.getMessage().substring(prefix.length())
        : e.getMessage();
    return invalid(path, reason, e);
  }

  private static CommandFailure invalid(Path path, String reason, Throwable cause) {
    return new CommandFailure(Jlite.EXIT_INVALID_MODEL, "invalid model " + path + ": " + reason, cause);
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
