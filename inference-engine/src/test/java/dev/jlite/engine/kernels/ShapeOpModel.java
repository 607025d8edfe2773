package dev.jlite.engine.kernels;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Writes a one-operator model for kernel tests: run-time inputs (graph inputs), constant inputs,
 * absent optional inputs, outputs and options, in operator input order.
 */
final class ShapeOpModel {
  private final ModelBuilder model = new ModelBuilder();
  private final SubgraphBuilder graph = model.addSubgraph("main");
  private final int code;
  private final List<Integer> opInputs = new ArrayList<>();
  private final List<Integer> graphInputs = new ArrayList<>();
  private final List<Integer> outputs = new ArrayList<>();
  private int version = 1;
  private byte optionsType;
  private ToIntFunction<FlatBufferBuilder> options;

  private ShapeOpModel(int code) {
    this.code = code;
  }

  static ShapeOpModel of(int builtinCode) {
    return new ShapeOpModel(builtinCode);
  }

  /** A run-time input fed by the test. */
  ShapeOpModel input(byte type, int... shape) {
    int t = graph.addTensor("in" + opInputs.size(), type, shape);
    opInputs.add(t);
    graphInputs.add(t);
    return this;
  }

  /** A run-time input with quantization parameters. */
  ShapeOpModel inputQuantized(byte type, QuantizationSpec q, int... shape) {
    int t = graph.addTensor(TensorSpec.builder("in" + opInputs.size(), type, shape)
        .quantization(q).build());
    opInputs.add(t);
    graphInputs.add(t);
    return this;
  }

  /** A constant int32 input. */
  ShapeOpModel ints(int[] shape, int... values) {
    opInputs.add(graph.addConstant("c" + opInputs.size(), shape, values));
    return this;
  }

  /** A constant 1-D int32 input. */
  ShapeOpModel ints(int... values) {
    return ints(new int[] {values.length}, values);
  }

  /** A constant scalar int32 input. */
  ShapeOpModel scalar(int value) {
    return ints(new int[0], value);
  }

  /** A constant int64 input. */
  ShapeOpModel longs(int[] shape, long... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    return constant(TensorType.INT64, shape, b.array());
  }

  /** A constant float32 input. */
  ShapeOpModel floats(int[] shape, float... values) {
    opInputs.add(graph.addConstant("c" + opInputs.size(), shape, values));
    return this;
  }

  /** A constant input of any type from raw little-endian bytes. */
  ShapeOpModel constant(byte type, int[] shape, byte[] raw) {
    opInputs.add(graph.addTensor(TensorSpec.builder("c" + opInputs.size(), type, shape)
        .buffer(model.addBuffer(raw)).build()));
    return this;
  }

  /** Any tensor spec as the next input (for hostile models), not a graph input. */
  ShapeOpModel tensor(TensorSpec spec) {
    opInputs.add(graph.addTensor(spec));
    return this;
  }

  /** An omitted optional input (index -1). */
  ShapeOpModel absent() {
    opInputs.add(-1);
    return this;
  }

  /** An output; its declared shape is irrelevant (kernels compute it), so it is written empty. */
  ShapeOpModel output(byte type) {
    outputs.add(graph.addTensor("out" + outputs.size(), type));
    return this;
  }

  ShapeOpModel outputQuantized(byte type, QuantizationSpec q) {
    outputs.add(graph.addTensor(TensorSpec.builder("out" + outputs.size(), type)
        .quantization(q).build()));
    return this;
  }

  ShapeOpModel outputs(byte type, int count) {
    for (int i = 0; i < count; i++) {
      output(type);
    }
    return this;
  }

  /** The operator version written to the model (TFLite registers some ops from version 2). */
  ShapeOpModel version(int version) {
    this.version = version;
    return this;
  }

  ShapeOpModel options(byte type, ToIntFunction<FlatBufferBuilder> writer) {
    this.optionsType = type;
    this.options = writer;
    return this;
  }

  private void finish() {
    OperatorSpec.Builder op = OperatorSpec.builtin(code).version(version)
        .inputs(opInputs.stream().mapToInt(Integer::intValue).toArray())
        .outputs(outputs.stream().mapToInt(Integer::intValue).toArray());
    if (options != null) {
      op.options(optionsType, options);
    }
    graph.addOperator(op.build());
    graph.inputs(graphInputs.stream().mapToInt(Integer::intValue).toArray());
    graph.outputs(outputs.stream().mapToInt(Integer::intValue).toArray());
  }

  byte[] build() {
    finish();
    return model.build();
  }

  byte[] buildUnverified() {
    finish();
    return model.buildUnverified();
  }

  /** Builds the model and opens it (tensors are allocated, so prepare has run). */
  Interpreter open() {
    return new Interpreter(ByteBuffer.wrap(build()));
  }

  static byte[] rawInts(int... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }

  static byte[] rawFloats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  /** The element types every data-movement test sweeps. */
  static final byte[] TYPES = {TensorType.FLOAT32, TensorType.INT32, TensorType.INT64,
      TensorType.UINT8, TensorType.INT8, TensorType.INT16, TensorType.BOOL};
}
