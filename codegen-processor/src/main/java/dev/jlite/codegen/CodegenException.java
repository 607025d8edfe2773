package dev.jlite.codegen;

/**
 * A model cannot be turned into a wrapper: it cannot be found, it is not a valid model, or its
 * metadata or tensors are not supported. The message says what and where.
 */
public final class CodegenException extends Exception {
  private static final long serialVersionUID = 1L;

  /** With a message that says what is wrong. */
  public CodegenException(String message) {
    super(message);
  }

  /** With a message that says what is wrong, and the failure behind it. */
  public CodegenException(String message, Throwable cause) {
    super(message, cause);
  }
}
