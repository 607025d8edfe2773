package dev.jlite.engine;

import dev.jlite.schema.InvalidModelException;

/** A model uses an operator that the interpreter's {@link OpResolver} has no kernel for. */
public final class UnsupportedOperatorException extends InvalidModelException {
  private static final long serialVersionUID = 1L;

  UnsupportedOperatorException(String message) {
    super(message);
  }
}
