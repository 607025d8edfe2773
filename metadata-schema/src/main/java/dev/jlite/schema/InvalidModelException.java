package dev.jlite.schema;

/**
 * A model (or its metadata, or its associated-file archive) is malformed or asks for something
 * impossible. The message names what is wrong and where: the subgraph, operator, tensor, buffer or
 * field at fault.
 *
 * <p>Thrown when a model is opened and verified, and by the interpreter when it prepares a node whose
 * options or shapes cannot work. Never thrown for a problem with the caller's input data.
 */
public class InvalidModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidModelException(String message) {
    super(message);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
