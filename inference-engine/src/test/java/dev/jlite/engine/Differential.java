package dev.jlite.engine;

import dev.jlite.schema.testing.OracleTensorInfo;
import dev.jlite.schema.testing.TfLiteOracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Runs one model in jlite and in real TFLite 2.19 (its builtin reference kernels) on the same inputs
 * and compares every output: float32 within 1e-4 absolute or relative, everything else byte for byte,
 * shapes exactly.
 */
public final class Differential {
  public static final double FLOAT_TOLERANCE = 1e-4;

  private Differential() {}

  /** Compares on deterministic random inputs drawn from {@code seed}. */
  public static void assertMatchesTfLite(byte[] model, long seed) {
    assertMatchesTfLite(model, seed, 1);
  }

  public static void assertMatchesTfLite(byte[] model, long seed, int threads) {
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      oracle.allocateTensors();
      byte[][] inputs = new byte[oracle.inputCount()][];
      Random random = new Random(seed);
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = randomInput(oracle.inputInfo(i), random);
      }
      compare(model, oracle, inputs, threads);
    }
  }

  /**
   * Compares on {@link SyntheticInputs}: floats in [-1, 1), integers in [0, 100) — valid ids and
   * indices for whole models such as text classifiers.
   */
  public static void assertMatchesTfLiteOnSyntheticInputs(byte[] model, int threads) {
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      oracle.allocateTensors();
      byte[][] inputs = syntheticInputs(oracle);
      compare(model, oracle, inputs, threads);
    }
  }

  /** {@link SyntheticInputs} for every input of the oracle's model, as raw bytes. */
  private static byte[][] syntheticInputs(TfLiteOracle oracle) {
    byte[][] inputs = new byte[oracle.inputCount()][];
    for (int i = 0; i < inputs.length; i++) {
      OracleTensorInfo info = oracle.inputInfo(i);
      int elements = 1;
      for (int d : info.shape()) {
        elements *= d;
      }
      inputs[i] = SyntheticInputs.forInput(i, DataType.fromCode(info.type()), elements).array();
    }
    return inputs;
  }

  /** Compares on the given raw little-endian inputs. */
  public static void assertMatchesTfLite(byte[] model, byte[]... inputs) {
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      oracle.allocateTensors();
      compare(model, oracle, inputs, 1);
    }
  }

  /**
   * For deep float models whose outputs sit at the float32 noise floor: compares within twice the
   * largest difference TFLite shows between its own two CPU kernel sets (builtin and XNNPACK) on the
   * same synthetic inputs, and never within less than the usual 1e-4. Summation order differs between
   * any two float implementations; this bound says jlite is as close to TFLite as TFLite is to itself.
   *
   * @return the tolerance used
   */
  public static double assertMatchesTfLiteWithinItsOwnSpread(byte[] model, int threads) {
    byte[][] inputs;
    byte[][] builtin;
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      oracle.allocateTensors();
      inputs = syntheticInputs(oracle);
      builtin = oracle.run(inputs);
    }
    double spread = 0;
    try (TfLiteOracle xnnpack = TfLiteOracle.open(model, TfLiteOracle.Kernels.XNNPACK, 1)) {
      xnnpack.allocateTensors();
      byte[][] other = xnnpack.run(inputs);
      for (int k = 0; k < builtin.length; k++) {
        FloatBuffer a = ByteBuffer.wrap(builtin[k]).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        FloatBuffer b = ByteBuffer.wrap(other[k]).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int i = 0; i < a.remaining(); i++) {
          spread = Math.max(spread, Math.abs((double) a.get(i) - b.get(i)));
        }
      }
    }
    double tolerance = Math.max(FLOAT_TOLERANCE, 2 * spread);
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      oracle.allocateTensors();
      compare(model, oracle, inputs, threads, tolerance);
    }
    return tolerance;
  }

  private static void compare(byte[] model, TfLiteOracle oracle, byte[][] inputs, int threads) {
    compare(model, oracle, inputs, threads, FLOAT_TOLERANCE);
  }

  private static void compare(byte[] model, TfLiteOracle oracle, byte[][] inputs, int threads,
      double tolerance) {
    byte[][] expected = oracle.run(inputs);
    Interpreter.Options options = Interpreter.Options.builder().numThreads(threads).build();
    try (Interpreter jlite = new Interpreter(ByteBuffer.wrap(model), options)) {
      for (int i = 0; i < inputs.length; i++) {
        jlite.getInputTensor(i).copyFrom(ByteBuffer.wrap(inputs[i]).order(ByteOrder.LITTLE_ENDIAN));
      }
      jlite.invoke();
      for (int k = 0; k < expected.length; k++) {
        OracleTensorInfo info = oracle.outputInfo(k);
        Tensor actual = jlite.getOutputTensor(k);
        if (!Arrays.equals(info.shape(), actual.shape())) {
          throw new AssertionError("output " + k + ": shape " + Arrays.toString(actual.shape())
              + ", TFLite has " + Arrays.toString(info.shape()));
        }
        ByteBuffer bytes = ByteBuffer.allocate(actual.numBytes()).order(ByteOrder.LITTLE_ENDIAN);
        actual.copyTo(bytes);
        compareBytes(k, actual.dataType(), expected[k], bytes.array(), tolerance);
      }
    }
  }

  private static void compareBytes(int output, DataType type, byte[] expected, byte[] actual,
      double tolerance) {
    if (expected.length != actual.length) {
      throw new AssertionError("output " + output + ": " + actual.length + " bytes, TFLite has "
          + expected.length);
    }
    if (type != DataType.FLOAT32) {
      if (!Arrays.equals(expected, actual)) {
        int at = Arrays.mismatch(expected, actual);
        throw new AssertionError("output " + output + " (" + type + ") differs from TFLite at byte "
            + at + ": " + actual[at] + " vs " + expected[at]);
      }
      return;
    }
    ByteBuffer e = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer a = ByteBuffer.wrap(actual).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < expected.length / 4; i++) {
      float x = e.getFloat(4 * i);
      float y = a.getFloat(4 * i);
      if (!closeEnough(x, y, tolerance)) {
        throw new AssertionError("output " + output + " element " + i + ": " + y
            + ", TFLite has " + x + " (tolerance " + tolerance + ")");
      }
    }
  }

  /** Within 1e-4 absolute or 1e-4 relative; NaN matches NaN, infinities match exactly. */
  public static boolean closeEnough(float expected, float actual) {
    return closeEnough(expected, actual, FLOAT_TOLERANCE);
  }

  private static boolean closeEnough(float expected, float actual, double tolerance) {
    if (Float.isNaN(expected) || Float.isNaN(actual)) {
      return Float.isNaN(expected) && Float.isNaN(actual);
    }
    if (Float.isInfinite(expected) || Float.isInfinite(actual)) {
      return expected == actual;
    }
    double diff = Math.abs((double) expected - actual);
    return diff <= tolerance || diff <= tolerance * Math.abs(expected);
  }

  /** Random raw bytes for an input: floats in [-1, 1), integers over a moderate range. */
  static byte[] randomInput(OracleTensorInfo info, Random random) {
    int elements = 1;
    for (int d : info.shape()) {
      elements *= d;
    }
    ByteBuffer b = ByteBuffer.allocate((int) info.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    DataType type = DataType.fromCode(info.type());
    for (int i = 0; i < elements; i++) {
      switch (type) {
        case FLOAT32 -> b.putFloat(random.nextFloat() * 2 - 1);
        case INT32 -> b.putInt(random.nextInt(201) - 100);
        case INT64 -> b.putLong(random.nextInt(201) - 100);
        case UINT8, INT8 -> b.put((byte) random.nextInt(256));
        case BOOL -> b.put((byte) random.nextInt(2));
        case INT16 -> b.putShort((short) (random.nextInt(65536) - 32768));
        default -> throw new IllegalArgumentException("no random input for " + type);
      }
    }
    return b.array();
  }
}
