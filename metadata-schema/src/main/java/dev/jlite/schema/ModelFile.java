package dev.jlite.schema;

import dev.jlite.schema.model.Buffer;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.Metadata;
import dev.jlite.schema.model.Model;
import dev.jlite.schema.model.OperatorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A verified, read-only view of a {@code .tflite} model.
 *
 * <p>Opening a model verifies it once, completely: the FlatBuffer structure (every offset, vector and
 * string in bounds), then the model's meaning (schema version, indices of tensors, buffers, operator
 * codes and subgraphs in range, constant buffers as long as their tensors' shapes say, string tensor
 * layout, sparsity parameters, quantization parameters, every operator input produced before it is
 * read, no subgraph calling itself). Afterwards the generated accessors from {@link #model()} can be
 * used without further checks, and constant data is read in place: nothing is copied.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ModelFile {
  /** The metadata entry under which the TFLite metadata flatbuffer is stored. */
  public static final String METADATA_NAME = "TFLITE_METADATA";

  private static final FbsSchema SCHEMA = FbsSchema.load("tflite_schema.fbs");

  private final ByteBuffer buffer;
  private final String source;

  private ModelFile(ByteBuffer buffer, String source) {
    this.buffer = buffer;
    this.source = source;
  }

  /**
   * Memory-maps and verifies a model file.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws IOException if it cannot be read
   * @throws InvalidModelException if it is not a valid model; the message starts with the file name
   */
  public static ModelFile open(Path path) throws IOException {
    ByteBuffer mapped;
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE) {
        throw new InvalidModelException(path + ": " + size
            + " bytes; models over 2 GiB are not supported");
      }
      mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }
    return verified(mapped, path.toString());
  }

  /**
   * Verifies a model held in memory. The bytes from the buffer's position to its limit are the model;
   * they are used in place, not copied, so the caller must not change them afterwards.
   *
   * @throws InvalidModelException if the bytes are not a valid model
   */
  public static ModelFile wrap(ByteBuffer modelBytes) {
    if (modelBytes == null) {
      throw new NullPointerException("modelBytes");
    }
    return verified(modelBytes.slice(), "model buffer");
  }

  /** Reads a whole file into memory and verifies it; for callers that must not keep a mapping. */
  public static ModelFile read(Path path) throws IOException {
    return verified(ByteBuffer.wrap(Files.readAllBytes(path)), path.toString());
  }

  private static ModelFile verified(ByteBuffer bytes, String source) {
    ByteBuffer buffer = bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    try {
      FlatBufferVerifier.verify(buffer, SCHEMA, "model");
      ModelVerifier.verify(Model.getRootAsModel(buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN)),
          buffer.capacity());
    } catch (InvalidModelException e) {
      throw new InvalidModelException(source + ": " + e.getMessage(), e);
    }
    return new ModelFile(buffer, source);
  }

  /** The root table of the model. A fresh accessor on each call; cheap. */
  public Model model() {
    return Model.getRootAsModel(buffer());
  }

  /** The whole file, read-only, little-endian, position 0. Includes any appended zip of files. */
  public ByteBuffer buffer() {
    return buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Size of the file in bytes. */
  public int size() {
    return buffer.capacity();
  }

  /** Where the model came from: its path, or "model buffer". */
  public String source() {
    return source;
  }

  /**
   * The constant data of buffer {@code index}, read-only and little-endian, without copying. Empty
   * for buffer 0 and for buffers without data. Data stored outside the flatbuffer (large models,
   * {@code Buffer.offset/size}) is resolved too.
   */
  public ByteBuffer bufferData(int index) {
    Model model = model();
    if (index < 0 || index >= model.buffersLength()) {
      throw new IndexOutOfBoundsException("buffer " + index + " of " + model.buffersLength());
    }
    Buffer b = model.buffers(index);
    ByteBuffer view = buffer();
    if (b.offset() > 1) {
      view.position((int) b.offset()).limit((int) (b.offset() + b.size()));
    } else {
      ByteBuffer data = b.dataAsByteBuffer();
      if (data == null) {
        return ByteBuffer.allocate(0).asReadOnlyBuffer();
      }
      view.position(data.position()).limit(data.limit());
    }
    return view.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * The builtin operator code of operator code {@code opcodeIndex}: the larger of {@code builtin_code}
   * and {@code deprecated_builtin_code}, as TFLite reads it.
   */
  public int builtinCode(int opcodeIndex) {
    return builtinCode(model().operatorCodes(opcodeIndex));
  }

  static int builtinCode(OperatorCode code) {
    return Math.max(code.builtinCode(), code.deprecatedBuiltinCode());
  }

  /**
   * A readable operator name for operator code {@code opcodeIndex}: the builtin name such as
   * {@code CONV_2D}, or the custom code for custom operators.
   */
  public String operatorName(int opcodeIndex) {
    OperatorCode code = model().operatorCodes(opcodeIndex);
    int builtin = builtinCode(code);
    if (builtin == BuiltinOperator.CUSTOM) {
      return code.customCode();
    }
    return builtinName(builtin);
  }

  /** The schema name of a builtin operator code, or {@code BUILTIN_<n>} for codes newer than ours. */
  public static String builtinName(int builtinCode) {
    if (builtinCode >= 0 && builtinCode <= BuiltinOperator.STABLEHLO_CASE) {
      return BuiltinOperator.name(builtinCode);
    }
    return "BUILTIN_" + builtinCode;
  }

  /** The buffer of the first metadata entry with this name (e.g. {@link #METADATA_NAME}), if any. */
  public Optional<ByteBuffer> metadata(String name) {
    Model model = model();
    for (int i = 0; i < model.metadataLength(); i++) {
      Metadata entry = model.metadata(i);
      if (name.equals(entry.name())) {
        return Optional.of(bufferData((int) entry.buffer()));
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "ModelFile[" + source + ", " + size() + " bytes]";
  }
}
