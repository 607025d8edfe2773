package dev.jlite.task.text;

import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import java.nio.charset.StandardCharsets;

/**
 * Feeds a text to a single-input text model as TFLite's regex preprocessor does: regex-tokenized
 * ids for an INT32 input, or the UTF-8 bytes as one string for a STRING input.
 */
final class TextInput {
  private TextInput() {}

  /**
   * Writes the text into input {@code index}.
   *
   * @param tokenizer the input's regex tokenizer, or null for a STRING input
   */
  static void feed(Interpreter interpreter, int index, RegexTokenizer tokenizer, String text) {
    Tensor input = interpreter.getInputTensor(index);
    if (tokenizer != null) {
      int[] shape = input.shape();
      input.copyFrom(tokenizer.encode(text, shape[shape.length - 1]));
      return;
    }
    if (input.numElements() != 1) {
      interpreter.resizeInput(index, new int[] {1});
      interpreter.allocateTensors();
      input = interpreter.getInputTensor(index);
    }
    input.copyFrom(new byte[][] {text.getBytes(StandardCharsets.UTF_8)});
  }
}
