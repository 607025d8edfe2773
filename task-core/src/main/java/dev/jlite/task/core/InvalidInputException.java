package dev.jlite.task.core;

/**
 * An input a task cannot use: an image that cannot be decoded, a region of interest outside the
 * image, raw pixels of the wrong size. The message says what is wrong and where.
 */
public class InvalidInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
