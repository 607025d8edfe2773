package dev.jlite.engine.kernels;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A one-operator model with per-tensor quantized inputs and outputs, for the quantized tests of
 * pooling, softmax, reductions, resizing and data movement. Outputs are declared without a
 * shape; the kernels compute it.
 */
final class MiscQuantModel {
  private final ModelBuilder model = new ModelBuilder();
  private final SubgraphBuilder graph = model.addSubgraph("main");
  private final List<Integer> inputs = new ArrayList<>();
  private final List<Integer> outputs = new ArrayList<>();
  private int tensors;

  /** A graph input of the given TensorType, scale, zero point and shape. */
  int input(byte type, float scale, long zeroPoint, int... shape) {
    int t = graph.addTensor(TensorSpec.builder("t" + tensors++, type, shape)
        .quantization(QuantizationSpec.perTensor(scale, zeroPoint)).build());
    inputs.add(t);
    return t;
  }

  /** A graph input quantized per channel along dimension {@code axis} (hostile here). */
  int perChannelInput(byte type, float[] scales, int axis, int... shape) {
    int t = graph.addTensor(TensorSpec.builder("t" + tensors++, type, shape)
        .quantization(QuantizationSpec.perChannel(scales, new long[scales.length], axis))
        .build());
    inputs.add(t);
    return t;
  }

  /** A graph input without quantization parameters (indices, axes, float tensors). */
  int plainInput(byte type, int... shape) {
    int t = graph.addTensor("t" + tensors++, type, shape);
    inputs.add(t);
    return t;
  }

  int constant(int[] shape, int... values) {
    return graph.addConstant("t" + tensors++, shape, values);
  }

  /** A graph output of the given type and quantization. */
  int output(byte type, float scale, long zeroPoint) {
    int t = graph.addTensor(TensorSpec.builder("t" + tensors++, type)
        .quantization(QuantizationSpec.perTensor(scale, zeroPoint)).build());
    outputs.add(t);
    return t;
  }

  /** A graph output without quantization parameters (indices). */
  int plainOutput(byte type) {
    int t = graph.addTensor("t" + tensors++, type);
    outputs.add(t);
    return t;
  }

  MiscQuantModel op(int code, byte optionsType, ToIntFunction<FlatBufferBuilder> options,
      int[] in, int... out) {
    OperatorSpec.Builder b = OperatorSpec.builtin(code).inputs(in).outputs(out);
    if (options != null) {
      b.options(optionsType, options);
    }
    graph.addOperator(b.build());
    return this;
  }

  byte[] build() {
    graph.inputs(inputs.stream().mapToInt(Integer::intValue).toArray());
    graph.outputs(outputs.stream().mapToInt(Integer::intValue).toArray());
    return model.buildUnverified();
  }

  /** Runs a model on raw byte inputs in jlite and returns output 0's bytes. */
  static byte[] runBytes(byte[] model, byte[]... inputs) {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      for (int i = 0; i < inputs.length; i++) {
        interpreter.getInputTensor(i).copyFrom(inputs[i]);
      }
      interpreter.invoke();
      byte[] out = new byte[interpreter.getOutputTensor(0).numBytes()];
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
