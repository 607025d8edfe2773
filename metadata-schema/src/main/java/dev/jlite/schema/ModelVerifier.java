package dev.jlite.schema;

import dev.jlite.schema.model.Model;

/** Semantic checks of a structurally valid model: what tflite::Verify and InterpreterBuilder check. */
final class ModelVerifier {
  private ModelVerifier() {}

  static void verify(Model model, int fileSize) {
    if (model.version() != 3) {
      throw new InvalidModelException("schema version " + model.version() + " is not supported (expected 3)");
    }
  }
}
