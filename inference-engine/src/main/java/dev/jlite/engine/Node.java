package dev.jlite.engine;

import com.google.flatbuffers.Table;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.BuiltinOptions2;
import dev.jlite.schema.model.Operator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One operator instance in a graph, as its {@link Kernel} sees it: inputs, outputs, options, and the
 * services a kernel needs (output resizing, threads, scratch memory, error reporting).
 */
public final class Node {
  private final Subgraph graph;
  private final int index;
  private final int builtinCode;
  private final String customName;
  private final int version;
  private final Operator operator;
  private final int[] inputs;
  private final int[] outputs;
  private final int[] intermediates;
  Kernel kernel;
  /** Prepared just before it runs, because an input's shape is known only then. */
  boolean deferred;

  Node(Subgraph graph, int index, int builtinCode, String customName, int version,
      Operator operator) {
    this.graph = graph;
    this.index = index;
    this.builtinCode = builtinCode;
    this.customName = customName;
    this.version = version;
    this.operator = operator;
    this.inputs = new int[operator.inputsLength()];
    Arrays.setAll(inputs, operator::inputs);
    this.outputs = new int[operator.outputsLength()];
    Arrays.setAll(outputs, operator::outputs);
    this.intermediates = new int[operator.intermediatesLength()];
    Arrays.setAll(intermediates, operator::intermediates);
  }

  /** Position of the node in its subgraph's execution order. */
  public int index() {
    return index;
  }

  /** The builtin operator code ({@code BuiltinOperator}); {@code CUSTOM} for custom operators. */
  public int builtinCode() {
    return builtinCode;
  }

  /** The custom operator's name, or null for builtin operators. */
  public String customName() {
    return customName;
  }

  public int version() {
    return version;
  }

  /** A readable operator name: builtin name such as {@code CONV_2D}, or the custom name. */
  public String opName() {
    return customName != null ? customName : ModelFile.builtinName(builtinCode);
  }

  public int inputCount() {
    return inputs.length;
  }

  /** Input {@code i}, or null where the model leaves an optional input out (index -1). */
  public Tensor input(int i) {
    if (i >= inputs.length) {
      return null;
    }
    return inputs[i] < 0 ? null : graph.tensor(inputs[i]);
  }

  public boolean hasInput(int i) {
    return i < inputs.length && inputs[i] >= 0;
  }

  public int outputCount() {
    return outputs.length;
  }

  public Tensor output(int i) {
    return graph.tensor(outputs[i]);
  }

  public int intermediateCount() {
    return intermediates.length;
  }

  public Tensor intermediate(int i) {
    return graph.tensor(intermediates[i]);
  }

  int[] inputIndices() {
    return inputs;
  }

  int[] outputIndices() {
    return outputs;
  }

  int[] intermediateIndices() {
    return intermediates;
  }

  /**
   * The builtin options table, read into {@code table}; null when the operator has none.
   *
   * @param unionType the expected {@link BuiltinOptions} member (or {@link BuiltinOptions2} member,
   *     with {@code second} true)
   * @throws InvalidModelException if the operator carries options of another type
   */
  public <T extends Table> T options(T table, byte unionType, boolean second) {
    byte type = second ? operator.builtinOptions2Type() : operator.builtinOptionsType();
    if (type == 0) {
      return null;
    }
    if (type != unionType) {
      String found = second ? name(BuiltinOptions2.names, type) : name(BuiltinOptions.names, type);
      throw invalid("carries " + found + " where " + table.getClass().getSimpleName()
          + " is expected");
    }
    @SuppressWarnings("unchecked")
    T read = (T) (second ? operator.builtinOptions2(table) : operator.builtinOptions(table));
    return read;
  }

  /** {@link #options(Table, byte, boolean)} for the classic {@link BuiltinOptions} union. */
  public <T extends Table> T options(T table, byte unionType) {
    return options(table, unionType, false);
  }

  /** The custom operator's option bytes (often a FlexBuffer), little-endian; empty if none. */
  public ByteBuffer customOptions() {
    ByteBuffer bytes = operator.customOptionsAsByteBuffer();
    if (bytes == null) {
      return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    }
    return bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Sets the shape of output {@code i}. In {@link Kernel#prepare} this is the planned shape; called
   * from {@link Kernel#eval}, the output becomes dynamic and gets memory of its own.
   */
  public void resizeOutput(int i, int... shape) {
    Tensor out = output(i);
    try {
      out.setShape(shape);
    } catch (IllegalArgumentException e) {
      throw invalid("output " + i + ": " + e.getMessage());
    }
    if (graph.evaluating()) {
      out.setDynamic(true);
      out.ensureOwnCapacity();
    }
  }

  /**
   * Declares, in prepare, that output {@code i}'s shape depends on input values: it is then sized in
   * eval with {@link #resizeOutput}, and the nodes that read it are prepared just before they run.
   */
  public void markOutputDynamic(int i) {
    output(i).setDynamic(true);
  }

  /** Number of threads kernels may split work across (at least 1). */
  public int threadCount() {
    return graph.pool().threads();
  }

  /**
   * Runs {@code body} for tasks 0 .. tasks-1 on the interpreter's threads and returns when all are
   * done. Create the body once (in prepare) to keep eval free of allocation.
   */
  public void parallelFor(int tasks, ParallelTask body) {
    graph.pool().run(tasks, body);
  }

  /** Asks for a float scratch array of at least {@code length} elements, shared by all nodes. */
  public void requestScratch(int floats) {
    graph.requestScratch(floats);
  }

  /** The shared scratch array (valid in eval; at least what every node requested). */
  public float[] scratch() {
    return graph.scratch();
  }

  /** An exception for an impossible node, naming the subgraph, operator and reason. */
  public InvalidModelException invalid(String reason) {
    return new InvalidModelException(where() + ": " + reason);
  }

  /** Fails unless the node has between {@code min} and {@code max} inputs and exactly the outputs. */
  public void checkArity(int minInputs, int maxInputs, int outputCount) {
    if (inputs.length < minInputs || inputs.length > maxInputs) {
      throw invalid(minInputs == maxInputs
          ? "expects " + minInputs + " inputs, has " + inputs.length
          : "expects " + minInputs + " to " + maxInputs + " inputs, has " + inputs.length);
    }
    if (outputs.length != outputCount) {
      throw invalid("expects " + outputCount + " outputs, has " + outputs.length);
    }
    for (int i = 0; i < minInputs; i++) {
      if (inputs[i] < 0) {
        throw invalid("input " + i + " is required but missing");
      }
    }
  }

  /** Fails unless the tensor has one of the types. */
  public void checkType(Tensor tensor, String role, DataType... allowed) {
    for (DataType t : allowed) {
      if (tensor.dataType() == t) {
        return;
      }
    }
    throw invalid(role + " (tensor " + tensor.index() + ") has type " + tensor.dataType()
        + ", expected " + (allowed.length == 1 ? allowed[0] : Arrays.toString(allowed)));
  }

  String where() {
    return graph.describe() + ", operator " + index + " (" + opName() + ")";
  }

  private static String name(String[] names, byte type) {
    int t = type & 0xff;
    return t < names.length ? names[t] : "options type " + t;
  }

  @Override
  public String toString() {
    return where();
  }
}
