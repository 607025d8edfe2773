package dev.jlite.task.core;

import dev.jlite.schema.InvalidModelException;

/**
 * A valid model that does not fit the task it was given to: tensors of the wrong number, type or
 * shape (a detector passed to an image classifier), or metadata the task needs but the model lacks
 * (then the message names the option that supplies it).
 */
public class IncompatibleModelException extends InvalidModelException {
  private static final long serialVersionUID = 1L;

  public IncompatibleModelException(String message) {
    super(message);
  }
}
