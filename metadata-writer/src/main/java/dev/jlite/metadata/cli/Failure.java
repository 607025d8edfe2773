package dev.jlite.metadata.cli;

/** A command failed for a reason the user can act on; {@link Subcommand} prints it and exits. */
final class Failure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final int USAGE = 2;
  static final int INVALID_MODEL = 3;
  static final int INVALID_INPUT = 4;

  private final int exitCode;

  Failure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
