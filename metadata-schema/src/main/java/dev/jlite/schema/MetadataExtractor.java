package dev.jlite.schema;

import dev.jlite.schema.metadata.ModelMetadata;
import dev.jlite.schema.metadata.SubGraphMetadata;
import dev.jlite.schema.metadata.TensorMetadata;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * The TFLite metadata of a model (the {@code TFLITE_METADATA} flatbuffer, identifier {@code M001})
 * and the associated files packed in the zip archive appended to it.
 */
public final class MetadataExtractor {
  /** The newest metadata schema version this reader understands. */
  public static final String PARSER_VERSION = "1.5.0";

  private MetadataExtractor() {}

  /** Reads and verifies the metadata and the associated-file archive of a model. */
  public static MetadataExtractor of(ModelFile model) {
    throw new UnsupportedOperationException("not yet");
  }

  public boolean hasMetadata() {
    throw new UnsupportedOperationException("not yet");
  }

  public Optional<ModelMetadata> modelMetadata() {
    throw new UnsupportedOperationException("not yet");
  }

  public Optional<SubGraphMetadata> subgraphMetadata() {
    throw new UnsupportedOperationException("not yet");
  }

  public Optional<TensorMetadata> inputTensorMetadata(int index) {
    throw new UnsupportedOperationException("not yet");
  }

  public Optional<TensorMetadata> outputTensorMetadata(int index) {
    throw new UnsupportedOperationException("not yet");
  }

  public Optional<String> minParserVersion() {
    throw new UnsupportedOperationException("not yet");
  }

  public boolean isMinimumParserVersionSatisfied() {
    throw new UnsupportedOperationException("not yet");
  }

  public Optional<ByteBuffer> metadataBuffer() {
    throw new UnsupportedOperationException("not yet");
  }

  public List<String> associatedFileNames() {
    throw new UnsupportedOperationException("not yet");
  }

  public Optional<ByteBuffer> associatedFile(String name) {
    throw new UnsupportedOperationException("not yet");
  }
}
