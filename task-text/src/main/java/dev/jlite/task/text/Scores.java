package dev.jlite.task.text;

import dev.jlite.engine.Tensor;
import dev.jlite.schema.InvalidModelException;
import java.util.Arrays;

/** Reads a score output as floats: quantized types dequantized, booleans as 1 or 0. */
final class Scores {
  private Scores() {}

  /**
   * The scores of a {@code [N]}, {@code [1, N]} or scalar output (TFLite's NL classifier takes the
   * last dimension of a 2-D output and the first of any other).
   *
   * @throws InvalidModelException if the output has more than 2 dimensions or is of another type
   */
  static float[] read(Tensor tensor) {
    int[] shape = tensor.shape();
    if (shape.length > 2) {
      throw new InvalidModelException("score output '" + tensor.name() + "' has shape "
          + Arrays.toString(shape) + "; scores must be [N] or [1, N]");
    }
    int n = shape.length == 0 ? 1 : shape[shape.length - 1];
    float[] out = new float[n];
    int at = tensor.offset();
    float scale = tensor.quantizationParams().scale();
    int zeroPoint = tensor.quantizationParams().zeroPoint();
    switch (tensor.dataType()) {
      case FLOAT32 -> System.arraycopy(tensor.floats(), at, out, 0, n);
      case FLOAT64 -> {
        double[] d = tensor.doubles();
        for (int i = 0; i < n; i++) {
          out[i] = (float) d[at + i];
        }
      }
      case UINT8 -> {
        byte[] b = tensor.bytes();
        for (int i = 0; i < n; i++) {
          out[i] = scale * ((b[at + i] & 0xFF) - zeroPoint);
        }
      }
      case INT8 -> {
        byte[] b = tensor.bytes();
        for (int i = 0; i < n; i++) {
          out[i] = scale * (b[at + i] - zeroPoint);
        }
      }
      case INT16 -> {
        short[] s = tensor.shorts();
        for (int i = 0; i < n; i++) {
          out[i] = scale * (s[at + i] - zeroPoint);
        }
      }
      case BOOL -> {
        byte[] b = tensor.bytes();
        for (int i = 0; i < n; i++) {
          out[i] = b[at + i] != 0 ? 1f : 0f;
        }
      }
      default -> throw new InvalidModelException("score output '" + tensor.name() + "' is "
          + tensor.dataType() + ", which has no scores");
    }
    return out;
  }
}
