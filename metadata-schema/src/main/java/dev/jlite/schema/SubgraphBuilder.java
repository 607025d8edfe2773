package dev.jlite.schema;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.schema.model.Operator;
import dev.jlite.schema.model.QuantizationParameters;
import dev.jlite.schema.model.SubGraph;
import dev.jlite.schema.model.Tensor;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * The tensors, operators, inputs and outputs of one subgraph of a model being written; obtained from
 * {@link ModelBuilder#addSubgraph(String)}. Tensors and operators get consecutive indices in the order
 * they are added, and operators run in that order.
 *
 * <p>Not thread-safe.
 */
public final class SubgraphBuilder {
  private final ModelBuilder model;
  private final int index;
  private final String name;
  private final List<TensorSpec> tensors = new ArrayList<>();
  private final List<OperatorSpec> operators = new ArrayList<>();
  private final List<Long> opcodeIndices = new ArrayList<>();
  private int[] inputs = new int[0];
  private int[] outputs = new int[0];

  SubgraphBuilder(ModelBuilder model, int index, String name) {
    this.model = model;
    this.index = index;
    this.name = name;
  }

  /** This subgraph's index in the model, as referred to by signatures and control-flow options. */
  public int index() {
    return index;
  }

  /** Adds a tensor and returns its index in this subgraph. */
  public int addTensor(TensorSpec tensor) {
    tensors.add(Checks.notNull(tensor, "tensor"));
    return tensors.size() - 1;
  }

  /** Adds a tensor computed at run time (no constant data, no quantization) and returns its index. */
  public int addTensor(String name, byte type, int... shape) {
    return addTensor(TensorSpec.of(name, type, shape));
  }

  /** Adds a constant {@code FLOAT32} tensor with its own buffer and returns its index. */
  public int addConstant(String name, int[] shape, float[] values) {
    checkCount(name, shape, Checks.notNull(values, "values of " + name).length);
    return addTensor(TensorSpec.builder(name, TensorType.FLOAT32, shape).buffer(model.addBuffer(values)).build());
  }

  /** Adds a constant {@code INT32} tensor with its own buffer and returns its index. */
  public int addConstant(String name, int[] shape, int[] values) {
    checkCount(name, shape, Checks.notNull(values, "values of " + name).length);
    return addTensor(TensorSpec.builder(name, TensorType.INT32, shape).buffer(model.addBuffer(values)).build());
  }

  /** The subgraph's input tensors, in order; written as given. */
  public SubgraphBuilder inputs(int... inputs) {
    this.inputs = Checks.notNull(inputs, "inputs").clone();
    return this;
  }

  /** The subgraph's output tensors, in order; written as given. */
  public SubgraphBuilder outputs(int... outputs) {
    this.outputs = Checks.notNull(outputs, "outputs").clone();
    return this;
  }

  /**
   * Appends an operator and returns its index in this subgraph. Its operator code is registered with
   * the model now (see {@link ModelBuilder#builtinOperatorCode}), unless the spec carries a raw
   * opcode index.
   */
  public int addOperator(OperatorSpec operator) {
    Checks.notNull(operator, "operator");
    long opcodeIndex = operator.opcodeIndex();
    if (opcodeIndex < 0) {
      opcodeIndex = operator.customCode() != null
          ? model.customOperatorCode(operator.customCode(), operator.version())
          : model.builtinOperatorCode(operator.builtinCode(), operator.version());
    }
    operators.add(operator);
    opcodeIndices.add(opcodeIndex);
    return operators.size() - 1;
  }

  private static void checkCount(String name, int[] shape, int count) {
    Checks.notNull(shape, "shape of " + name);
    long expected = 1;
    for (int d : shape) {
      expected *= d;
    }
    if (expected != count) {
      throw new IllegalArgumentException(
          "constant " + name + " has " + count + " values but its shape holds " + expected);
    }
  }

  /** Writes the subgraph; parts that are absent have offset 0, which the generated add methods skip. */
  int write(FlatBufferBuilder fbb) {
    int[] tensorOffsets = new int[tensors.size()];
    for (int i = 0; i < tensorOffsets.length; i++) {
      tensorOffsets[i] = writeTensor(fbb, tensors.get(i));
    }
    int[] operatorOffsets = new int[operators.size()];
    for (int i = 0; i < operatorOffsets.length; i++) {
      operatorOffsets[i] = writeOperator(fbb, operators.get(i), opcodeIndices.get(i));
    }
    int tensorsVector = SubGraph.createTensorsVector(fbb, tensorOffsets);
    int inputsVector = SubGraph.createInputsVector(fbb, inputs);
    int outputsVector = SubGraph.createOutputsVector(fbb, outputs);
    int operatorsVector = SubGraph.createOperatorsVector(fbb, operatorOffsets);
    int nameOffset = fbb.createString(name);
    SubGraph.startSubGraph(fbb);
    SubGraph.addTensors(fbb, tensorsVector);
    SubGraph.addInputs(fbb, inputsVector);
    SubGraph.addOutputs(fbb, outputsVector);
    SubGraph.addOperators(fbb, operatorsVector);
    SubGraph.addName(fbb, nameOffset);
    return SubGraph.endSubGraph(fbb);
  }

  private static int writeTensor(FlatBufferBuilder fbb, TensorSpec tensor) {
    int shape = Tensor.createShapeVector(fbb, tensor.shape());
    int[] signature = tensor.shapeSignature();
    int shapeSignature = signature == null ? 0 : Tensor.createShapeSignatureVector(fbb, signature);
    int quantization = tensor.quantization() == null ? 0 : writeQuantization(fbb, tensor.quantization());
    int name = fbb.createString(tensor.name());
    int sparsity = tensor.sparsity() == null ? 0 : tensor.sparsity().applyAsInt(fbb);
    Tensor.startTensor(fbb);
    Tensor.addShape(fbb, shape);
    Tensor.addType(fbb, tensor.type());
    Tensor.addBuffer(fbb, Integer.toUnsignedLong(tensor.buffer()));
    Tensor.addName(fbb, name);
    Tensor.addQuantization(fbb, quantization);
    Tensor.addIsVariable(fbb, tensor.isVariable());
    Tensor.addShapeSignature(fbb, shapeSignature);
    Tensor.addHasRank(fbb, tensor.hasRank());
    Tensor.addSparsity(fbb, sparsity);
    return Tensor.endTensor(fbb);
  }

  private static int writeQuantization(FlatBufferBuilder fbb, QuantizationSpec q) {
    float[] minValues = q.min();
    float[] maxValues = q.max();
    float[] scaleValues = q.scale();
    long[] zeroPointValues = q.zeroPoint();
    int min = minValues == null ? 0 : QuantizationParameters.createMinVector(fbb, minValues);
    int max = maxValues == null ? 0 : QuantizationParameters.createMaxVector(fbb, maxValues);
    int scale = scaleValues == null ? 0 : QuantizationParameters.createScaleVector(fbb, scaleValues);
    int zeroPoint = zeroPointValues == null ? 0
        : QuantizationParameters.createZeroPointVector(fbb, zeroPointValues);
    QuantizationParameters.startQuantizationParameters(fbb);
    QuantizationParameters.addMin(fbb, min);
    QuantizationParameters.addMax(fbb, max);
    QuantizationParameters.addScale(fbb, scale);
    QuantizationParameters.addZeroPoint(fbb, zeroPoint);
    QuantizationParameters.addQuantizedDimension(fbb, q.quantizedDimension());
    return QuantizationParameters.endQuantizationParameters(fbb);
  }

  private static int writeOperator(FlatBufferBuilder fbb, OperatorSpec op, long opcodeIndex) {
    int inputs = Operator.createInputsVector(fbb, op.inputs());
    int outputs = Operator.createOutputsVector(fbb, op.outputs());
    int intermediates = op.intermediates() == null ? 0 : Operator.createIntermediatesVector(fbb, op.intermediates());
    int options = op.options() == null ? 0 : op.options().applyAsInt(fbb);
    int options2 = op.options2() == null ? 0 : op.options2().applyAsInt(fbb);
    int customOptions = op.customOptions() == null ? 0 : Operator.createCustomOptionsVector(fbb, op.customOptions());
    Operator.startOperator(fbb);
    Operator.addOpcodeIndex(fbb, opcodeIndex);
    Operator.addInputs(fbb, inputs);
    Operator.addOutputs(fbb, outputs);
    Operator.addIntermediates(fbb, intermediates);
    Operator.addBuiltinOptionsType(fbb, op.optionsType());
    Operator.addBuiltinOptions(fbb, options);
    Operator.addBuiltinOptions2Type(fbb, op.options2Type());
    Operator.addBuiltinOptions2(fbb, options2);
    Operator.addCustomOptions(fbb, customOptions);
    return Operator.endOperator(fbb);
  }
}
