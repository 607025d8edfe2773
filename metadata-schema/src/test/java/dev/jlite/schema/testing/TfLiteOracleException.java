package dev.jlite.schema.testing;

/**
 * Real TFLite refused a model or failed to run it: building the interpreter, allocating tensors or
 * invoking returned an error status. TFLite's own explanation goes to standard error (the JavaCPP
 * binding offers no way to capture its formatted messages).
 */
public final class TfLiteOracleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String step;

  TfLiteOracleException(String step, String message) {
    super(step + ": " + message);
    this.step = step;
  }

  /** The TFLite call that failed, such as {@code AllocateTensors} or {@code Invoke}. */
  public String step() {
    return step;
  }
}
