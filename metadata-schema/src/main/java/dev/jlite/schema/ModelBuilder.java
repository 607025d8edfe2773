package dev.jlite.schema;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.schema.model.Buffer;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.Metadata;
import dev.jlite.schema.model.Model;
import dev.jlite.schema.model.OperatorCode;
import dev.jlite.schema.model.SignatureDef;
import dev.jlite.schema.model.TensorMap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code .tflite} models: single-operator models for kernel tests, models with several
 * subgraphs, signatures and metadata, and deliberately broken models for error tests.
 *
 * <pre>{@code
 * ModelBuilder model = new ModelBuilder();
 * SubgraphBuilder main = model.addSubgraph("main");
 * int a = main.addTensor("a", TensorType.FLOAT32, 1, 4);
 * int b = main.addConstant("b", new int[] {1, 4}, new float[] {1, 2, 3, 4});
 * int sum = main.addTensor("sum", TensorType.FLOAT32, 1, 4);
 * main.addOperator(OperatorSpec.builtin(BuiltinOperator.ADD).inputs(a, b).outputs(sum)
 *     .options(BuiltinOptions.AddOptions, fbb -> AddOptions.createAddOptions(fbb, ActivationFunctionType.NONE, false))
 *     .build());
 * main.inputs(a).outputs(sum);
 * byte[] tflite = model.build();
 * }</pre>
 *
 * <p>The output follows what TFLite's converter writes: schema version 3, buffer 0 the empty
 * sentinel, constant data aligned to 16 bytes, one operator code per distinct (builtin code, custom
 * code, version) in order of first use, with {@code deprecated_builtin_code = min(code, 127)} so that
 * readers of either field agree. The same calls always give the same bytes.
 *
 * <p>Indices (buffers, tensors, operator codes, subgraphs) are written as given and only checked by
 * {@link #build()}, so {@link #buildUnverified()} can write models that point anywhere. Null names and
 * negative counts are programmer errors and fail at once.
 *
 * <p>Not thread-safe.
 */
public final class ModelBuilder {
  /** {@code BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES}: the most the old int8 code field holds. */
  private static final int MAX_DEPRECATED_BUILTIN_CODE = 127;
  /** The alignment TFLite's schema asks of buffer data ({@code force_align: 16}). */
  private static final int BUFFER_ALIGNMENT = 16;

  private record OperatorCodeKey(int builtinCode, String customCode, int version) {}

  private record RawOperatorCode(byte deprecatedBuiltinCode, int builtinCode, String customCode, int version) {}

  private record MetadataEntry(String name, int buffer) {}

  private final List<byte[]> buffers = new ArrayList<>();
  private final List<RawOperatorCode> operatorCodes = new ArrayList<>();
  private final Map<OperatorCodeKey, Integer> operatorCodeIndex = new HashMap<>();
  private final List<SubgraphBuilder> subgraphs = new ArrayList<>();
  private final List<SignatureSpec> signatures = new ArrayList<>();
  private final List<MetadataEntry> metadata = new ArrayList<>();
  private String description;
  private long version = 3;

  /** An empty model holding only buffer 0, the empty buffer. */
  public ModelBuilder() {
    buffers.add(new byte[0]);
  }

  /** The model's description string; not written unless set. */
  public ModelBuilder description(String description) {
    this.description = Checks.notNull(description, "description");
    return this;
  }

  /** The schema version; 3 unless set (the only one TFLite reads). Written as an unsigned 32-bit number. */
  public ModelBuilder version(int version) {
    this.version = Integer.toUnsignedLong(version);
    return this;
  }

  /**
   * Adds a buffer holding these bytes and returns its index. An empty array gives a buffer without
   * data, as the converter writes for tensors computed at run time.
   */
  public int addBuffer(byte[] data) {
    buffers.add(Checks.notNull(data, "buffer data").clone());
    return buffers.size() - 1;
  }

  /** Adds a buffer holding the bytes from the position to the limit of {@code data}, which is left unchanged. */
  public int addBuffer(ByteBuffer data) {
    ByteBuffer source = Checks.notNull(data, "buffer data").duplicate();
    byte[] bytes = new byte[source.remaining()];
    source.get(bytes);
    buffers.add(bytes);
    return buffers.size() - 1;
  }

  /** Adds a buffer holding these floats, little-endian, and returns its index. */
  public int addBuffer(float[] values) {
    ByteBuffer bytes = littleEndian(Checks.notNull(values, "buffer values").length * Float.BYTES);
    bytes.asFloatBuffer().put(values);
    return addEncoded(bytes);
  }

  /** Adds a buffer holding these ints, little-endian, and returns its index. */
  public int addBuffer(int[] values) {
    ByteBuffer bytes = littleEndian(Checks.notNull(values, "buffer values").length * Integer.BYTES);
    bytes.asIntBuffer().put(values);
    return addEncoded(bytes);
  }

  /** Adds a buffer holding these shorts (int16, or float16 bits), little-endian, and returns its index. */
  public int addBuffer(short[] values) {
    ByteBuffer bytes = littleEndian(Checks.notNull(values, "buffer values").length * Short.BYTES);
    bytes.asShortBuffer().put(values);
    return addEncoded(bytes);
  }

  /** Adds a buffer holding these longs, little-endian, and returns its index. */
  public int addBuffer(long[] values) {
    ByteBuffer bytes = littleEndian(Checks.notNull(values, "buffer values").length * Long.BYTES);
    bytes.asLongBuffer().put(values);
    return addEncoded(bytes);
  }

  /**
   * Adds a buffer holding these strings in TFLite's string tensor layout and returns its index: the
   * int32 count {@code n}, then {@code n + 1} int32 offsets from the start of the buffer (string
   * {@code i} spans {@code offset[i]} to {@code offset[i + 1]}), then the UTF-8 bytes.
   */
  public int addStringBuffer(List<String> strings) {
    Checks.notNull(strings, "strings");
    byte[][] encoded = new byte[strings.size()][];
    int total = 0;
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = Checks.notNull(strings.get(i), "string " + i).getBytes(StandardCharsets.UTF_8);
      total += encoded[i].length;
    }
    int header = Integer.BYTES * (encoded.length + 2);
    ByteBuffer bytes = littleEndian(header + total);
    bytes.putInt(encoded.length);
    int offset = header;
    for (byte[] s : encoded) {
      bytes.putInt(offset);
      offset += s.length;
    }
    bytes.putInt(offset);
    for (byte[] s : encoded) {
      bytes.put(s);
    }
    return addEncoded(bytes);
  }

  /**
   * The index of the operator code for a builtin operator (a {@code BuiltinOperator} code) at this
   * version, adding the code on first use.
   */
  public int builtinOperatorCode(int builtinCode, int version) {
    Checks.nonNegative(builtinCode, "builtin operator code");
    return operatorCode(new OperatorCodeKey(builtinCode, null, Checks.positive(version, "operator version")));
  }

  /** The index of the operator code for a custom operator at this version, adding the code on first use. */
  public int customOperatorCode(String customCode, int version) {
    Checks.notNull(customCode, "custom code");
    return operatorCode(new OperatorCodeKey(BuiltinOperator.CUSTOM, customCode,
        Checks.positive(version, "operator version")));
  }

  /**
   * Appends an operator code with exactly these fields, never shared, and returns its index: for
   * models written by old converters ({@code builtin_code} 0) or inconsistent ones. {@code customCode}
   * may be null. Use it with {@link OperatorSpec#withOpcodeIndex(int)}.
   */
  public int addRawOperatorCode(byte deprecatedBuiltinCode, int builtinCode, String customCode, int version) {
    operatorCodes.add(new RawOperatorCode(deprecatedBuiltinCode, builtinCode, customCode, version));
    return operatorCodes.size() - 1;
  }

  private int operatorCode(OperatorCodeKey key) {
    return operatorCodeIndex.computeIfAbsent(key, k -> {
      byte deprecated = (byte) Math.min(k.builtinCode(), MAX_DEPRECATED_BUILTIN_CODE);
      operatorCodes.add(new RawOperatorCode(deprecated, k.builtinCode(), k.customCode(), k.version()));
      return operatorCodes.size() - 1;
    });
  }

  /** Adds a subgraph; the first one added (index 0) is the model's entry point. */
  public SubgraphBuilder addSubgraph(String name) {
    SubgraphBuilder subgraph = new SubgraphBuilder(this, subgraphs.size(), Checks.notNull(name, "subgraph name"));
    subgraphs.add(subgraph);
    return subgraph;
  }

  public ModelBuilder addSignature(SignatureSpec signature) {
    signatures.add(Checks.notNull(signature, "signature"));
    return this;
  }

  /** Adds a buffer with these bytes and a metadata entry naming it (e.g. {@link ModelFile#METADATA_NAME}). */
  public ModelBuilder addMetadata(String name, byte[] data) {
    return addMetadata(name, addBuffer(data));
  }

  /** Adds a metadata entry naming an existing buffer; the index is written as given. */
  public ModelBuilder addMetadata(String name, int bufferIndex) {
    metadata.add(new MetadataEntry(Checks.notNull(name, "metadata name"), bufferIndex));
    return this;
  }

  /**
   * Writes the model and verifies it with {@link ModelFile#wrap}.
   *
   * @return a new array holding the model
   * @throws InvalidModelException if the model is not valid
   */
  public byte[] build() {
    byte[] bytes = buildUnverified();
    ModelFile.wrap(ByteBuffer.wrap(bytes));
    return bytes;
  }

  /** Writes the model as described, however broken. Returns a new array each time. */
  public byte[] buildUnverified() {
    FlatBufferBuilder fbb = new FlatBufferBuilder(1024);
    int[] bufferOffsets = new int[buffers.size()];
    for (int i = 0; i < bufferOffsets.length; i++) {
      bufferOffsets[i] = writeBuffer(fbb, buffers.get(i));
    }
    int[] codeOffsets = new int[operatorCodes.size()];
    for (int i = 0; i < codeOffsets.length; i++) {
      codeOffsets[i] = writeOperatorCode(fbb, operatorCodes.get(i));
    }
    int[] subgraphOffsets = new int[subgraphs.size()];
    for (int i = 0; i < subgraphOffsets.length; i++) {
      subgraphOffsets[i] = subgraphs.get(i).write(fbb);
    }
    int[] signatureOffsets = new int[signatures.size()];
    for (int i = 0; i < signatureOffsets.length; i++) {
      signatureOffsets[i] = writeSignature(fbb, signatures.get(i));
    }
    int[] metadataOffsets = new int[metadata.size()];
    for (int i = 0; i < metadataOffsets.length; i++) {
      MetadataEntry entry = metadata.get(i);
      metadataOffsets[i] = Metadata.createMetadata(fbb, fbb.createString(entry.name()),
          Integer.toUnsignedLong(entry.buffer()));
    }
    int codesVector = Model.createOperatorCodesVector(fbb, codeOffsets);
    int subgraphsVector = Model.createSubgraphsVector(fbb, subgraphOffsets);
    int descriptionOffset = description == null ? 0 : fbb.createString(description);
    int buffersVector = Model.createBuffersVector(fbb, bufferOffsets);
    int metadataVector = metadataOffsets.length == 0 ? 0 : Model.createMetadataVector(fbb, metadataOffsets);
    int signaturesVector = signatureOffsets.length == 0 ? 0
        : Model.createSignatureDefsVector(fbb, signatureOffsets);
    // Absent parts have offset 0, which the generated add methods skip.
    Model.startModel(fbb);
    Model.addVersion(fbb, version);
    Model.addOperatorCodes(fbb, codesVector);
    Model.addSubgraphs(fbb, subgraphsVector);
    Model.addDescription(fbb, descriptionOffset);
    Model.addBuffers(fbb, buffersVector);
    Model.addMetadata(fbb, metadataVector);
    Model.addSignatureDefs(fbb, signaturesVector);
    Model.finishModelBuffer(fbb, Model.endModel(fbb));
    return fbb.sizedByteArray();
  }

  private int addEncoded(ByteBuffer littleEndian) {
    buffers.add(littleEndian.array());
    return buffers.size() - 1;
  }

  private static ByteBuffer littleEndian(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int writeBuffer(FlatBufferBuilder fbb, byte[] data) {
    int dataVector = 0;
    if (data.length > 0) {
      // The generated createDataVector ignores force_align, so the vector is laid out by hand.
      fbb.createUnintializedVector(1, data.length, BUFFER_ALIGNMENT).put(data);
      dataVector = fbb.endVector();
    }
    Buffer.startBuffer(fbb);
    Buffer.addData(fbb, dataVector);
    return Buffer.endBuffer(fbb);
  }

  private static int writeOperatorCode(FlatBufferBuilder fbb, RawOperatorCode code) {
    int customCode = code.customCode() == null ? 0 : fbb.createString(code.customCode());
    OperatorCode.startOperatorCode(fbb);
    OperatorCode.addDeprecatedBuiltinCode(fbb, code.deprecatedBuiltinCode());
    OperatorCode.addCustomCode(fbb, customCode);
    OperatorCode.addVersion(fbb, code.version());
    OperatorCode.addBuiltinCode(fbb, code.builtinCode());
    return OperatorCode.endOperatorCode(fbb);
  }

  private static int writeSignature(FlatBufferBuilder fbb, SignatureSpec signature) {
    int inputs = SignatureDef.createInputsVector(fbb, writeTensorMaps(fbb, signature.inputs()));
    int outputs = SignatureDef.createOutputsVector(fbb, writeTensorMaps(fbb, signature.outputs()));
    int key = fbb.createString(signature.key());
    return SignatureDef.createSignatureDef(fbb, inputs, outputs, key,
        Integer.toUnsignedLong(signature.subgraphIndex()));
  }

  private static int[] writeTensorMaps(FlatBufferBuilder fbb, List<SignatureSpec.Entry> entries) {
    int[] offsets = new int[entries.size()];
    for (int i = 0; i < offsets.length; i++) {
      SignatureSpec.Entry entry = entries.get(i);
      offsets[i] = TensorMap.createTensorMap(fbb, fbb.createString(entry.name()),
          Integer.toUnsignedLong(entry.tensorIndex()));
    }
    return offsets;
  }
}
