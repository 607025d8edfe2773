package dev.jlite.engine.kernels;

import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A single-graph model written for kernel tests: graph inputs, constants, graph outputs and the
 * operators between them. Also runs models in jlite on raw little-endian bytes.
 */
final class OpModel {
  private final ModelBuilder model = new ModelBuilder();
  private final SubgraphBuilder graph = model.addSubgraph("main");
  private final List<Integer> inputs = new ArrayList<>();
  private final List<Integer> outputs = new ArrayList<>();
  private int count;

  /** A graph input tensor of {@code TensorType} {@code type}. */
  int input(byte type, int... shape) {
    int t = graph.addTensor("in" + count++, type, shape);
    inputs.add(t);
    return t;
  }

  /** A graph input carrying quantization parameters. */
  int input(byte type, QuantizationSpec quantization, int... shape) {
    int t = graph.addTensor(TensorSpec.builder("in" + count++, type, shape)
        .quantization(quantization).build());
    inputs.add(t);
    return t;
  }

  /** A graph output tensor. */
  int output(byte type, int... shape) {
    int t = graph.addTensor("out" + count++, type, shape);
    outputs.add(t);
    return t;
  }

  /** A tensor between two operators. */
  int tensor(byte type, int... shape) {
    return graph.addTensor("t" + count++, type, shape);
  }

  /** A constant tensor holding raw little-endian bytes. */
  int constant(byte type, int[] shape, byte[] data) {
    return graph.addTensor(TensorSpec.builder("c" + count++, type, shape)
        .buffer(model.addBuffer(data)).build());
  }

  /** A constant tensor holding raw little-endian bytes, with quantization parameters. */
  int constant(byte type, int[] shape, byte[] data, QuantizationSpec quantization) {
    return graph.addTensor(TensorSpec.builder("c" + count++, type, shape)
        .buffer(model.addBuffer(data)).quantization(quantization).build());
  }

  OpModel op(OperatorSpec operator) {
    graph.addOperator(operator);
    return this;
  }

  byte[] build() {
    finish();
    return model.build();
  }

  /** Without the model verifier, for models that jlite's kernels must reject themselves. */
  byte[] buildUnverified() {
    finish();
    return model.buildUnverified();
  }

  private void finish() {
    graph.inputs(inputs.stream().mapToInt(Integer::intValue).toArray())
        .outputs(outputs.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Runs the model in jlite and returns every output's raw little-endian bytes. */
  static ByteBuffer[] run(byte[] model, byte[]... inputs) {
    try (Interpreter jlite = new Interpreter(ByteBuffer.wrap(model))) {
      for (int i = 0; i < inputs.length; i++) {
        jlite.getInputTensor(i).copyFrom(ByteBuffer.wrap(inputs[i]).order(ByteOrder.LITTLE_ENDIAN));
      }
      jlite.invoke();
      ByteBuffer[] result = new ByteBuffer[jlite.getOutputTensorCount()];
      for (int k = 0; k < result.length; k++) {
        Tensor out = jlite.getOutputTensor(k);
        result[k] = ByteBuffer.allocate(out.numBytes()).order(ByteOrder.LITTLE_ENDIAN);
        out.copyTo(result[k]);
        result[k].flip();
      }
      return result;
    }
  }

  /** The shape of output {@code k} after one run in jlite. */
  static int[] outputShape(byte[] model, int k, byte[]... inputs) {
    try (Interpreter jlite = new Interpreter(ByteBuffer.wrap(model))) {
      for (int i = 0; i < inputs.length; i++) {
        jlite.getInputTensor(i).copyFrom(ByteBuffer.wrap(inputs[i]).order(ByteOrder.LITTLE_ENDIAN));
      }
      jlite.invoke();
      return jlite.getOutputTensor(k).shape();
    }
  }

  static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  static byte[] ints(int... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return b.array();
  }

  static byte[] longs(long... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return b.array();
  }

  static byte[] shorts(short... values) {
    ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(values);
    return b.array();
  }

  static byte[] bools(boolean... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) (values[i] ? 1 : 0);
    }
    return b;
  }

  static float[] toFloats(ByteBuffer b) {
    float[] a = new float[b.remaining() / 4];
    b.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
    return a;
  }

  static int[] toInts(ByteBuffer b) {
    int[] a = new int[b.remaining() / 4];
    b.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(a);
    return a;
  }

  static long[] toLongs(ByteBuffer b) {
    long[] a = new long[b.remaining() / 8];
    b.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(a);
    return a;
  }

  static byte[] toBytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  /** {@code n} random floats in [lo, hi), raw little-endian. */
  static byte[] randomFloats(java.util.Random random, int n, float lo, float hi) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + random.nextFloat() * (hi - lo);
    }
    return floats(v);
  }

  static int elements(int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Asserts that loading the model fails in prepare with every message fragment. */
  static void assertRejected(byte[] model, String... fragments) {
    org.assertj.core.api.AbstractThrowableAssert<?, ?> thrown =
        org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Interpreter(ByteBuffer.wrap(model)).close())
        .isInstanceOf(dev.jlite.schema.InvalidModelException.class);
    for (String f : fragments) {
      thrown.hasMessageContaining(f);
    }
  }

  /** Asserts that running the model on the inputs fails with every message fragment. */
  static void assertRunFails(byte[] model, byte[][] inputs, String... fragments) {
    org.assertj.core.api.AbstractThrowableAssert<?, ?> thrown =
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(model, inputs))
        .isInstanceOf(dev.jlite.engine.InferenceException.class);
    for (String f : fragments) {
      thrown.hasMessageContaining(f);
    }
  }
}
