package dev.jlite.codegen;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.metadata.AssociatedFile;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.schema.metadata.ColorSpaceType;
import dev.jlite.schema.metadata.Content;
import dev.jlite.schema.metadata.ContentProperties;
import dev.jlite.schema.metadata.ImageProperties;
import dev.jlite.schema.metadata.ModelMetadata;
import dev.jlite.schema.metadata.SubGraphMetadata;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;

/** Small models with hand-written metadata, for what the real models do not show. */
final class SyntheticModels {
  private SyntheticModels() {}

  /**
   * A RELU over a FLOAT32 {@code [1, 4, 4, 3]} tensor whose metadata names the input and the output
   * {@code "image"}, marks the input as an RGB image and gives no normalization.
   */
  static byte[] floatImageWithoutNormalization() {
    return relu(TensorType.FLOAT32, new String[] {"image"}, new String[] {"image"});
  }

  /**
   * RELUs from one {@code [1, 4, 4, 3]} input to as many outputs as names, all of {@code type}; the
   * metadata names the tensors as given and marks the input as an RGB image.
   */
  static byte[] relu(byte type, String[] inputNames, String[] outputNames) {
    return relu(type, inputNames, outputNames, null);
  }

  /**
   * A UINT8 RELU like {@link #relu(byte, String[], String[])} with one output, whose metadata
   * points at {@code labels.txt} (axis labels), archived after the model with {@code labels} in it.
   */
  static byte[] reluWithLabels(String labels) throws IOException {
    byte[] model = relu(TensorType.UINT8, new String[] {"in"}, new String[] {"out"}, "labels.txt");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(model);
    byte[] data = labels.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(data);
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      ZipEntry entry = new ZipEntry("labels.txt");
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(data.length);
      entry.setCompressedSize(data.length);
      entry.setCrc(crc.getValue());
      z.putNextEntry(entry);
      z.write(data);
      z.closeEntry();
    }
    out.write(zip.toByteArray());
    return out.toByteArray();
  }

  private static byte[] relu(byte type, String[] inputNames, String[] outputNames,
      String labelFile) {
    ModelBuilder model = new ModelBuilder();
    int relu = model.builtinOperatorCode(BuiltinOperator.RELU, 1);
    SubgraphBuilder main = model.addSubgraph("main");
    int in = main.addTensor("in", type, 1, 4, 4, 3);
    int[] outs = new int[outputNames.length];
    for (int i = 0; i < outs.length; i++) {
      outs[i] = main.addTensor("out" + i, type, 1, 4, 4, 3);
      main.addOperator(OperatorSpec.withOpcodeIndex(relu).inputs(in).outputs(outs[i]).build());
    }
    main.inputs(in).outputs(outs);
    model.addMetadata(ModelFile.METADATA_NAME, metadata(inputNames, outputNames, labelFile));
    return model.build();
  }

  private static byte[] metadata(String[] inputNames, String[] outputNames, String labelFile) {
    FlatBufferBuilder b = new FlatBufferBuilder();
    int[] inputs = new int[inputNames.length];
    for (int i = 0; i < inputs.length; i++) {
      int name = b.createString(inputNames[i]);
      int properties = ImageProperties.createImageProperties(b, ColorSpaceType.RGB, 0);
      int content = Content.createContent(b, ContentProperties.ImageProperties, properties, 0);
      TensorMetadata.startTensorMetadata(b);
      TensorMetadata.addName(b, name);
      TensorMetadata.addContent(b, content);
      inputs[i] = TensorMetadata.endTensorMetadata(b);
    }
    int[] outputs = new int[outputNames.length];
    for (int i = 0; i < outputs.length; i++) {
      int name = b.createString(outputNames[i]);
      int files = 0;
      if (labelFile != null) {
        int file = AssociatedFile.createAssociatedFile(b, b.createString(labelFile), 0,
            AssociatedFileType.TENSOR_AXIS_LABELS, 0, 0);
        files = TensorMetadata.createAssociatedFilesVector(b, new int[] {file});
      }
      TensorMetadata.startTensorMetadata(b);
      TensorMetadata.addName(b, name);
      if (labelFile != null) {
        TensorMetadata.addAssociatedFiles(b, files);
      }
      outputs[i] = TensorMetadata.endTensorMetadata(b);
    }
    int inputVector = SubGraphMetadata.createInputTensorMetadataVector(b, inputs);
    int outputVector = SubGraphMetadata.createOutputTensorMetadataVector(b, outputs);
    SubGraphMetadata.startSubGraphMetadata(b);
    SubGraphMetadata.addInputTensorMetadata(b, inputVector);
    SubGraphMetadata.addOutputTensorMetadata(b, outputVector);
    int graph = SubGraphMetadata.endSubGraphMetadata(b);
    int graphs = ModelMetadata.createSubgraphMetadataVector(b, new int[] {graph});
    int name = b.createString("synthetic");
    ModelMetadata.startModelMetadata(b);
    ModelMetadata.addName(b, name);
    ModelMetadata.addSubgraphMetadata(b, graphs);
    b.finish(ModelMetadata.endModelMetadata(b), "M001");
    return b.sizedByteArray();
  }
}
