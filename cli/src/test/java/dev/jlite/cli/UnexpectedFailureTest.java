package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** A failure no subcommand anticipated still ends as one line and exit code 1. */
class UnexpectedFailureTest {
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("kaput\nsecond line");
    }
  }

  private static Cli.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = Jlite.commandLine()
        .addSubcommand(new Boom())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new Cli.Result(exitCode, out.toString(), err.toString());
  }

  @Test
  void exitsWith1AndOneLine() {
    Cli.Result result = run("boom");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly("jlite: unexpected error: java.lang.IllegalStateException: kaput second line");
  }

  @Test
  void verboseAddsTheStackTrace() {
    Cli.Result result = run("--verbose", "boom");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines().get(0)).startsWith("jlite: unexpected error: ");
    assertThat(result.err()).contains("\tat dev.jlite.cli.UnexpectedFailureTest$Boom.call");
  }
}
