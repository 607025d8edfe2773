package dev.jlite.schema;

import dev.jlite.schema.metadata.ModelMetadata;
import dev.jlite.schema.metadata.SubGraphMetadata;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.schema.model.Model;
import com.google.flatbuffers.FlatBufferBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Real models from the repository's testdata, and ways to change their metadata for tests. */
final class TestModels {
  /** The repository's testdata directory; tests run in the module directory. */
  static final Path TESTDATA = Path.of("..", "testdata").toAbsolutePath().normalize();

  /** 304 bytes, no metadata, no archive: the base for appended hand-made archives. */
  static final String TINY = "models/text/test_model_nl_classifier_bool_output.tflite";
  /** 1,773 bytes; metadata (1 input, 4 outputs) and an archive holding {@code test_labels.txt}. */
  static final String NL_WITH_LABELS = "models/text/test_model_nl_classifier_with_associated_label.tflite";

  private TestModels() {}

  /**
   * TFLite Micro's person detector: its rank-1 bias tensors declare quantized_dimension 3, which
   * TFLite 2.19 refuses ("quantized_dimension must be in range [0, 1)") and so does jlite.
   */
  static final String PERSON_DETECT = "models/image_classification/tflm_person_detect.tflite";

  /** Every model under testdata/models that TFLite (and so jlite) accepts. */
  static List<Path> accepted() {
    return all().stream().filter(p -> !p.endsWith(PERSON_DETECT)).toList();
  }

  /** Every {@code .tflite} file under testdata/models, sorted. */
  static List<Path> all() {
    try (Stream<Path> files = Files.walk(TESTDATA.resolve("models"))) {
      return files.filter(p -> p.toString().endsWith(".tflite")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path path(String relative) {
    return TESTDATA.resolve(relative);
  }

  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * A metadata flatbuffer with one subgraph describing {@code inputs} and {@code outputs} unnamed
   * tensors, and the given {@code min_parser_version} (none if null), finished with {@code
   * identifier}.
   */
  static byte[] metadata(int inputs, int outputs, String minParserVersion, String identifier) {
    FlatBufferBuilder b = new FlatBufferBuilder();
    int in = SubGraphMetadata.createInputTensorMetadataVector(b, tensors(b, inputs));
    int out = SubGraphMetadata.createOutputTensorMetadataVector(b, tensors(b, outputs));
    SubGraphMetadata.startSubGraphMetadata(b);
    SubGraphMetadata.addInputTensorMetadata(b, in);
    SubGraphMetadata.addOutputTensorMetadata(b, out);
    int subgraphs = ModelMetadata.createSubgraphMetadataVector(b,
        new int[] {SubGraphMetadata.endSubGraphMetadata(b)});
    int name = b.createString("test metadata");
    int version = minParserVersion == null ? 0 : b.createString(minParserVersion);
    ModelMetadata.startModelMetadata(b);
    ModelMetadata.addName(b, name);
    ModelMetadata.addSubgraphMetadata(b, subgraphs);
    if (minParserVersion != null) {
      ModelMetadata.addMinParserVersion(b, version);
    }
    b.finish(ModelMetadata.endModelMetadata(b), identifier);
    return b.sizedByteArray();
  }

  private static int[] tensors(FlatBufferBuilder b, int count) {
    int[] tensors = new int[count];
    for (int i = 0; i < count; i++) {
      TensorMetadata.startTensorMetadata(b);
      tensors[i] = TensorMetadata.endTensorMetadata(b);
    }
    return tensors;
  }

  /**
   * A copy of {@code model} whose TFLITE_METADATA buffer holds {@code metadata} instead, written in
   * place (the new metadata must not be longer), so everything else, including an appended archive,
   * keeps its offsets.
   */
  static byte[] withMetadata(byte[] model, byte[] metadata) {
    int data = metadataDataPosition(model);
    ByteBuffer bb = ByteBuffer.wrap(model.clone()).order(ByteOrder.LITTLE_ENDIAN);
    int capacity = bb.getInt(data - 4);
    if (metadata.length > capacity) {
      throw new IllegalArgumentException(metadata.length + " bytes do not fit in " + capacity);
    }
    bb.putInt(data - 4, metadata.length);
    bb.put(data, metadata);
    return bb.array();
  }

  /** A copy of {@code model} whose metadata[0] entry points to buffer {@code index}. */
  static byte[] withMetadataBufferIndex(byte[] model, int index) {
    ByteBuffer bb = ByteBuffer.wrap(model.clone()).order(ByteOrder.LITTLE_ENDIAN);
    int root = bb.getInt(0);
    int metadataVector = indirect(bb, field(bb, root, 6));
    int entry = indirect(bb, metadataVector + 4);
    bb.putInt(field(bb, entry, 1), index);
    return bb.array();
  }

  private static int metadataDataPosition(byte[] model) {
    Model m = Model.getRootAsModel(ByteBuffer.wrap(model));
    for (int i = 0; i < m.metadataLength(); i++) {
      if (ModelFile.METADATA_NAME.equals(m.metadata(i).name())) {
        return m.buffers((int) m.metadata(i).buffer()).dataAsByteBuffer().position();
      }
    }
    throw new IllegalArgumentException("model has no metadata");
  }

  /** Position of field {@code slot} of the table at {@code table}; the field must be present. */
  private static int field(ByteBuffer bb, int table, int slot) {
    int vtable = table - bb.getInt(table);
    int offset = bb.getShort(vtable + 4 + 2 * slot);
    if (offset == 0) {
      throw new IllegalArgumentException("field " + slot + " absent");
    }
    return table + offset;
  }

  private static int indirect(ByteBuffer bb, int pos) {
    return pos + bb.getInt(pos);
  }
}
