package dev.jlite.task.text;

import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.metadata.TensorMetadata;
import java.util.Optional;

/**
 * Finds a model's input or output the way TFLite's text tasks do: by name in the metadata, else
 * by tensor name, else by index.
 */
final class TensorLookup {
  private TensorLookup() {}

  /** The index of the input with this name, else {@code index} if valid, else -1. */
  static int input(Interpreter interpreter, MetadataExtractor metadata, String name, int index) {
    int count = interpreter.getInputTensorCount();
    for (int i = 0; i < count; i++) {
      if (nameIs(metadata.inputTensorMetadata(i), name)) {
        return i;
      }
    }
    for (int i = 0; i < count; i++) {
      if (name.equals(interpreter.getInputTensor(i).name())) {
        return i;
      }
    }
    return index >= 0 && index < count ? index : -1;
  }

  /** The index of the output with this name, else {@code index} if valid, else -1. */
  static int output(Interpreter interpreter, MetadataExtractor metadata, String name, int index) {
    int count = interpreter.getOutputTensorCount();
    for (int i = 0; i < count; i++) {
      if (nameIs(metadata.outputTensorMetadata(i), name)) {
        return i;
      }
    }
    for (int i = 0; i < count; i++) {
      Tensor t = interpreter.getOutputTensor(i);
      if (name.equals(t.name())) {
        return i;
      }
    }
    return index >= 0 && index < count ? index : -1;
  }

  private static boolean nameIs(Optional<TensorMetadata> metadata, String name) {
    return metadata.isPresent() && name.equals(metadata.get().name());
  }
}
