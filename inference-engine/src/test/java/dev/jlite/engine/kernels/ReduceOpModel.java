package dev.jlite.engine.kernels;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A one-operator model for kernel tests: graph inputs, constants, outputs and the operator. Output
 * shapes written to the model are placeholders; the kernels compute the real ones.
 */
final class ReduceOpModel {
  final ModelBuilder model = new ModelBuilder();
  final SubgraphBuilder graph = model.addSubgraph("main");
  private final List<Integer> inputs = new ArrayList<>();
  private final List<Integer> outputs = new ArrayList<>();
  private int constants;

  /** A graph input of the given TensorType and shape. */
  int input(byte type, int... shape) {
    int t = graph.addTensor("in" + inputs.size(), type, shape);
    inputs.add(t);
    return t;
  }

  int constant(int[] shape, float... values) {
    return graph.addConstant("c" + constants++, shape, values);
  }

  int constant(int[] shape, int... values) {
    return graph.addConstant("c" + constants++, shape, values);
  }

  int tensor(TensorSpec spec) {
    return graph.addTensor(spec);
  }

  /** A graph output of the given type (shape left for the kernel). */
  int output(byte type, int... shape) {
    int t = graph.addTensor("out" + outputs.size(), type, shape);
    outputs.add(t);
    return t;
  }

  ReduceOpModel op(int code, byte optionsType, ToIntFunction<FlatBufferBuilder> options, int[] in,
      int... out) {
    OperatorSpec.Builder b = OperatorSpec.builtin(code).inputs(in).outputs(out);
    if (options != null) {
      b.options(optionsType, options);
    }
    graph.addOperator(b.build());
    return this;
  }

  ReduceOpModel op(int code, int[] in, int... out) {
    return op(code, (byte) 0, null, in, out);
  }

  byte[] build() {
    finish();
    return model.build();
  }

  byte[] buildUnverified() {
    finish();
    return model.buildUnverified();
  }

  private void finish() {
    graph.inputs(inputs.stream().mapToInt(Integer::intValue).toArray());
    graph.outputs(outputs.stream().mapToInt(Integer::intValue).toArray());
  }

  static int[] in(int... tensors) {
    return tensors;
  }

  /** Runs a model with float inputs in jlite and returns output 0's floats. */
  static float[] runFloats(byte[] model, float[]... inputs) {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      for (int i = 0; i < inputs.length; i++) {
        interpreter.getInputTensor(i).copyFrom(inputs[i]);
      }
      interpreter.invoke();
      float[] out = new float[interpreter.getOutputTensor(0).numElements()];
      interpreter.getOutputTensor(0).copyTo(out);
      return out;
    }
  }

  /** Allocates the model's tensors in jlite (runs every prepare). */
  static void prepare(byte[] model) {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.allocateTensors();
    }
  }
}
