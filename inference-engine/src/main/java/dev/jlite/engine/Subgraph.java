package dev.jlite.engine;

import dev.jlite.schema.ModelFile;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.Model;
import dev.jlite.schema.model.Operator;
import dev.jlite.schema.model.OperatorCode;
import dev.jlite.schema.model.QuantizationParameters;
import dev.jlite.schema.model.SubGraph;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One executable graph: its tensors, its nodes in execution order with their kernels, and the memory
 * plan that places the non-constant tensors in shared arena arrays.
 */
final class Subgraph {
  private final int index;
  private final String name;
  private final Tensor[] tensors;
  private final Node[] nodes;
  private final int[] inputs;
  private final int[] outputs;
  private final WorkerPool pool;
  private final Map<DataType.Storage, Object> arenas = new EnumMap<>(DataType.Storage.class);
  private boolean evaluating;
  private boolean allocated;
  private int scratchRequest;
  private float[] scratch = new float[0];
  private long arenaBytes;
  private long[] nodeNanos;
  private int[] nodeRuns;

  Subgraph(ModelFile file, int index, OpResolver resolver, WorkerPool pool) {
    Model model = file.model();
    SubGraph graph = model.subgraphs(index);
    this.index = index;
    this.name = graph.name();
    this.pool = pool;
    this.tensors = new Tensor[graph.tensorsLength()];
    for (int t = 0; t < tensors.length; t++) {
      tensors[t] = createTensor(file, graph.tensors(t), t);
    }
    this.inputs = new int[graph.inputsLength()];
    Arrays.setAll(inputs, graph::inputs);
    this.outputs = new int[graph.outputsLength()];
    Arrays.setAll(outputs, graph::outputs);
    this.nodes = new Node[graph.operatorsLength()];
    OperatorCode code = new OperatorCode();
    for (int n = 0; n < nodes.length; n++) {
      Operator op = graph.operators(n);
      model.operatorCodes(code, (int) op.opcodeIndex());
      int builtin = Math.max(code.builtinCode(), code.deprecatedBuiltinCode());
      String custom = builtin == BuiltinOperator.CUSTOM ? code.customCode() : null;
      Node node = new Node(this, n, builtin, custom, code.version(), op);
      KernelFactory factory = custom != null ? resolver.findCustom(custom)
          : resolver.findBuiltin(builtin);
      if (factory == null) {
        throw new UnsupportedOperatorException(file.source() + ": " + node.where()
            + ": no kernel for this operator (version " + code.version() + ")");
      }
      node.kernel = factory.create();
      nodes[n] = node;
    }
  }

  private static Tensor createTensor(ModelFile file, dev.jlite.schema.model.Tensor t, int index) {
    DataType type = DataType.fromCode(t.type());
    int[] shape = new int[t.shapeLength()];
    Arrays.setAll(shape, t::shape);
    int[] signature = new int[t.shapeSignatureLength()];
    Arrays.setAll(signature, t::shapeSignature);
    if (signature.length == 0) {
      signature = shape.clone();
    }
    ByteBuffer data = t.buffer() == 0 ? null : file.bufferData((int) t.buffer());
    ByteBuffer constant = data != null && data.remaining() > 0 ? data : null;
    Tensor tensor = new Tensor(index, t.name() == null ? "" : t.name(), type, shape, signature,
        quantization(t.quantization()), constant, t.isVariable());
    tensor.setSparsity(t.sparsity());
    return tensor;
  }

  private static QuantizationParams quantization(QuantizationParameters q) {
    if (q == null || q.scaleLength() == 0) {
      return QuantizationParams.NONE;
    }
    float[] scales = new float[q.scaleLength()];
    int[] zeroPoints = new int[q.zeroPointLength()];
    for (int i = 0; i < scales.length; i++) {
      scales[i] = q.scale(i);
      zeroPoints[i] = (int) q.zeroPoint(i);
    }
    return new QuantizationParams(scales, zeroPoints, q.quantizedDimension());
  }

  int index() {
    return index;
  }

  Tensor tensor(int i) {
    return tensors[i];
  }

  int tensorCount() {
    return tensors.length;
  }

  int[] inputs() {
    return inputs;
  }

  int[] outputs() {
    return outputs;
  }

  Node node(int i) {
    return nodes[i];
  }

  int nodeCount() {
    return nodes.length;
  }

  WorkerPool pool() {
    return pool;
  }

  boolean evaluating() {
    return evaluating;
  }

  boolean isAllocated() {
    return allocated;
  }

  long arenaBytes() {
    return arenaBytes;
  }

  String describe() {
    return "subgraph " + index + (name == null || name.isEmpty() ? "" : " '" + name + "'");
  }

  void requestScratch(int floats) {
    scratchRequest = Math.max(scratchRequest, floats);
    if (evaluating && scratch.length < scratchRequest) {
      scratch = new float[scratchRequest];
    }
  }

  float[] scratch() {
    return scratch;
  }

  /** Resizes a graph input; the next run prepares and plans again. */
  void resizeInput(int input, int[] shape) {
    Tensor t = tensors[inputs[input]];
    if (!t.hasShape(shape)) {
      t.setShape(shape);
      allocated = false;
    }
  }

  /** Prepares every node, plans memory and binds tensors to arena arrays. */
  void allocate() {
    for (Tensor t : tensors) {
      if (!t.isConstant() && !t.isVariable()) {
        t.setDynamic(false);
      }
    }
    scratchRequest = 0;
    for (Node node : nodes) {
      rejectSparseInputs(node);
      node.deferred = false;
      for (int i : node.inputIndices()) {
        if (i >= 0 && tensors[i].isDynamic()) {
          node.deferred = true;
        }
      }
      if (node.deferred) {
        for (int o : node.outputIndices()) {
          tensors[o].setDynamic(true);
        }
      } else {
        node.kernel.prepare(node);
      }
    }
    planMemory();
    if (scratch.length < scratchRequest) {
      scratch = new float[scratchRequest];
    }
    nodeNanos = new long[nodes.length];
    nodeRuns = new int[nodes.length];
    allocated = true;
  }

  /** Sparse constants hold only their stored values; DENSIFY is the one operator that reads them. */
  private void rejectSparseInputs(Node node) {
    if (node.builtinCode() == BuiltinOperator.DENSIFY) {
      return;
    }
    for (int i = 0; i < node.inputCount(); i++) {
      Tensor input = node.input(i);
      if (input != null && input.sparsity() != null) {
        throw node.invalid("input " + i + " (tensor " + input.index()
            + ") is a sparse constant; only DENSIFY reads sparse tensors");
      }
    }
  }

  private void planMemory() {
    int steps = nodes.length;
    int[] first = new int[tensors.length];
    int[] last = new int[tensors.length];
    Arrays.fill(first, -1);
    Arrays.fill(last, -1);
    for (int i : inputs) {
      first[i] = 0;
      last[i] = steps;
    }
    for (int i : outputs) {
      last[i] = steps;
    }
    for (Node node : nodes) {
      int n = node.index();
      for (int o : node.outputIndices()) {
        if (first[o] < 0) {
          first[o] = n;
        }
        last[o] = Math.max(last[o], n);
      }
      for (int[] uses : new int[][] {node.inputIndices(), node.intermediateIndices()}) {
        for (int i : uses) {
          if (i >= 0) {
            if (first[i] < 0) {
              first[i] = n;
            }
            last[i] = Math.max(last[i], n);
          }
        }
      }
    }
    Map<DataType.Storage, List<MemoryPlanner.Request>> requests =
        new EnumMap<>(DataType.Storage.class);
    for (Tensor t : tensors) {
      int i = t.index();
      if (t.isConstant() || t.dataType().storage() == DataType.Storage.NONE) {
        continue;
      }
      if (t.isVariable()) {
        if (t.data() == null) {
          t.ensureOwnCapacity();
        }
        continue;
      }
      if (t.isDynamic()) {
        t.bind(null, 0);
        continue;
      }
      int size = t.numElements() * t.dataType().storageWidth();
      if (first[i] < 0) {
        first[i] = 0;
        last[i] = 0;
      }
      requests.computeIfAbsent(t.dataType().storage(), k -> new ArrayList<>())
          .add(new MemoryPlanner.Request(i, size, first[i], last[i]));
    }
    arenaBytes = 0;
    for (Map.Entry<DataType.Storage, List<MemoryPlanner.Request>> e : requests.entrySet()) {
      MemoryPlanner.Plan plan = MemoryPlanner.plan(e.getValue(), tensors.length);
      Object arena = arenas.get(e.getKey());
      if (arena == null || ArenaArrays.length(arena) < plan.arenaSize()) {
        arena = ArenaArrays.allocate(e.getKey(), Math.max(plan.arenaSize(), 1));
        arenas.put(e.getKey(), arena);
      }
      arenaBytes += (long) plan.arenaSize() * bytesPerElement(e.getKey());
      for (MemoryPlanner.Request r : e.getValue()) {
        tensors[r.id()].bind(arena, plan.offsets()[r.id()]);
      }
    }
  }

  private static int bytesPerElement(DataType.Storage storage) {
    return switch (storage) {
      case FLOAT, INT -> 4;
      case DOUBLE, LONG -> 8;
      case SHORT -> 2;
      case BYTE -> 1;
      case STRING -> 8;
      case NONE -> 0;
    };
  }

  /** Runs every node in order. */
  void invoke(boolean profile) {
    evaluating = true;
    try {
      for (Node node : nodes) {
        long start = profile ? System.nanoTime() : 0;
        if (node.deferred) {
          node.kernel.prepare(node);
          for (int o : node.outputIndices()) {
            tensors[o].ensureOwnCapacity();
          }
        }
        node.kernel.eval(node);
        if (profile) {
          nodeNanos[node.index()] += System.nanoTime() - start;
          nodeRuns[node.index()]++;
        }
      }
    } finally {
      evaluating = false;
    }
  }

  /** Per-node timings collected by profiled runs. */
  List<OperatorProfile> profile() {
    List<OperatorProfile> result = new ArrayList<>(nodes.length);
    for (Node node : nodes) {
      int n = node.index();
      result.add(new OperatorProfile(index, n, node.opName(),
          nodeNanos == null ? 0 : nodeNanos[n], nodeRuns == null ? 0 : nodeRuns[n]));
    }
    return result;
  }

  /** Sets every variable tensor back to zeros. */
  void resetVariables() {
    for (Tensor t : tensors) {
      if (t.isVariable() && t.data() != null) {
        ArenaArrays.clear(t.data());
      }
    }
  }
}
