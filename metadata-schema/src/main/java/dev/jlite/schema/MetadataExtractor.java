package dev.jlite.schema;

import dev.jlite.schema.metadata.ModelMetadata;
import dev.jlite.schema.metadata.SubGraphMetadata;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.schema.model.SubGraph;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The TFLite metadata of a model (the {@code TFLITE_METADATA} flatbuffer, identifier {@code M001})
 * and the associated files packed in the zip archive appended to it.
 *
 * <p>Everything is read and verified once, by {@link #of}: the metadata flatbuffer structurally (so
 * its accessors cannot read outside it), its tensor counts against the model's, its {@code
 * min_parser_version}, and the whole archive (see {@link #associatedFile}). A model may have neither
 * metadata nor archive; that is not an error.
 *
 * <p>Nothing is copied: the metadata and the associated files are read-only views of the model's
 * bytes. Instances are immutable and safe to share between threads; every method returns fresh
 * accessors and buffers.
 */
public final class MetadataExtractor {
  /** The newest metadata schema version this reader understands. */
  public static final String PARSER_VERSION = "1.5.0";

  private static final FbsSchema METADATA_SCHEMA = FbsSchema.load("metadata_schema.fbs");
  private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+)*");

  private final ByteBuffer metadata;
  private final String minParserVersion;
  private final int modelInputs;
  private final int modelOutputs;
  private final Map<String, ByteBuffer> files;

  private MetadataExtractor(ByteBuffer metadata, String minParserVersion, int modelInputs,
      int modelOutputs, Map<String, ByteBuffer> files) {
    this.metadata = metadata;
    this.minParserVersion = minParserVersion;
    this.modelInputs = modelInputs;
    this.modelOutputs = modelOutputs;
    this.files = files;
  }

  /**
   * Reads and verifies the metadata and the associated-file archive of a model.
   *
   * @throws InvalidModelException if the metadata or the archive is malformed: the metadata is not a
   *     valid {@code M001} flatbuffer, describes a
   *     different number of inputs or outputs than subgraph 0 has, or has a {@code
   *     min_parser_version} that is not a dotted version number, or the archive breaks one of the
   *     rules listed at {@link #associatedFile}. The message starts with the model's source.
   */
  public static MetadataExtractor of(ModelFile model) {
    Objects.requireNonNull(model, "model");
    try {
      SubGraph main = model.model().subgraphs(0);
      int inputs = main.inputsLength();
      int outputs = main.outputsLength();
      ByteBuffer metadata = model.metadata(ModelFile.METADATA_NAME).orElse(null);
      String minParserVersion = null;
      if (metadata != null) {
        FlatBufferVerifier.verify(metadata, METADATA_SCHEMA, "metadata");
        ModelMetadata parsed = ModelMetadata.getRootAsModelMetadata(metadata.duplicate());
        checkTensorCounts(parsed, inputs, outputs);
        minParserVersion = minParserVersion(parsed);
      }
      Map<String, ByteBuffer> files = StoredZipReader.read(model.buffer());
      return new MetadataExtractor(metadata, minParserVersion, inputs, outputs, files);
    } catch (InvalidModelException e) {
      throw new InvalidModelException(model.source() + ": " + e.getMessage(), e);
    }
  }

  /** TFLite's metadata describes subgraph 0 tensor by tensor; a different count is a broken model. */
  private static void checkTensorCounts(ModelMetadata metadata, int inputs, int outputs) {
    if (metadata.subgraphMetadataLength() == 0) {
      return;
    }
    SubGraphMetadata subgraph = metadata.subgraphMetadata(0);
    int inputMetadata = subgraph.inputTensorMetadataLength();
    int outputMetadata = subgraph.outputTensorMetadataLength();
    if (inputMetadata != inputs) {
      throw new InvalidModelException("metadata describes " + inputMetadata
          + " input tensors, but subgraph 0 has " + inputs + " inputs");
    }
    if (outputMetadata != outputs) {
      throw new InvalidModelException("metadata describes " + outputMetadata
          + " output tensors, but subgraph 0 has " + outputs + " outputs");
    }
  }

  /** Reads {@code min_parser_version} and checks it is a version number that can be compared. */
  private static String minParserVersion(ModelMetadata metadata) {
    String version = metadata.minParserVersion();
    if (version != null && !VERSION.matcher(version).matches()) {
      throw new InvalidModelException("metadata min_parser_version \"" + version
          + "\" is not a dotted version number such as " + PARSER_VERSION);
    }
    return version;
  }

  /** Whether the model has a {@code TFLITE_METADATA} entry. */
  public boolean hasMetadata() {
    return metadata != null;
  }

  /** The root table of the metadata, if the model has metadata. A fresh accessor on each call. */
  public Optional<ModelMetadata> modelMetadata() {
    return metadataBuffer().map(ModelMetadata::getRootAsModelMetadata);
  }

  /**
   * The metadata of subgraph 0, the one TFLite's tasks run, if the metadata has any subgraph
   * metadata.
   */
  public Optional<SubGraphMetadata> subgraphMetadata() {
    return modelMetadata()
        .filter(m -> m.subgraphMetadataLength() > 0)
        .map(m -> m.subgraphMetadata(0));
  }

  /**
   * The metadata of input {@code index} of subgraph 0, if the model has subgraph metadata. When it
   * has, there is exactly one entry per input ({@link #of} checks that).
   *
   * @throws IndexOutOfBoundsException if subgraph 0 has no input {@code index}
   */
  public Optional<TensorMetadata> inputTensorMetadata(int index) {
    Objects.checkIndex(index, modelInputs);
    return subgraphMetadata().map(s -> s.inputTensorMetadata(index));
  }

  /**
   * The metadata of output {@code index} of subgraph 0, if the model has subgraph metadata. When it
   * has, there is exactly one entry per output ({@link #of} checks that).
   *
   * @throws IndexOutOfBoundsException if subgraph 0 has no output {@code index}
   */
  public Optional<TensorMetadata> outputTensorMetadata(int index) {
    Objects.checkIndex(index, modelOutputs);
    return subgraphMetadata().map(s -> s.outputTensorMetadata(index));
  }

  /**
   * The oldest metadata parser version that understands every field of this metadata, as the
   * populator recorded it (for example {@code "1.2.1"}); empty if it is not recorded.
   */
  public Optional<String> minParserVersion() {
    return Optional.ofNullable(minParserVersion);
  }

  /**
   * Whether {@link #PARSER_VERSION} is at least {@link #minParserVersion()}, comparing the dotted
   * parts as numbers with missing parts read as 0 ({@code "1.5"} equals {@code "1.5.0"}). True when
   * no minimum is recorded. False means some fields may belong to a newer schema and be ignored
   * here; the metadata is still read.
   */
  public boolean isMinimumParserVersionSatisfied() {
    return minParserVersion == null || compareVersions(minParserVersion, PARSER_VERSION) <= 0;
  }

  /** Compares two dotted version numbers part by part; parts may exceed any integer type. */
  private static int compareVersions(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.max(left.length, right.length); i++) {
      String l = i < left.length ? stripLeadingZeros(left[i]) : "";
      String r = i < right.length ? stripLeadingZeros(right[i]) : "";
      int compare = l.length() != r.length()
          ? Integer.compare(l.length(), r.length())
          : l.compareTo(r);
      if (compare != 0) {
        return compare;
      }
    }
    return 0;
  }

  private static String stripLeadingZeros(String digits) {
    int i = 0;
    while (i < digits.length() && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  /**
   * The raw metadata flatbuffer (identifier {@code M001}), read-only, little-endian, position 0, if
   * the model has metadata.
   */
  public Optional<ByteBuffer> metadataBuffer() {
    return Optional.ofNullable(metadata)
        .map(m -> m.duplicate().order(ByteOrder.LITTLE_ENDIAN));
  }

  /**
   * The names of the associated files packed with the model, in archive order, each once; empty if
   * the model has no archive. Names are plain strings (for example {@code "labels.txt"}), never
   * resolved as paths.
   */
  public List<String> associatedFileNames() {
    return List.copyOf(files.keySet());
  }

  /**
   * The contents of an associated file, read-only and without copying, if the archive has a file of
   * that name. If several entries have the name, the last one in the archive's central directory
   * wins, as in TFLite's C++ extractor.
   *
   * <p>{@link #of} accepts an archive only if it is well formed and every entry can be read in place:
   * the end-of-central-directory record is found within the last 65,557 bytes (so an archive
   * comment is allowed), the archive is on one disk and not Zip64, the central directory and its
   * entry count fit before the end record, every central and local header has its signature, every
   * entry is STORED (not compressed) and not encrypted, its local header names the same file, its
   * data lies inside the file and before the central directory, and no two entries share bytes.
   * Offsets may be absolute or relative to the start of the archive.
   */
  public Optional<ByteBuffer> associatedFile(String name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(files.get(name))
        .map(f -> f.duplicate().order(ByteOrder.LITTLE_ENDIAN));
  }
}
