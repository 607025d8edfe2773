package dev.jlite.metadata;

import dev.jlite.schema.testing.TfLiteOracle;

/** Runs models in real TFLite on deterministic inputs. */
final class Oracle {
  private Oracle() {}

  /** The outputs of {@code model} on inputs filled with a fixed byte pattern. */
  static byte[][] run(byte[] model) {
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      oracle.allocateTensors();
      byte[][] inputs = new byte[oracle.inputCount()][];
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = new byte[(int) oracle.inputInfo(i).bytes()];
        for (int j = 0; j < inputs[i].length; j++) {
          // Small values: valid for uint8 pixels, int32 token ids and float32 alike.
          inputs[i][j] = (byte) (j % 4 == 0 ? (j * 7) % 61 : 0);
        }
      }
      return oracle.run(inputs);
    }
  }
}
