package dev.jlite.schema.testing;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTypeGetName;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteAffineQuantization;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteString;

import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.StringIntMap;
import org.bytedeco.tensorflowlite.StringVector;
import org.bytedeco.tensorflowlite.TfLiteAffineQuantization;
import org.bytedeco.tensorflowlite.TfLiteFloatArray;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteQuantization;
import org.bytedeco.tensorflowlite.Subgraph;
import org.bytedeco.tensorflowlite.TfLiteRegistration;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * Runs a model in real TensorFlow Lite 2.19 (through {@code org.bytedeco:tensorflow-lite}), the
 * reference that jlite's own interpreter is compared with in differential tests.
 *
 * <pre>{@code
 * try (TfLiteOracle tflite = TfLiteOracle.open(modelBytes)) {
 *   byte[][] outputs = tflite.run(inputBytes);
 * }
 * }</pre>
 *
 * <p>The model bytes are copied into native memory that lives as long as the oracle, because TFLite
 * reads constant tensors in place. Every native object is freed by {@link #close()}; use one oracle
 * per model in a try-with-resources block. Methods called after {@code close} throw {@link
 * IllegalStateException} rather than touching freed memory.
 *
 * <p>Not thread-safe: use an instance from one thread at a time. Distinct instances are independent.
 */
public final class TfLiteOracle implements AutoCloseable {
  /** Which kernels TFLite uses. */
  public enum Kernels {
    /** TFLite's builtin kernels without any delegate ({@code BuiltinOpResolverWithoutDefaultDelegates}). */
    BUILTIN,
    /** The builtin kernels with the XNNPACK delegate TFLite applies by default ({@code BuiltinOpResolver}). */
    XNNPACK
  }

  private final BytePointer modelData;
  private final FlatBufferModel model;
  private final BuiltinOpResolver resolver;
  private final InterpreterBuilder builder;
  private final Interpreter interpreter;
  private final int[] inputs;
  private final int[] outputs;
  private boolean allocated;
  private boolean closed;

  private TfLiteOracle(BytePointer modelData, FlatBufferModel model, BuiltinOpResolver resolver,
      InterpreterBuilder builder, Interpreter interpreter) {
    this.modelData = modelData;
    this.model = model;
    this.resolver = resolver;
    this.builder = builder;
    this.interpreter = interpreter;
    // Read once: the binding copies these vectors into fresh native memory on every call.
    this.inputs = scoped(() -> toArray(interpreter.inputs()));
    this.outputs = scoped(() -> toArray(interpreter.outputs()));
  }

  /** Builds an interpreter with the builtin kernels and one thread. */
  public static TfLiteOracle open(byte[] model) {
    return open(model, Kernels.BUILTIN, 1);
  }

  /**
   * Builds an interpreter for the model. Tensors are not allocated yet: {@link #allocateTensors()} or
   * {@link #run} does that.
   *
   * @throws TfLiteOracleException if TFLite rejects the model (its FlatBuffer verifier, or the
   *     interpreter builder: unknown operators, bad indices)
   */
  public static TfLiteOracle open(byte[] model, Kernels kernels, int numThreads) {
    if (model == null || kernels == null) {
      throw new NullPointerException(model == null ? "model" : "kernels");
    }
    if (numThreads < 1) {
      throw new IllegalArgumentException("numThreads is " + numThreads + ", must be at least 1");
    }
    BytePointer data = keep(new BytePointer(model.length));
    data.put(model);
    List<Pointer> created = new ArrayList<>();
    created.add(data);
    try {
      FlatBufferModel flatBufferModel = keep(FlatBufferModel.VerifyAndBuildFromBuffer(data, model.length));
      if (flatBufferModel == null || flatBufferModel.isNull()) {
        throw new TfLiteOracleException("FlatBufferModel::VerifyAndBuildFromBuffer", "rejected the model");
      }
      created.add(flatBufferModel);
      BuiltinOpResolver resolver = keep(kernels == Kernels.BUILTIN
          ? new BuiltinOpResolverWithoutDefaultDelegates()
          : new BuiltinOpResolver());
      created.add(resolver);
      InterpreterBuilder builder = keep(new InterpreterBuilder(flatBufferModel, resolver));
      created.add(builder);
      check(builder.SetNumThreads(numThreads), "InterpreterBuilder::SetNumThreads");
      Interpreter interpreter = new Interpreter((Pointer) null);
      int status = builder.apply(interpreter);
      keep(interpreter);
      if (!interpreter.isNull()) {
        created.add(interpreter);
      }
      check(status, "InterpreterBuilder");
      if (interpreter.isNull()) {
        throw new TfLiteOracleException("InterpreterBuilder", "returned no interpreter");
      }
      TfLiteOracle oracle = new TfLiteOracle(data, flatBufferModel, resolver, builder, interpreter);
      created.clear();
      return oracle;
    } finally {
      // On failure, free what was made, newest first: the interpreter refers to all the others.
      for (int i = created.size() - 1; i >= 0; i--) {
        created.get(i).deallocate();
      }
    }
  }

  /** Allocates (or, after {@link #resizeInput}, reallocates) all tensors; runs every kernel's prepare. */
  public void allocateTensors() {
    checkOpen();
    check(interpreter.AllocateTensors(), "AllocateTensors");
    allocated = true;
  }

  /** Changes the shape of input {@code i}; tensors must then be allocated again. */
  public void resizeInput(int i, int... shape) {
    checkOpen();
    check(interpreter.ResizeInputTensor(inputTensorIndex(i), shape), "ResizeInputTensor");
    allocated = false;
  }

  public int inputCount() {
    checkOpen();
    return inputs.length;
  }

  public int outputCount() {
    checkOpen();
    return outputs.length;
  }

  /** The subgraph tensor index of input {@code i}. */
  public int inputTensorIndex(int i) {
    checkOpen();
    return inputs[checkIndex(i, inputCount(), "input")];
  }

  /** The subgraph tensor index of output {@code i}. */
  public int outputTensorIndex(int i) {
    checkOpen();
    return outputs[checkIndex(i, outputCount(), "output")];
  }

  public OracleTensorInfo inputInfo(int i) {
    return tensorInfo(inputTensorIndex(i));
  }

  public OracleTensorInfo outputInfo(int i) {
    return tensorInfo(outputTensorIndex(i));
  }

  /** Information on tensor {@code tensorIndex} of the main subgraph. */
  public OracleTensorInfo tensorInfo(int tensorIndex) {
    checkOpen();
    TfLiteTensor t = interpreter.tensor(checkIndex(tensorIndex, (int) interpreter.tensors_size(), "tensor"));
    int[] shape = ints(t.dims());
    TfLiteIntArray signature = t.dims_signature();
    int[] shapeSignature = signature == null || signature.isNull() || signature.size() == 0
        ? shape : ints(signature);
    float[] scales = new float[0];
    int[] zeroPoints = new int[0];
    int quantizedDimension = 0;
    TfLiteQuantization quantization = t.quantization();
    if (quantization.type() == kTfLiteAffineQuantization && quantization.params() != null) {
      TfLiteAffineQuantization affine = new TfLiteAffineQuantization(quantization.params());
      scales = floats(affine.scale());
      zeroPoints = ints(affine.zero_point());
      quantizedDimension = affine.quantized_dimension();
    }
    BytePointer name = t.name();
    String typeName = TfLiteTypeGetName(t.type()).getString();
    return new OracleTensorInfo(name == null ? "" : name.getString(), schemaType(typeName), typeName, shape,
        shapeSignature, t.bytes(), scales, zeroPoints, quantizedDimension);
  }

  /**
   * Copies {@code data} into input {@code i}. Tensors must be allocated and the data must be exactly
   * the tensor's size. String inputs are not supported (TFLite sizes them dynamically).
   */
  public void setInput(int i, byte[] data) {
    if (data == null) {
      throw new NullPointerException("data of input " + i);
    }
    inputData(i, data.length).put(data);
  }

  /** Copies the bytes from the position to the limit of {@code data} into input {@code i}; see {@link #setInput(int, byte[])}. */
  public void setInput(int i, ByteBuffer data) {
    if (data == null) {
      throw new NullPointerException("data of input " + i);
    }
    inputData(i, data.remaining()).asByteBuffer().put(data.duplicate());
  }

  private BytePointer inputData(int i, int length) {
    checkAllocated();
    TfLiteTensor t = interpreter.input_tensor(checkIndex(i, inputCount(), "input"));
    if (t.type() == kTfLiteString) {
      throw new IllegalArgumentException("input " + i + " (" + t.name().getString()
          + ") is a string tensor; setting string inputs is not supported");
    }
    if (length != t.bytes()) {
      throw new IllegalArgumentException("input " + i + " (" + t.name().getString() + ") holds " + t.bytes()
          + " bytes, got " + length);
    }
    return t.data().raw().capacity(length).limit(length);
  }

  /** Runs the model once on the inputs set. */
  public void invoke() {
    checkAllocated();
    check(interpreter.Invoke(), "Invoke");
  }

  /** A copy of output {@code i}'s data, in TFLite's layout (little-endian; the string layout for strings). */
  public byte[] output(int i) {
    checkAllocated();
    TfLiteTensor t = interpreter.output_tensor(checkIndex(i, outputCount(), "output"));
    int length = Math.toIntExact(t.bytes());
    byte[] bytes = new byte[length];
    BytePointer raw = t.data().raw();
    if (length > 0 && (raw == null || raw.isNull())) {
      throw new IllegalStateException("output " + i + " has no data");
    }
    if (length > 0) {
      raw.capacity(length).limit(length).get(bytes);
    }
    return bytes;
  }

  /**
   * Allocates tensors if needed, sets every input, invokes once and returns a copy of every output.
   *
   * @param inputs one array per model input, each exactly the input's size
   */
  public byte[][] run(byte[]... inputs) {
    checkOpen();
    if (inputs.length != inputCount()) {
      throw new IllegalArgumentException("model has " + inputCount() + " inputs, got " + inputs.length);
    }
    if (!allocated) {
      allocateTensors();
    }
    for (int i = 0; i < inputs.length; i++) {
      setInput(i, inputs[i]);
    }
    invoke();
    byte[][] outputs = new byte[outputCount()][];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = output(i);
    }
    return outputs;
  }

  /**
   * The nodes of the main subgraph's execution plan, in order. After {@link #allocateTensors()} with
   * {@link Kernels#XNNPACK}, nodes the delegate took over appear as one delegate node.
   */
  public List<OracleOperator> operators() {
    checkOpen();
    List<OracleOperator> operators = new ArrayList<>();
    for (int node : scoped(() -> toArray(interpreter.execution_plan()))) {
      TfLiteRegistration registration = interpreter.node_and_registration(node).second();
      BytePointer customName = registration.custom_name();
      operators.add(new OracleOperator(registration.builtin_code(),
          customName == null || customName.isNull() ? null : customName.getString(),
          registration.version()));
    }
    return operators;
  }

  /** Number of subgraphs TFLite built. */
  public int subgraphCount() {
    checkOpen();
    return (int) interpreter.subgraphs_size();
  }

  /**
   * The nodes of subgraph {@code index} in model order, before any delegate: one per operator of the
   * model. Custom operators TFLite has no kernel for keep their name (their placeholder fails only
   * when tensors are allocated).
   */
  public List<OracleOperator> operators(int index) {
    checkOpen();
    Subgraph subgraph = interpreter.subgraph(checkIndex(index, subgraphCount(), "subgraph"));
    List<OracleOperator> operators = new ArrayList<>();
    for (int node = 0; node < subgraph.nodes_size(); node++) {
      TfLiteRegistration registration = subgraph.node_and_registration(node).second();
      BytePointer customName = registration.custom_name();
      operators.add(new OracleOperator(registration.builtin_code(),
          customName == null || customName.isNull() ? null : customName.getString(),
          registration.version()));
    }
    return operators;
  }

  /** The signature keys TFLite found in the model, in its order. */
  public List<String> signatureKeys() {
    checkOpen();
    return scoped(() -> {
      StringVector keys = interpreter.signature_keys();
      List<String> result = new ArrayList<>();
      for (long i = 0; i < keys.size(); i++) {
        result.add(keys.get(i).getString());
      }
      return result;
    });
  }

  /** The index of the subgraph a signature runs, or -1 if there is no such signature. */
  public int signatureSubgraphIndex(String key) {
    checkOpen();
    return interpreter.GetSubgraphIndexFromSignature(key);
  }

  /** A signature's input names and the tensor indices (in its subgraph) they map to, sorted by name. */
  public Map<String, Integer> signatureInputs(String key) {
    checkOpen();
    checkSignature(key);
    return entries(interpreter.signature_inputs(key));
  }

  /** A signature's output names and the tensor indices (in its subgraph) they map to, sorted by name. */
  public Map<String, Integer> signatureOutputs(String key) {
    checkOpen();
    checkSignature(key);
    return entries(interpreter.signature_outputs(key));
  }

  /** Frees the interpreter and all native memory; later calls do nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // The interpreter refers to the builder's resolver and to the model's bytes: free it first.
    interpreter.deallocate();
    builder.deallocate();
    resolver.deallocate();
    model.deallocate();
    modelData.deallocate();
  }

  private void checkSignature(String key) {
    if (signatureSubgraphIndex(key) < 0) {
      throw new IllegalArgumentException("no signature " + key + "; the model has " + signatureKeys());
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("TfLiteOracle is closed");
    }
  }

  private void checkAllocated() {
    checkOpen();
    if (!allocated) {
      throw new IllegalStateException("tensors are not allocated; call allocateTensors() first");
    }
  }

  private static int checkIndex(int index, int count, String what) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException(what + " " + index + " of " + count);
    }
    return index;
  }

  private static void check(int status, String step) {
    if (status != kTfLiteOk) {
      throw new TfLiteOracleException(step, "failed with status " + status
          + "; TFLite's message is on standard error");
    }
  }

  private static int schemaType(String tfliteTypeName) {
    for (int code = 0; code < TensorType.names.length; code++) {
      if (TensorType.names[code].equals(tfliteTypeName)) {
        return code;
      }
    }
    return -1;
  }

  private static Map<String, Integer> entries(StringIntMap map) {
    return scoped(() -> {
      Map<String, Integer> result = new LinkedHashMap<>();
      StringIntMap.Iterator end = map.end();
      for (StringIntMap.Iterator it = map.begin(); !it.equals(end); it = it.increment()) {
        result.put(it.first(), it.second());
      }
      return result;
    });
  }

  /**
   * Runs {@code body} in a {@link PointerScope}: the native copies the binding returns for vectors,
   * strings and iterators are freed at once instead of whenever the garbage collector gets to them.
   */
  private static <T> T scoped(Supplier<T> body) {
    PointerScope scope = new PointerScope();
    try {
      return body.get();
    } finally {
      scope.close();
    }
  }

  /**
   * Keeps a long-lived native object out of any {@link PointerScope} the caller has open, which would
   * otherwise free it when the caller's scope closes.
   */
  private static <P extends Pointer> P keep(P pointer) {
    PointerScope scope = PointerScope.getInnerScope();
    if (scope != null && pointer != null) {
      scope.detach(pointer);
    }
    return pointer;
  }

  private static int[] toArray(IntPointer vector) {
    int[] values = new int[(int) vector.limit()];
    vector.get(values);
    return values;
  }

  private static int[] ints(TfLiteIntArray array) {
    if (array == null || array.isNull()) {
      return new int[0];
    }
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.data(i);
    }
    return values;
  }

  private static float[] floats(TfLiteFloatArray array) {
    if (array == null || array.isNull()) {
      return new float[0];
    }
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.data(i);
    }
    return values;
  }
}
