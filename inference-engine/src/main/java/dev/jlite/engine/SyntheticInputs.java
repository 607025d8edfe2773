package dev.jlite.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Deterministic input data for benchmarks and smoke runs: the same bytes for the same tensor type,
 * element count and input position on every machine, so that jlite and other runtimes can be timed
 * on identical inputs.
 */
public final class SyntheticInputs {
  private static final long SEED = 0x6A6C697465L; // "jlite"

  private SyntheticInputs() {}

  /**
   * Raw little-endian bytes for input {@code position}: floats uniform in [-1, 1), 8-bit types over
   * their full range, wider integers in [0, 100) (valid as ids and indices for most models), booleans
   * 0 or 1.
   */
  public static ByteBuffer forInput(int position, DataType type, int elements) {
    if (type.byteSize() == 0) {
      throw new IllegalArgumentException("no synthetic data for " + type + " inputs");
    }
    SplittableRandom random = new SplittableRandom(SEED + position);
    ByteBuffer b = ByteBuffer.allocate(elements * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < elements; i++) {
      switch (type) {
        case FLOAT32 -> b.putFloat((float) (random.nextDouble() * 2 - 1));
        case FLOAT64 -> b.putDouble(random.nextDouble() * 2 - 1);
        case UINT8, INT8 -> b.put((byte) random.nextInt(256));
        case BOOL -> b.put((byte) random.nextInt(2));
        case INT16, UINT16 -> b.putShort((short) random.nextInt(100));
        case FLOAT16, BFLOAT16 -> b.putShort((short) 0x3C00); // 1.0
        case INT32, UINT32 -> b.putInt(random.nextInt(100));
        case INT64, UINT64 -> b.putLong(random.nextInt(100));
        case INT4 -> b.put((byte) (random.nextInt(16) - 8));
        case COMPLEX64 -> b.putFloat((float) random.nextDouble()).putFloat(0f);
        case COMPLEX128 -> b.putDouble(random.nextDouble()).putDouble(0d);
        default -> throw new IllegalArgumentException("no synthetic data for " + type + " inputs");
      }
    }
    return b.flip();
  }

  /** Fills every input of the interpreter's main graph. */
  public static void fill(Interpreter interpreter) {
    for (int i = 0; i < interpreter.getInputTensorCount(); i++) {
      Tensor input = interpreter.getInputTensor(i);
      input.copyFrom(forInput(i, input.dataType(), input.numElements()));
    }
  }
}
