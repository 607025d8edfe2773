package dev.jlite.cli;

/**
 * A subcommand failed for a reason the user can act on. {@link Jlite} prints the message as one line
 * and exits with the code.
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CommandFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
