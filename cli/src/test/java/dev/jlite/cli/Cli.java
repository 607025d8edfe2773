package dev.jlite.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/** Runs {@code jlite} in-process, as {@link Jlite#main} would, and captures what it prints. */
final class Cli {
  /** The repository's testdata folder (set by the build; the default works from the module folder). */
  static final Path TESTDATA = Path.of(System.getProperty("jlite.testdata", "../testdata"));

  private Cli() {}

  record Result(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = Jlite.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  static Path model(String relativePath) {
    return TESTDATA.resolve("models").resolve(relativePath);
  }
}
