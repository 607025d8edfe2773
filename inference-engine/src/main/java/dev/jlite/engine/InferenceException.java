package dev.jlite.engine;

/**
 * An operator could not compute its outputs from the values it was given at run time, for example an
 * index outside the tensor it indexes. Nothing is written outside the output tensors.
 */
public final class InferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InferenceException(String message) {
    super(message);
  }
}
