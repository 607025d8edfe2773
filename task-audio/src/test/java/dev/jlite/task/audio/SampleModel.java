package dev.jlite.task.audio;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.metadata.AssociatedFile;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.schema.metadata.AudioProperties;
import dev.jlite.schema.metadata.Content;
import dev.jlite.schema.metadata.ContentProperties;
import dev.jlite.schema.metadata.ImageProperties;
import dev.jlite.schema.metadata.ModelMetadata;
import dev.jlite.schema.metadata.ProcessUnit;
import dev.jlite.schema.metadata.ProcessUnitOptions;
import dev.jlite.schema.metadata.ScoreThresholdingOptions;
import dev.jlite.schema.metadata.SubGraphMetadata;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ReshapeOptions;
import dev.jlite.schema.model.TensorType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A synthetic two-head "audio classifier" whose scores are its input samples: head 0 ("samples")
 * is a RESHAPE of the {@code [1, N]} FLOAT32 input, so class {@code i} scores sample {@code i};
 * head 1 ("negated") is a NEG, so class {@code i} scores {@code -sample i}. Metadata, written with
 * the generated FlatBuffers builders, gives the input's AudioProperties (or image properties, or
 * none), labels {@code s0..} and {@code n0..} and, on head 1, a score threshold of 0; the label
 * files are appended as a stored zip.
 */
final class SampleModel {
  private final int samples;
  private AudioFormat format;
  private boolean metadata = true;
  private boolean imageProperties;
  private byte inputType = TensorType.FLOAT32;

  private SampleModel(int samples) {
    this.samples = samples;
  }

  static SampleModel of(AudioFormat format, int frames) {
    SampleModel m = new SampleModel(frames * format.channels());
    m.format = format;
    return m;
  }

  SampleModel withoutMetadata() {
    this.metadata = false;
    return this;
  }

  SampleModel withImageProperties() {
    this.imageProperties = true;
    return this;
  }

  SampleModel inputType(byte type) {
    this.inputType = type;
    return this;
  }

  ByteBuffer build() {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder graph = model.addSubgraph("main");
    int input = graph.addTensor(TensorSpec.builder("audio", inputType, 1, samples).build());
    int first = graph.addTensor(TensorSpec.builder("samples", inputType, 1, samples).build());
    int second = graph.addTensor(TensorSpec.builder("negated", inputType, 1, samples).build());
    int[] shape = {1, samples};
    graph.addOperator(OperatorSpec.builtin(BuiltinOperator.RESHAPE)
        .inputs(input)
        .outputs(first)
        .options(BuiltinOptions.ReshapeOptions, fbb -> ReshapeOptions.createReshapeOptions(fbb,
            ReshapeOptions.createNewShapeVector(fbb, shape)))
        .build());
    graph.addOperator(OperatorSpec.builtin(BuiltinOperator.NEG).inputs(input).outputs(second)
        .build());
    graph.inputs(input).outputs(first, second);
    Map<String, String> files = new LinkedHashMap<>();
    if (metadata) {
      model.addMetadata(ModelFile.METADATA_NAME, metadataBuffer(files));
    }
    byte[] bytes = model.build();
    if (!files.isEmpty()) {
      byte[] zip = storedZip(files);
      byte[] all = new byte[bytes.length + zip.length];
      System.arraycopy(bytes, 0, all, 0, bytes.length);
      System.arraycopy(zip, 0, all, bytes.length, zip.length);
      bytes = all;
    }
    return ByteBuffer.wrap(bytes);
  }

  private byte[] metadataBuffer(Map<String, String> files) {
    FlatBufferBuilder fbb = new FlatBufferBuilder();
    int content;
    if (imageProperties) {
      content = Content.createContent(fbb, ContentProperties.ImageProperties,
          ImageProperties.createImageProperties(fbb, (byte) 1, 0), 0);
    } else {
      content = Content.createContent(fbb, ContentProperties.AudioProperties,
          AudioProperties.createAudioProperties(fbb, format.sampleRate(), format.channels()), 0);
    }
    int inputMeta = TensorMetadata.createTensorMetadata(fbb, fbb.createString("audio_clip"), 0, 0,
        content, 0, 0, 0);
    StringBuilder s = new StringBuilder();
    StringBuilder n = new StringBuilder();
    for (int i = 0; i < samples; i++) {
      s.append("s").append(i).append('\n');
      n.append("n").append(i).append('\n');
    }
    files.put("samples.txt", s.toString());
    files.put("negated.txt", n.toString());
    int firstMeta = TensorMetadata.createTensorMetadata(fbb, fbb.createString("samples"), 0, 0,
        0, 0, 0, labels(fbb, "samples.txt"));
    int threshold = ProcessUnit.createProcessUnit(fbb, ProcessUnitOptions.ScoreThresholdingOptions,
        ScoreThresholdingOptions.createScoreThresholdingOptions(fbb, 0f));
    int secondMeta = TensorMetadata.createTensorMetadata(fbb, fbb.createString("negated"), 0, 0,
        0, TensorMetadata.createProcessUnitsVector(fbb, new int[] {threshold}), 0,
        labels(fbb, "negated.txt"));
    int subgraph = SubGraphMetadata.createSubGraphMetadata(fbb, 0, 0,
        SubGraphMetadata.createInputTensorMetadataVector(fbb, new int[] {inputMeta}),
        SubGraphMetadata.createOutputTensorMetadataVector(fbb, new int[] {firstMeta, secondMeta}),
        0, 0, 0, 0, 0, 0);
    int root = ModelMetadata.createModelMetadata(fbb, fbb.createString("samples"), 0, 0,
        ModelMetadata.createSubgraphMetadataVector(fbb, new int[] {subgraph}), 0, 0, 0,
        fbb.createString("1.3.0"));
    ModelMetadata.finishModelMetadataBuffer(fbb, root);
    return fbb.sizedByteArray();
  }

  private static int labels(FlatBufferBuilder fbb, String name) {
    int file = AssociatedFile.createAssociatedFile(fbb, fbb.createString(name), 0,
        AssociatedFileType.TENSOR_AXIS_LABELS, 0, 0);
    return TensorMetadata.createAssociatedFilesVector(fbb, new int[] {file});
  }

  private static byte[] storedZip(Map<String, String> files) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(out)) {
        for (Map.Entry<String, String> e : files.entrySet()) {
          byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
          ZipEntry entry = new ZipEntry(e.getKey());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(data.length);
          entry.setCompressedSize(data.length);
          CRC32 crc = new CRC32();
          crc.update(data);
          entry.setCrc(crc.getValue());
          zip.putNextEntry(entry);
          zip.write(data);
          zip.closeEntry();
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
