package dev.jlite.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code jlite} command line. Exit codes: 0 success, 1 unexpected failure, 2 bad usage, 3 invalid
 * model, 4 invalid input. Errors are one line on stderr; {@code --verbose} adds the stack trace.
 */
@Command(
    name = "jlite",
    mixinStandardHelpOptions = true,
    versionProvider = Jlite.Version.class,
    description = "TensorFlow Lite in pure Java.",
    subcommands = {InspectCommand.class, RunCommand.class, BenchCommand.class,
        ClassifyCommand.class, DetectCommand.class, SegmentCommand.class, PoseCommand.class,
        NlCommand.class, QaCommand.class, dev.jlite.metadata.cli.MetadataCommand.class,
        AudioCommand.class, CodegenCommand.class})
public final class Jlite {
  static final int EXIT_UNEXPECTED = 1;
  static final int EXIT_INVALID_MODEL = 3;
  static final int EXIT_INVALID_INPUT = 4;

  // Inherited, so that it may come before or after the subcommand; picocli sets this field either way.
  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "On failure, print the stack trace after the one-line message.")
  private boolean verbose;

  private Jlite() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for {@link #main} and for tests that run it in-process. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Jlite());
    commandLine.setExecutionExceptionHandler(Jlite::handleFailure);
    commandLine.setParameterExceptionHandler(Jlite::handleBadUsage);
    return commandLine;
  }

  /**
   * Bad usage: picocli's message, its "did you mean" suggestions if any, and always the usage (the
   * default handler drops the usage when it has a suggestion, and with several task commands
   * nearly every mistyped command has one).
   */
  private static int handleBadUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine failed = e.getCommandLine();
    PrintWriter err = failed.getErr();
    err.println(e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    failed.usage(err, failed.getColorScheme());
    err.flush();
    return failed.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static int handleFailure(Exception e, CommandLine failed, ParseResult parseResult) {
    int exitCode;
    String message;
    if (e instanceof CommandFailure failure) {
      exitCode = failure.exitCode();
      message = failure.getMessage();
    } else {
      exitCode = EXIT_UNEXPECTED;
      message = "unexpected error: " + e;
    }
    failed.getErr().println("jlite: " + message.replace('\n', ' '));
    if (root(failed).verbose) {
      e.printStackTrace(failed.getErr());
    }
    failed.getErr().flush();
    return exitCode;
  }

  private static Jlite root(CommandLine commandLine) {
    CommandLine root = commandLine;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return (Jlite) root.getCommand();
  }

  /** The version from the jar's manifest; unknown when run from classes, as in tests. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Jlite.class.getPackage().getImplementationVersion();
      return new String[] {"jlite " + (version != null ? version : "(development build)")};
    }
  }
}
