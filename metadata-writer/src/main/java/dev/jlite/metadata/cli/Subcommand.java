package dev.jlite.metadata.cli;

import dev.jlite.metadata.MetadataException;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * A metadata subcommand: runs, and turns every expected failure into one line on stderr and an
 * exit code, the same way under {@code jlite} and in the standalone jar. A {@code --verbose}
 * option inherited from the {@code jlite} root adds the stack trace.
 */
abstract class Subcommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Does the work; returns the exit code. */
  abstract int run() throws IOException;

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (Failure e) {
      return fail(e.exitCode(), e.getMessage(), e);
    } catch (InvalidModelException e) {
      return fail(Failure.INVALID_MODEL, "invalid model " + e.getMessage(), e);
    } catch (MetadataException e) {
      return fail(Failure.INVALID_INPUT, e.getMessage(), e);
    } catch (IOException e) {
      return fail(Failure.INVALID_INPUT, describe(e), e);
    } catch (UncheckedIOException e) {
      return fail(Failure.INVALID_INPUT, describe(e.getCause()), e);
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private int fail(int exitCode, String message, Exception e) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("jlite: " + message.replace('\n', ' '));
    if (verbose()) {
      e.printStackTrace(err);
    }
    err.flush();
    return exitCode;
  }

  private boolean verbose() {
    OptionSpec option = spec.findOption("--verbose");
    return option != null && Boolean.TRUE.equals(option.getValue());
  }

  /** Opens a model, reporting any failure as an invalid model (exit code 3). */
  static ModelFile openModel(Path path) {
    if (Files.isDirectory(path)) {
      throw new Failure(Failure.INVALID_MODEL, "invalid model " + path + ": is a directory", null);
    }
    try {
      return ModelFile.read(path);
    } catch (IOException e) {
      throw new Failure(Failure.INVALID_MODEL, "invalid model " + describe(e), e);
    }
  }

  /** "PATH: reason" for a file system failure. */
  static String describe(IOException e) {
    String file = e instanceof FileSystemException fse && fse.getFile() != null
        ? fse.getFile() + ": " : "";
    if (e instanceof NoSuchFileException) {
      return file + "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return file + "permission denied";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return file + fse.getReason();
    }
    return file + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
  }
}
