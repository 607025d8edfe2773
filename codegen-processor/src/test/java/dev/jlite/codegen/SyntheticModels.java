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
import dev.jlite.schema.metadata.ProcessUnit;
import dev.jlite.schema.metadata.ProcessUnitOptions;
import dev.jlite.schema.metadata.ScoreCalibrationOptions;
import dev.jlite.schema.metadata.ScoreTransformationType;
import dev.jlite.schema.metadata.SubGraphMetadata;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.GatherOptions;
import dev.jlite.schema.model.ReducerOptions;
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
  /**
   * A classification head: a RELU from a FLOAT32 {@code [1, 3]} input {@code "in"} to the output
   * {@code "out"}, whose metadata points at the axis labels {@code labels.txt} and, if
   * {@code calibration} is not null, at {@code calibration.txt} with IDENTITY
   * ScoreCalibrationOptions and default score 0.25; both files archived after the model.
   */
  static byte[] head(String labels, String calibration) throws IOException {
    return head(TensorType.FLOAT32, new int[] {1, 3}, "in", false, labels, calibration);
  }

  /**
   * An image classifier as small as can be: a RELU from a UINT8 RGB image {@code [1, 1, 1, 3]}
   * named {@code inputName} to the output {@code "out"} with the axis labels {@code labels}.
   */
  static byte[] imageHead(String inputName, String labels) throws IOException {
    return head(TensorType.UINT8, new int[] {1, 1, 1, 3}, inputName, true, labels, null);
  }

  private static byte[] head(byte type, int[] shape, String inputName, boolean image,
      String labels, String calibration) throws IOException {
    ModelBuilder model = new ModelBuilder();
    int relu = model.builtinOperatorCode(BuiltinOperator.RELU, 1);
    SubgraphBuilder main = model.addSubgraph("main");
    int in = main.addTensor("in", type, shape);
    int out = main.addTensor("out", type, shape);
    main.addOperator(OperatorSpec.withOpcodeIndex(relu).inputs(in).outputs(out).build());
    main.inputs(in).outputs(out);
    model.addMetadata(ModelFile.METADATA_NAME,
        headMetadata(inputName, image, calibration != null));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(model.build());
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      store(z, "labels.txt", labels);
      if (calibration != null) {
        store(z, "calibration.txt", calibration);
      }
    }
    bytes.write(zip.toByteArray());
    return bytes.toByteArray();
  }

  private static void store(ZipOutputStream z, String name, String text) throws IOException {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(data);
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    entry.setCompressedSize(data.length);
    entry.setCrc(crc.getValue());
    z.putNextEntry(entry);
    z.write(data);
    z.closeEntry();
  }

  private static byte[] headMetadata(String inputName, boolean image, boolean calibrated) {
    FlatBufferBuilder b = new FlatBufferBuilder();
    int inName = b.createString(inputName);
    int content = image ? Content.createContent(b, ContentProperties.ImageProperties,
        ImageProperties.createImageProperties(b, ColorSpaceType.RGB, 0), 0) : 0;
    TensorMetadata.startTensorMetadata(b);
    TensorMetadata.addName(b, inName);
    if (image) {
      TensorMetadata.addContent(b, content);
    }
    int input = TensorMetadata.endTensorMetadata(b);
    int labels = AssociatedFile.createAssociatedFile(b, b.createString("labels.txt"), 0,
        AssociatedFileType.TENSOR_AXIS_LABELS, 0, 0);
    int[] files = {labels};
    int units = 0;
    if (calibrated) {
      int parameters = AssociatedFile.createAssociatedFile(b, b.createString("calibration.txt"),
          0, AssociatedFileType.TENSOR_AXIS_SCORE_CALIBRATION, 0, 0);
      files = new int[] {labels, parameters};
      int options = ScoreCalibrationOptions.createScoreCalibrationOptions(b,
          ScoreTransformationType.IDENTITY, 0.25f);
      int unit = ProcessUnit.createProcessUnit(b, ProcessUnitOptions.ScoreCalibrationOptions,
          options);
      units = TensorMetadata.createProcessUnitsVector(b, new int[] {unit});
    }
    int fileVector = TensorMetadata.createAssociatedFilesVector(b, files);
    int outName = b.createString("out");
    TensorMetadata.startTensorMetadata(b);
    TensorMetadata.addName(b, outName);
    TensorMetadata.addAssociatedFiles(b, fileVector);
    if (calibrated) {
      TensorMetadata.addProcessUnits(b, units);
    }
    int output = TensorMetadata.endTensorMetadata(b);
    return finish(b, new int[] {input}, new int[] {output});
  }

  /**
   * Two RELUs from a FLOAT32 {@code [1, 4]} input to two {@code [1, 4]} outputs, without metadata:
   * a stand-in for a multi-head audio classifier.
   */
  static byte[] twoHeads() {
    ModelBuilder model = new ModelBuilder();
    int relu = model.builtinOperatorCode(BuiltinOperator.RELU, 1);
    SubgraphBuilder main = model.addSubgraph("main");
    int in = main.addTensor("waveform", TensorType.FLOAT32, 1, 4);
    int first = main.addTensor("head_a", TensorType.FLOAT32, 1, 4);
    int second = main.addTensor("head_b", TensorType.FLOAT32, 1, 4);
    main.addOperator(OperatorSpec.withOpcodeIndex(relu).inputs(in).outputs(first).build());
    main.addOperator(OperatorSpec.withOpcodeIndex(relu).inputs(in).outputs(second).build());
    main.inputs(in).outputs(first, second);
    return model.build();
  }

  /**
   * A stand-in for a BERT classifier without metadata: INT32 {@code [1, 4]} inputs named as
   * Model Maker names them (ids, mask, segment ids); the ids pick rows of a {@code [6, 2]}
   * embedding table (GATHER), whose mean over the 4 positions (MEAN) is the FLOAT32 {@code [1, 2]}
   * output. The table gives id 4 the row (4, 0), id 5 the row (0, 4), every other id zeros, so a
   * sequence holding id 4 once and id 5 never scores (1, 0).
   */
  static byte[] bertStandIn() {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder main = model.addSubgraph("main");
    int ids = main.addTensor("serving_default_input_word_ids:0", TensorType.INT32, 1, 4);
    int mask = main.addTensor("serving_default_input_mask:0", TensorType.INT32, 1, 4);
    int segments = main.addTensor("serving_default_input_type_ids:0", TensorType.INT32, 1, 4);
    int table = main.addConstant("table", new int[] {6, 2},
        new float[] {0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 4});
    int axis = main.addConstant("axis", new int[] {1}, new int[] {1});
    int embedded = main.addTensor("embedded", TensorType.FLOAT32, 1, 4, 2);
    int scores = main.addTensor("scores", TensorType.FLOAT32, 1, 2);
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.GATHER).inputs(table, ids)
        .outputs(embedded).options(BuiltinOptions.GatherOptions,
            fbb -> GatherOptions.createGatherOptions(fbb, 0, 0)).build());
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.MEAN).inputs(embedded, axis)
        .outputs(scores).options(BuiltinOptions.ReducerOptions,
            fbb -> ReducerOptions.createReducerOptions(fbb, false)).build());
    main.inputs(ids, mask, segments).outputs(scores);
    return model.build();
  }

  static byte[] relu(byte type, String[] inputNames, String[] outputNames) {
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
    model.addMetadata(ModelFile.METADATA_NAME, metadata(inputNames, outputNames));
    return model.build();
  }

  private static byte[] metadata(String[] inputNames, String[] outputNames) {
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
      TensorMetadata.startTensorMetadata(b);
      TensorMetadata.addName(b, name);
      outputs[i] = TensorMetadata.endTensorMetadata(b);
    }
    return finish(b, inputs, outputs);
  }

  private static byte[] finish(FlatBufferBuilder b, int[] inputs, int[] outputs) {
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
