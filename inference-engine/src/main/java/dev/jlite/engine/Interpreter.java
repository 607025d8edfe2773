package dev.jlite.engine;

import dev.jlite.schema.ModelFile;
import dev.jlite.schema.model.Model;
import dev.jlite.schema.model.SignatureDef;
import dev.jlite.schema.model.TensorMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a TensorFlow Lite model, in the spirit of {@code org.tensorflow.lite.Interpreter}.
 *
 * <pre>{@code
 * try (Interpreter interpreter = new Interpreter(Path.of("model.tflite"))) {
 *   float[][] output = new float[1][1001];
 *   interpreter.run(input, output);
 * }
 * }</pre>
 *
 * <p>Inputs and outputs are Java arrays of any rank whose shape matches the tensor's (a flat array
 * with the same element count is accepted too), or ByteBuffers holding the raw element bytes in the
 * buffer's byte order. An input array of another shape resizes that input, as in TFLite.
 *
 * <p>Not thread-safe: use one interpreter per thread. A concurrent call fails fast with an
 * {@link IllegalStateException} instead of corrupting state. The model itself ({@link ModelFile}) is
 * immutable and can be shared by many interpreters.
 */
public final class Interpreter implements AutoCloseable {
  private final ModelFile model;
  private final Options options;
  private final WorkerPool pool;
  private final Subgraph[] subgraphs;
  private final Map<String, Signature> signatures = new LinkedHashMap<>();
  private final AtomicBoolean busy = new AtomicBoolean();
  private long lastRunNanos = -1;
  private boolean closed;

  /** Opens (memory-maps) and verifies a model file. */
  public Interpreter(Path modelPath) throws IOException {
    this(ModelFile.open(modelPath), Options.DEFAULT);
  }

  public Interpreter(Path modelPath, Options options) throws IOException {
    this(ModelFile.open(modelPath), options);
  }

  /** Verifies and runs a model held in memory; the buffer is used in place, not copied. */
  public Interpreter(ByteBuffer model) {
    this(ModelFile.wrap(model), Options.DEFAULT);
  }

  public Interpreter(ByteBuffer model, Options options) {
    this(ModelFile.wrap(model), options);
  }

  public Interpreter(ModelFile model) {
    this(model, Options.DEFAULT);
  }

  /**
   * @throws dev.jlite.schema.InvalidModelException if a node cannot work (checked when tensors are
   *     allocated, which happens here)
   * @throws UnsupportedOperatorException if the resolver lacks a kernel the model needs
   */
  public Interpreter(ModelFile model, Options options) {
    this.model = Objects.requireNonNull(model, "model");
    this.options = Objects.requireNonNull(options, "options");
    this.pool = new WorkerPool(options.numThreads());
    Model m = model.model();
    this.subgraphs = new Subgraph[m.subgraphsLength()];
    try {
      subgraphs[0] = new Subgraph(model, 0, options.opResolver(), pool);
      for (int i = 0; i < m.signatureDefsLength(); i++) {
        SignatureDef def = m.signatureDefs(i);
        signatures.put(def.signatureKey(), Signature.of(def));
      }
      subgraphs[0].allocate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** Runs a model with one input and one output. */
  public void run(Object input, Object output) {
    Map<Integer, Object> outputs = new LinkedHashMap<>();
    outputs.put(0, output);
    runForMultipleInputsOutputs(new Object[] {input}, outputs);
  }

  /**
   * Runs the model: copies {@code inputs[i]} into input {@code i}, runs, and copies output {@code k}
   * into {@code outputs.get(k)} for each entry.
   */
  public void runForMultipleInputsOutputs(Object[] inputs, Map<Integer, Object> outputs) {
    enter();
    try {
      Subgraph graph = subgraphs[0];
      if (inputs.length != graph.inputs().length) {
        throw new IllegalArgumentException("the model has " + graph.inputs().length
            + " inputs, " + inputs.length + " were given");
      }
      for (int i = 0; i < inputs.length; i++) {
        resizeForArray(graph, i, inputs[i]);
      }
      if (!graph.isAllocated()) {
        graph.allocate();
      }
      for (int i = 0; i < inputs.length; i++) {
        TensorCopier.copyIn(graph.tensor(graph.inputs()[i]), inputs[i], "input " + i);
      }
      invoke(graph);
      for (Map.Entry<Integer, Object> e : outputs.entrySet()) {
        int k = e.getKey();
        if (k < 0 || k >= graph.outputs().length) {
          throw new IllegalArgumentException("output index " + k + " is out of range ("
              + graph.outputs().length + " outputs)");
        }
        if (e.getValue() != null) {
          TensorCopier.copyOut(graph.tensor(graph.outputs()[k]), e.getValue());
        }
      }
    } finally {
      busy.set(false);
    }
  }

  /**
   * Runs the signature {@code key}: inputs and outputs by their signature names.
   *
   * @throws IllegalArgumentException for an unknown key or name
   */
  public void runSignature(Map<String, Object> inputs, Map<String, Object> outputs, String key) {
    enter();
    try {
      Signature signature = signature(key);
      Subgraph graph = subgraph(signature.subgraph());
      for (Map.Entry<String, Object> e : inputs.entrySet()) {
        int tensor = signature.input(e.getKey(), key);
        int position = indexOf(graph.inputs(), tensor);
        if (position >= 0) {
          resizeForArray(graph, position, e.getValue());
        }
      }
      if (!graph.isAllocated()) {
        graph.allocate();
      }
      for (Map.Entry<String, Object> e : inputs.entrySet()) {
        TensorCopier.copyIn(graph.tensor(signature.input(e.getKey(), key)), e.getValue(),
            "signature input '" + e.getKey() + "'");
      }
      invoke(graph);
      for (Map.Entry<String, Object> e : outputs.entrySet()) {
        TensorCopier.copyOut(graph.tensor(signature.output(e.getKey(), key)), e.getValue());
      }
    } finally {
      busy.set(false);
    }
  }

  /** Runs the model's only signature. */
  public void runSignature(Map<String, Object> inputs, Map<String, Object> outputs) {
    if (signatures.size() != 1) {
      throw new IllegalArgumentException("the model has " + signatures.size()
          + " signatures; name one of " + signatures.keySet());
    }
    runSignature(inputs, outputs, signatures.keySet().iterator().next());
  }

  /** Runs once on the data already in the input tensors (see {@link #getInputTensor}). */
  public void invoke() {
    enter();
    try {
      Subgraph graph = subgraphs[0];
      if (!graph.isAllocated()) {
        graph.allocate();
      }
      invoke(graph);
    } finally {
      busy.set(false);
    }
  }

  private void invoke(Subgraph graph) {
    long start = System.nanoTime();
    graph.invoke(options.profiling());
    lastRunNanos = System.nanoTime() - start;
  }

  private void resizeForArray(Subgraph graph, int input, Object value) {
    Tensor tensor = graph.tensor(graph.inputs()[input]);
    int[] shape = TensorCopier.shapeOf(value, tensor.dataType());
    boolean flat = shape != null && shape.length == 1 && shape[0] == tensor.numElements();
    if (shape != null && !flat && !tensor.hasShape(shape)) {
      resize(graph, input, shape, false);
    }
  }

  public int getInputTensorCount() {
    return subgraphs[0].inputs().length;
  }

  public int getOutputTensorCount() {
    return subgraphs[0].outputs().length;
  }

  /** Input {@code i} of the main subgraph. */
  public Tensor getInputTensor(int i) {
    checkOpen();
    int[] ins = subgraphs[0].inputs();
    Objects.checkIndex(i, ins.length);
    return subgraphs[0].tensor(ins[i]);
  }

  /** Output {@code i} of the main subgraph; its data is valid after a run. */
  public Tensor getOutputTensor(int i) {
    checkOpen();
    int[] outs = subgraphs[0].outputs();
    Objects.checkIndex(i, outs.length);
    return subgraphs[0].tensor(outs[i]);
  }

  /** Index of the input with this tensor name. */
  public int getInputIndex(String name) {
    return indexByName(subgraphs[0].inputs(), name, "input");
  }

  /** Index of the output with this tensor name. */
  public int getOutputIndex(String name) {
    return indexByName(subgraphs[0].outputs(), name, "output");
  }

  private int indexByName(int[] indices, String name, String what) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < indices.length; i++) {
      String n = subgraphs[0].tensor(indices[i]).name();
      if (n.equals(name)) {
        return i;
      }
      names.add(n);
    }
    throw new IllegalArgumentException("no " + what + " named '" + name + "'; the " + what
        + "s are " + names);
  }

  /**
   * Resizes input {@code i}; the next run or {@link #allocateTensors()} prepares the graph again.
   * Dimensions the model declares fixed (not -1 in its shape signature) may change too unless
   * {@code strict}.
   */
  public void resizeInput(int i, int[] shape, boolean strict) {
    checkOpen();
    Objects.checkIndex(i, subgraphs[0].inputs().length);
    resize(subgraphs[0], i, shape, strict);
  }

  public void resizeInput(int i, int[] shape) {
    resizeInput(i, shape, false);
  }

  private static void resize(Subgraph graph, int input, int[] shape, boolean strict) {
    Tensor tensor = graph.tensor(graph.inputs()[input]);
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("cannot resize input " + input + " to "
            + Arrays.toString(shape) + ": negative dimension");
      }
    }
    if (strict) {
      int[] signature = tensor.shapeSignature();
      boolean ok = signature.length == shape.length;
      for (int d = 0; ok && d < shape.length; d++) {
        ok = signature[d] == -1 || signature[d] == shape[d];
      }
      if (!ok) {
        throw new IllegalArgumentException("cannot resize input " + input + " to "
            + Arrays.toString(shape) + ": its shape signature " + Arrays.toString(signature)
            + " fixes the other dimensions");
      }
    }
    try {
      graph.resizeInput(input, shape);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot resize input " + input + ": " + e.getMessage(), e);
    }
  }

  /** Prepares every node and plans tensor memory now rather than on the next run. */
  public void allocateTensors() {
    checkOpen();
    subgraphs[0].allocate();
  }

  /** Bytes of the planned arenas that hold the main subgraph's non-constant tensors. */
  public long arenaBytes() {
    return subgraphs[0].arenaBytes();
  }

  /** Signature keys in model order. */
  public List<String> getSignatureKeys() {
    return List.copyOf(signatures.keySet());
  }

  public List<String> getSignatureInputs(String key) {
    return signature(key).inputNames();
  }

  public List<String> getSignatureOutputs(String key) {
    return signature(key).outputNames();
  }

  public Tensor getInputTensorFromSignature(String name, String key) {
    Signature signature = signature(key);
    return subgraph(signature.subgraph()).tensor(signature.input(name, key));
  }

  public Tensor getOutputTensorFromSignature(String name, String key) {
    Signature signature = signature(key);
    return subgraph(signature.subgraph()).tensor(signature.output(name, key));
  }

  /** Duration of the last run in nanoseconds, or -1 before the first. */
  public long getLastInferenceDurationNanoseconds() {
    return lastRunNanos;
  }

  /** Per-operator timings accumulated over the runs since tensors were last allocated. */
  public List<OperatorProfile> profile() {
    if (!options.profiling()) {
      throw new IllegalStateException("profiling is off; build Options with profiling(true)");
    }
    return subgraphs[0].profile();
  }

  /** Sets all variable tensors (state of stateful models) back to zeros. */
  public void resetVariableTensors() {
    for (Subgraph s : subgraphs) {
      if (s != null) {
        s.resetVariables();
      }
    }
  }

  public ModelFile model() {
    return model;
  }

  @Override
  public void close() {
    closed = true;
    pool.close();
  }

  private Signature signature(String key) {
    Signature s = signatures.get(key);
    if (s == null) {
      throw new IllegalArgumentException("no signature '" + key + "'; the model has "
          + signatures.keySet());
    }
    return s;
  }

  private Subgraph subgraph(int index) {
    if (subgraphs[index] == null) {
      subgraphs[index] = new Subgraph(model, index, options.opResolver(), pool);
    }
    return subgraphs[index];
  }

  private void enter() {
    checkOpen();
    if (!busy.compareAndSet(false, true)) {
      throw new IllegalStateException("this Interpreter is already running on another thread;"
          + " use one interpreter per thread");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the Interpreter is closed");
    }
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /** A signature: names of inputs and outputs mapped to tensors of one subgraph. */
  private record Signature(int subgraph, Map<String, Integer> inputs, Map<String, Integer> outputs) {
    static Signature of(SignatureDef def) {
      Map<String, Integer> ins = new LinkedHashMap<>();
      Map<String, Integer> outs = new LinkedHashMap<>();
      TensorMap map = new TensorMap();
      for (int i = 0; i < def.inputsLength(); i++) {
        def.inputs(map, i);
        ins.put(map.name(), (int) map.tensorIndex());
      }
      for (int i = 0; i < def.outputsLength(); i++) {
        def.outputs(map, i);
        outs.put(map.name(), (int) map.tensorIndex());
      }
      return new Signature((int) def.subgraphIndex(), ins, outs);
    }

    int input(String name, String key) {
      Integer t = inputs.get(name);
      if (t == null) {
        throw new IllegalArgumentException("signature '" + key + "' has no input '" + name
            + "'; its inputs are " + inputs.keySet());
      }
      return t;
    }

    int output(String name, String key) {
      Integer t = outputs.get(name);
      if (t == null) {
        throw new IllegalArgumentException("signature '" + key + "' has no output '" + name
            + "'; its outputs are " + outputs.keySet());
      }
      return t;
    }

    List<String> inputNames() {
      return List.copyOf(inputs.keySet());
    }

    List<String> outputNames() {
      return List.copyOf(outputs.keySet());
    }
  }

  /** Interpreter settings; immutable, made with {@link #builder()}. */
  public static final class Options {
    /** One thread, all builtin kernels, no profiling. */
    public static final Options DEFAULT = builder().build();

    private final int numThreads;
    private final OpResolver opResolver;
    private final boolean profiling;

    private Options(Builder b) {
      this.numThreads = b.numThreads;
      this.opResolver = b.opResolver;
      this.profiling = b.profiling;
    }

    public static Builder builder() {
      return new Builder();
    }

    public int numThreads() {
      return numThreads;
    }

    public OpResolver opResolver() {
      return opResolver;
    }

    public boolean profiling() {
      return profiling;
    }

    public Builder toBuilder() {
      return new Builder().numThreads(numThreads).opResolver(opResolver).profiling(profiling);
    }

    public static final class Builder {
      private int numThreads = 1;
      private OpResolver opResolver = OpResolver.builtin();
      private boolean profiling;

      private Builder() {}

      /** Threads kernels split work across, including the caller's (default 1). */
      public Builder numThreads(int threads) {
        if (threads < 1) {
          throw new IllegalArgumentException("numThreads must be at least 1, was " + threads);
        }
        this.numThreads = threads;
        return this;
      }

      public Builder opResolver(OpResolver resolver) {
        this.opResolver = Objects.requireNonNull(resolver, "resolver");
        return this;
      }

      /** Records per-operator timings (see {@link Interpreter#profile()}). */
      public Builder profiling(boolean on) {
        this.profiling = on;
        return this;
      }

      public Options build() {
        return new Options(this);
      }
    }
  }
}
