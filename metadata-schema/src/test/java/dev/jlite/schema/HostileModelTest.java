package dev.jlite.schema;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.schema.model.Buffer;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.CallOnceOptions;
import dev.jlite.schema.model.Model;
import dev.jlite.schema.model.SubGraph;
import dev.jlite.schema.model.Tensor;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.model.WhileOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Malformed models, one per kind of damage (the model verification classes of RELIABILITY.md §1 and
 * the load-stage rows of §2): each must fail with {@link InvalidModelException} whose message names
 * where and what.
 */
class HostileModelTest {

  /** A valid two-operator graph: t2 = ADD(t0, c1); t3 = RELU(t2). The callback may damage it. */
  private static byte[] graph(Consumer<Parts> damage) {
    Parts p = new Parts();
    p.model = new ModelBuilder();
    p.graph = p.model.addSubgraph("main");
    p.input = p.graph.addTensor("input", TensorType.FLOAT32, 1, 4);
    p.constant = p.graph.addConstant("bias", new int[] {1, 4}, new float[] {1, 2, 3, 4});
    p.sum = p.graph.addTensor("sum", TensorType.FLOAT32, 1, 4);
    p.output = p.graph.addTensor("output", TensorType.FLOAT32, 1, 4);
    damage.accept(p);
    if (!p.skipOperators) {
      p.graph.addOperator(OperatorSpec.builtin(BuiltinOperator.ADD)
          .inputs(p.addInputs != null ? p.addInputs : new int[] {p.input, p.constant})
          .outputs(p.addOutputs != null ? p.addOutputs : new int[] {p.sum}).build());
      p.graph.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(p.sum)
          .outputs(p.output).build());
    }
    p.graph.inputs(p.input).outputs(p.output);
    return p.model.buildUnverified();
  }

  /** The pieces a damage callback can change before the operators are added. */
  private static final class Parts {
    ModelBuilder model;
    SubgraphBuilder graph;
    int input;
    int constant;
    int sum;
    int output;
    int[] addInputs;
    int[] addOutputs;
    boolean skipOperators;
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] model) {
    return assertThatThrownBy(() -> ModelFile.wrap(ByteBuffer.wrap(model)))
        .isExactlyInstanceOf(InvalidModelException.class);
  }

  @Test
  void theUndamagedGraphIsValid() {
    ModelFile.wrap(ByteBuffer.wrap(graph(p -> { })));
  }

  @Test
  void operatorInputIndexOutOfRange() {
    assertRejected(graph(p -> p.addInputs = new int[] {p.input, 99}))
        .hasMessageContaining("subgraph 0 'main', operator 0 (ADD): input 1 refers to tensor 99,"
            + " out of range (4 tensors)");
  }

  @Test
  void operatorOutputMinusOne() {
    assertRejected(graph(p -> p.addOutputs = new int[] {-1}))
        .hasMessageContaining("operator 0 (ADD): output 0 refers to tensor -1");
  }

  @Test
  void tensorBufferIndexOutOfRange() {
    assertRejected(graph(p -> p.graph.addTensor(
        TensorSpec.builder("stray", TensorType.FLOAT32, 4).buffer(77).build())))
        .hasMessageContaining("tensor 4 'stray': buffer index 77 is out of range");
  }

  @Test
  void opcodeIndexOutOfRange() {
    assertRejected(graph(p -> {
      p.skipOperators = true;
      p.graph.addOperator(OperatorSpec.withOpcodeIndex(5).inputs(p.input).outputs(p.output)
          .build());
    })).hasMessageContaining("operator 0: operator code index 5 is out of range (0 codes)");
  }

  @Test
  void constantBufferShorterThanItsShape() {
    assertRejected(graph(p -> p.graph.addTensor(TensorSpec.builder("short", TensorType.FLOAT32, 2, 3)
        .buffer(p.model.addBuffer(new float[] {1, 2, 3})).build())))
        .hasMessageContaining("tensor 4 'short': shape [2, 3] of FLOAT32 needs 24 bytes, but buffer")
        .hasMessageContaining("holds 12");
  }

  @Test
  void negativeDimension() {
    assertRejected(graph(p -> p.graph.addTensor("negative", TensorType.FLOAT32, 1, -3)))
        .hasMessageContaining("tensor 4 'negative': dimension 1 is negative (-3)");
  }

  @Test
  void shapeWhoseSizeOverflows() {
    assertRejected(graph(p -> p.graph.addTensor("huge", TensorType.FLOAT32, 1024, 2048, 4096)))
        .hasMessageContaining("tensor 4 'huge': shape [1024, 2048, 4096] of FLOAT32 needs more than");
  }

  @Test
  void inputThatNothingProduces() {
    assertRejected(graph(p -> {
      int orphan = p.graph.addTensor("orphan", TensorType.FLOAT32, 1, 4);
      p.addInputs = new int[] {p.input, orphan};
    })).hasMessageContaining("operator 0 (ADD): input 1 reads tensor 4 'orphan', which no earlier"
        + " operator produces");
  }

  @Test
  void anEmptyTensorNeedsNoProducer() {
    ModelFile.wrap(ByteBuffer.wrap(graph(p -> {
      int noAxes = p.graph.addTensor("no_axes", TensorType.INT32, 0);
      p.skipOperators = true;
      p.graph.addOperator(OperatorSpec.builtin(BuiltinOperator.MEAN).inputs(p.input, noAxes)
          .outputs(p.output).build());
    })));
  }

  @Test
  void operatorsOutOfOrder() {
    assertRejected(graph(p -> {
      p.skipOperators = true;
      p.graph.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(p.sum)
          .outputs(p.output).build());
      p.graph.addOperator(OperatorSpec.builtin(BuiltinOperator.ADD).inputs(p.input, p.constant)
          .outputs(p.sum).build());
    })).hasMessageContaining("operator 0 (RELU): input 0 reads tensor 2 'sum', which no earlier");
  }

  @Test
  void sameTensorAsInputAndOutput() {
    assertRejected(graph(p -> p.addOutputs = new int[] {p.input}))
        .hasMessageContaining("operator 0 (ADD): output 0 writes tensor 0 'input', which is a"
            + " subgraph input");
  }

  @Test
  void outputWrittenByTwoOperators() {
    assertRejected(graph(p -> {
      p.skipOperators = true;
      p.graph.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(p.input)
          .outputs(p.output).build());
      p.graph.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(p.input)
          .outputs(p.output).build());
    })).hasMessageContaining("operator 1 (RELU): output 0 writes tensor 3 'output', which an"
        + " earlier operator already produces");
  }

  @Test
  void writingAConstant() {
    assertRejected(graph(p -> p.addOutputs = new int[] {p.constant}))
        .hasMessageContaining("operator 0 (ADD): output 0 writes constant tensor 1 'bias'");
  }

  @Test
  void variableWithConstantData() {
    assertRejected(graph(p -> p.graph.addTensor(TensorSpec.builder("state", TensorType.FLOAT32, 2)
        .buffer(p.model.addBuffer(new float[] {1, 2})).variable(true).build())))
        .hasMessageContaining("tensor 4 'state': a variable tensor cannot have constant data");
  }

  @Test
  void scalesWithoutZeroPoints() {
    assertRejected(graph(p -> p.graph.addTensor(TensorSpec.builder("q", TensorType.INT8, 4)
        .quantization(QuantizationSpec.builder().scale(0.5f, 0.25f).build()).build())))
        .hasMessageContaining("tensor 4 'q': quantization has 2 scales but no zero points");
  }

  @Test
  void perChannelCountDifferentFromTheChannelDimension() {
    assertRejected(graph(p -> p.graph.addTensor(TensorSpec.builder("w", TensorType.INT8, 3, 2)
        .quantization(QuantizationSpec.perChannel(new float[] {1, 1}, new long[] {0, 0}, 0))
        .build())))
        .hasMessageContaining("tensor 4 'w': 2 per-channel scales but dimension 0 has 3");
  }

  @Test
  void quantizedDimensionOutOfRange() {
    assertRejected(graph(p -> p.graph.addTensor(TensorSpec.builder("w", TensorType.INT8, 3, 2)
        .quantization(QuantizationSpec.perChannel(new float[] {1, 1}, new long[] {0, 0}, 2))
        .build())))
        .hasMessageContaining("tensor 4 'w': quantized_dimension 2 is out of range for rank 2");
  }

  @Test
  void malformedStringTensor() {
    byte[] bad = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(2).putInt(16).putInt(20).putInt(12).array();
    assertRejected(graph(p -> p.graph.addTensor(TensorSpec.builder("words", TensorType.STRING, 2)
        .buffer(p.model.addBuffer(bad)).build())))
        .hasMessageContaining("tensor 4 'words': string buffer");
  }

  @Test
  void wrongSchemaVersion() {
    assertRejected(graph(p -> p.model.version(2)))
        .hasMessageContaining("schema version 2 is not supported (expected 3)");
  }

  @Test
  void subgraphThatCallsItself() {
    assertRejected(graph(p -> p.graph.addOperator(OperatorSpec.builtin(BuiltinOperator.CALL_ONCE)
        .options(BuiltinOptions.CallOnceOptions,
            fbb -> CallOnceOptions.createCallOnceOptions(fbb, 0))
        .build())))
        .hasMessageContaining("subgraph 0 calls subgraph 0, which is already on the call path");
  }

  @Test
  void subgraphsThatCallEachOther() {
    assertRejected(graph(p -> {
      SubgraphBuilder body = p.model.addSubgraph("body");
      int x = body.addTensor("x", TensorType.INT32, 1);
      body.addOperator(OperatorSpec.builtin(BuiltinOperator.CALL_ONCE)
          .options(BuiltinOptions.CallOnceOptions,
              fbb -> CallOnceOptions.createCallOnceOptions(fbb, 0))
          .build());
      body.inputs(x).outputs(x);
      p.graph.addOperator(OperatorSpec.builtin(BuiltinOperator.CALL_ONCE)
          .options(BuiltinOptions.CallOnceOptions,
              fbb -> CallOnceOptions.createCallOnceOptions(fbb, 1))
          .build());
    })).hasMessageContaining("calls subgraph")
        .hasMessageContaining("already on the call path");
  }

  @Test
  void whileBodyOutOfRange() {
    assertRejected(graph(p -> p.graph.addOperator(OperatorSpec.builtin(BuiltinOperator.WHILE)
        .options(BuiltinOptions.WhileOptions,
            fbb -> WhileOptions.createWhileOptions(fbb, 0, 9))
        .build())))
        .hasMessageContaining("calls subgraph 9, out of range (1 subgraphs)");
  }

  @Test
  void signatureTensorOutOfRange() {
    assertRejected(graph(p -> p.model.addSignature(SignatureSpec.builder("serve", 0)
        .input("x", 42).output("y", p.output).build())))
        .hasMessageContaining("signature 0 'serve': input 0 'x' refers to tensor 42");
  }

  @Test
  void signatureSubgraphOutOfRange() {
    assertRejected(graph(p -> p.model.addSignature(SignatureSpec.builder("serve", 3)
        .output("y", p.output).build())))
        .hasMessageContaining("signature 0 'serve': subgraph index 3 is out of range");
  }

  @Test
  void customOperatorWithoutName() {
    assertRejected(graph(p -> {
      p.skipOperators = true;
      int code = p.model.addRawOperatorCode((byte) BuiltinOperator.CUSTOM, BuiltinOperator.CUSTOM,
          "", 1);
      p.graph.addOperator(OperatorSpec.withOpcodeIndex(code).inputs(p.input).outputs(p.output)
          .build());
    })).hasMessageContaining("operator code 0: a custom operator needs a non-empty custom_code");
  }

  @Test
  void vectorLengthPointingPastTheEnd() {
    byte[] model = graph(p -> { });
    Model root = Model.getRootAsModel(ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN));
    int data = root.buffers(1).dataAsByteBuffer().position();
    ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN).putInt(data - 4, 0x7ffffff0);

    assertRejected(model)
        .hasMessageContaining("Malformed model: Model.buffers[1].data: vector of 2147483632"
            + " elements runs past the end of the buffer");
  }

  @Test
  void externalBufferOutsideTheFile() {
    assertRejected(modelWithExternalBuffer(1_000_000L, 64))
        .hasMessageContaining("buffer 1: external data at offset 1000000 with size 64 lies outside"
            + " the file");
  }

  /**
   * A one-tensor model whose buffer 1 declares data stored after the flatbuffer (Buffer.offset and
   * size, as converters write models over 2 GB); ModelBuilder writes only inline data.
   */
  private static byte[] modelWithExternalBuffer(long offset, long size) {
    FlatBufferBuilder fbb = new FlatBufferBuilder();
    int buffers = Model.createBuffersVector(fbb, new int[] {
        Buffer.createBuffer(fbb, 0, 0, 0), Buffer.createBuffer(fbb, 0, offset, size)});
    int shape = Tensor.createShapeVector(fbb, new int[] {4});
    int name = fbb.createString("weights");
    Tensor.startTensor(fbb);
    Tensor.addShape(fbb, shape);
    Tensor.addBuffer(fbb, 1);
    Tensor.addName(fbb, name);
    int tensors = SubGraph.createTensorsVector(fbb, new int[] {Tensor.endTensor(fbb)});
    SubGraph.startSubGraph(fbb);
    SubGraph.addTensors(fbb, tensors);
    int subgraphs = Model.createSubgraphsVector(fbb, new int[] {SubGraph.endSubGraph(fbb)});
    Model.startModel(fbb);
    Model.addVersion(fbb, 3);
    Model.addSubgraphs(fbb, subgraphs);
    Model.addBuffers(fbb, buffers);
    fbb.finish(Model.endModel(fbb), "TFL3");
    return fbb.sizedByteArray();
  }
}
