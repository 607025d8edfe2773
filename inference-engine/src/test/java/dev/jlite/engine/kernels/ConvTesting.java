package dev.jlite.engine.kernels;

import dev.jlite.engine.Differential;
import dev.jlite.engine.Interpreter;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.testing.OracleTensorInfo;
import dev.jlite.schema.testing.TfLiteOracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * Runs convolution-family models in jlite (vector or scalar kernels, any thread count) and in real
 * TFLite 2.19, and compares float outputs within {@link Differential#FLOAT_TOLERANCE}.
 */
final class ConvTesting {
  private ConvTesting() {}

  /** Every builtin kernel, with the convolution family in the requested flavour. */
  static OpResolver resolver(boolean vector) {
    OpResolver.Builder builder = OpResolver.builder().addAll(OpResolver.builtin());
    ConvKernels.register(builder, vector);
    return builder.build();
  }

  static float[] random(Random random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    return values;
  }

  static byte[] bytes(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  static byte[] bytes(int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return b.array();
  }

  static float[] floats(byte[] bytes) {
    float[] values = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  /** Random float inputs from {@code seed}; jlite with the given kernels and threads vs TFLite. */
  static void assertMatchesTfLite(byte[] model, long seed, boolean vector, int threads) {
    byte[][] inputs;
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      oracle.allocateTensors();
      Random random = new Random(seed);
      inputs = new byte[oracle.inputCount()][];
      for (int i = 0; i < inputs.length; i++) {
        OracleTensorInfo info = oracle.inputInfo(i);
        inputs[i] = bytes(random(random, (int) (info.bytes() / 4)));
      }
    }
    assertMatchesTfLite(model, vector, threads, inputs);
  }

  /**
   * Random inputs; jlite runs {@code model}, TFLite {@code oracleModel}: an equivalent model in a
   * form TFLite accepts (for example with a zero bias where TFLite requires one).
   */
  static void assertMatchesTfLite(byte[] model, byte[] oracleModel, long seed, boolean vector,
      int threads) {
    byte[][] inputs;
    byte[][] expected;
    int[][] shapes;
    try (TfLiteOracle oracle = TfLiteOracle.open(oracleModel)) {
      oracle.allocateTensors();
      Random random = new Random(seed);
      inputs = new byte[oracle.inputCount()][];
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = bytes(random(random, (int) (oracle.inputInfo(i).bytes() / 4)));
      }
      expected = oracle.run(inputs);
      shapes = new int[expected.length][];
      for (int i = 0; i < expected.length; i++) {
        shapes[i] = oracle.outputInfo(i).shape();
      }
    }
    assertOutputs(model, vector, threads, inputs, expected, shapes);
  }

  /** jlite vs TFLite on the given raw inputs. */
  static void assertMatchesTfLite(byte[] model, boolean vector, int threads, byte[]... inputs) {
    byte[][] expected;
    int[][] shapes;
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      oracle.allocateTensors();
      expected = oracle.run(inputs);
      shapes = new int[expected.length][];
      for (int i = 0; i < expected.length; i++) {
        shapes[i] = oracle.outputInfo(i).shape();
      }
    }
    assertOutputs(model, vector, threads, inputs, expected, shapes);
  }

  /** jlite's outputs against expected raw float outputs and shapes. */
  static void assertOutputs(byte[] model, boolean vector, int threads, byte[][] inputs,
      byte[][] expected, int[][] shapes) {
    try (Interpreter jlite = interpreter(model, vector, threads)) {
      for (int i = 0; i < inputs.length; i++) {
        jlite.getInputTensor(i).copyFrom(ByteBuffer.wrap(inputs[i]).order(ByteOrder.LITTLE_ENDIAN));
      }
      jlite.invoke();
      for (int k = 0; k < expected.length; k++) {
        Tensor out = jlite.getOutputTensor(k);
        if (!Arrays.equals(shapes[k], out.shape())) {
          throw new AssertionError("output " + k + ": shape " + Arrays.toString(out.shape())
              + ", expected " + Arrays.toString(shapes[k]));
        }
        float[] want = floats(expected[k]);
        float[] got = outputFloats(out);
        for (int i = 0; i < want.length; i++) {
          if (!Differential.closeEnough(want[i], got[i])) {
            throw new AssertionError("output " + k + " element " + i + ": " + got[i]
                + ", expected " + want[i] + " (vector " + vector + ", threads " + threads + ")");
          }
        }
      }
    }
  }

  static Interpreter interpreter(byte[] model, boolean vector, int threads) {
    return new Interpreter(ByteBuffer.wrap(model), Interpreter.Options.builder()
        .numThreads(threads).opResolver(resolver(vector)).build());
  }

  static float[] outputFloats(Tensor out) {
    ByteBuffer b = ByteBuffer.allocate(out.numBytes()).order(ByteOrder.LITTLE_ENDIAN);
    out.copyTo(b);
    return floats(b.array());
  }

  /** Runs jlite on float inputs and returns output 0. */
  static float[] run(byte[] model, boolean vector, int threads, float[]... inputs) {
    try (Interpreter jlite = interpreter(model, vector, threads)) {
      for (int i = 0; i < inputs.length; i++) {
        jlite.getInputTensor(i).copyFrom(inputs[i]);
      }
      jlite.invoke();
      return outputFloats(jlite.getOutputTensor(0));
    }
  }
}
