package dev.jlite.task.vision;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.metadata.AssociatedFile;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.schema.metadata.BoundingBoxProperties;
import dev.jlite.schema.metadata.Content;
import dev.jlite.schema.metadata.ContentProperties;
import dev.jlite.schema.metadata.ModelMetadata;
import dev.jlite.schema.metadata.NormalizationOptions;
import dev.jlite.schema.metadata.ProcessUnit;
import dev.jlite.schema.metadata.ProcessUnitOptions;
import dev.jlite.schema.metadata.SubGraphMetadata;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ReshapeOptions;
import dev.jlite.schema.model.SliceOptions;
import dev.jlite.schema.model.TensorType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A synthetic one-box "detector" whose outputs are its input pixels: a FLOAT32 {@code [1, 1, 4, 3]}
 * image normalized with mean 0 and std 255, so each output value is {@code pixel / 255}. Values 0-3
 * are the box (in the tensor order the metadata's index describes), 4 the class, 5 the score and 6
 * the count; classes and counts are therefore written as pixel {@code 255 * value}. Outputs are
 * sliced from the pixels in the order locations, classes, scores, count, and named in the metadata
 * in that order (or {@code names} if given).
 */
final class PixelDetector {
  static final int WIDTH = 4;

  private long[] index = {1, 0, 3, 2};
  private byte boxType = 1;
  private byte coordinateType = 0;
  private String labels = "zero\none\ntwo\n";
  private String[] names = {"location", "category", "score", "number of detections"};
  private boolean metadata = true;
  private boolean permuted;

  PixelDetector index(long... index) {
    this.index = index;
    return this;
  }

  PixelDetector boxType(byte type, byte coordinateType) {
    this.boxType = type;
    this.coordinateType = coordinateType;
    return this;
  }

  PixelDetector names(String... names) {
    this.names = names;
    return this;
  }

  /**
   * Lists the graph outputs as scores, locations, count, classes (with matching metadata names), so
   * that only the names tell which is which.
   */
  PixelDetector permuted() {
    this.permuted = true;
    this.names = new String[] {"score", "location", "number of detections", "category"};
    return this;
  }

  PixelDetector withoutMetadata() {
    this.metadata = false;
    return this;
  }

  ByteBuffer build() {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int image = g.addTensor("image", TensorType.FLOAT32, 1, 1, WIDTH, 3);
    int flat = g.addTensor("flat", TensorType.FLOAT32, 1, 12);
    reshape(g, image, flat, 1, 12);
    int locations = sliceAndReshape(g, flat, 0, 4, "locations", 1, 1, 4);
    int classes = sliceAndReshape(g, flat, 4, 1, "classes", 1, 1);
    int scores = sliceAndReshape(g, flat, 5, 1, "scores", 1, 1);
    int count = sliceAndReshape(g, flat, 6, 1, "count", 1);
    g.inputs(image);
    if (permuted) {
      g.outputs(scores, locations, count, classes);
    } else {
      g.outputs(locations, classes, scores, count);
    }
    byte[] files = new byte[0];
    if (metadata) {
      model.addMetadata(ModelFile.METADATA_NAME, metadataBuffer());
      files = storedZip("labels.txt", labels);
    }
    byte[] bytes = model.build();
    byte[] all = new byte[bytes.length + files.length];
    System.arraycopy(bytes, 0, all, 0, bytes.length);
    System.arraycopy(files, 0, all, bytes.length, files.length);
    return ByteBuffer.wrap(all);
  }

  private static void reshape(SubgraphBuilder g, int in, int out, int... shape) {
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.RESHAPE).inputs(in).outputs(out)
        .options(BuiltinOptions.ReshapeOptions, fbb -> ReshapeOptions.createReshapeOptions(fbb,
            ReshapeOptions.createNewShapeVector(fbb, shape)))
        .build());
  }

  private static int sliceAndReshape(SubgraphBuilder g, int flat, int begin, int size,
      String name, int... shape) {
    int b = g.addConstant(name + "_begin", new int[] {2}, new int[] {0, begin});
    int s = g.addConstant(name + "_size", new int[] {2}, new int[] {1, size});
    int sliced = g.addTensor(name + "_slice", TensorType.FLOAT32, 1, size);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.SLICE).inputs(flat, b, s).outputs(sliced)
        .options(BuiltinOptions.SliceOptions, fbb -> {
          SliceOptions.startSliceOptions(fbb);
          return SliceOptions.endSliceOptions(fbb);
        })
        .build());
    int out = g.addTensor(name, TensorType.FLOAT32, shape);
    reshape(g, sliced, out, shape);
    return out;
  }

  private byte[] metadataBuffer() {
    FlatBufferBuilder fbb = new FlatBufferBuilder();
    int norm = NormalizationOptions.createNormalizationOptions(fbb,
        NormalizationOptions.createMeanVector(fbb, new float[] {0f}),
        NormalizationOptions.createStdVector(fbb, new float[] {255f}));
    int unit = ProcessUnit.createProcessUnit(fbb, ProcessUnitOptions.NormalizationOptions, norm);
    int input = TensorMetadata.createTensorMetadata(fbb, fbb.createString("image"), 0, 0, 0,
        TensorMetadata.createProcessUnitsVector(fbb, new int[] {unit}), 0, 0);
    int box = BoundingBoxProperties.createBoundingBoxProperties(fbb,
        BoundingBoxProperties.createIndexVector(fbb, index), boxType, coordinateType);
    int content = Content.createContent(fbb, ContentProperties.BoundingBoxProperties, box, 0);
    // Position of the locations, classes, scores and count tensors among the outputs.
    int[] at = permuted ? new int[] {1, 3, 0, 2} : new int[] {0, 1, 2, 3};
    int[] outputs = new int[4];
    outputs[at[0]] = TensorMetadata.createTensorMetadata(fbb, fbb.createString(names[at[0]]), 0,
        0, content, 0, 0, 0);
    int file = AssociatedFile.createAssociatedFile(fbb, fbb.createString("labels.txt"), 0,
        AssociatedFileType.TENSOR_VALUE_LABELS, 0, 0);
    outputs[at[1]] = TensorMetadata.createTensorMetadata(fbb, fbb.createString(names[at[1]]), 0,
        0, 0, 0, 0, TensorMetadata.createAssociatedFilesVector(fbb, new int[] {file}));
    outputs[at[2]] = TensorMetadata.createTensorMetadata(fbb, fbb.createString(names[at[2]]), 0,
        0, 0, 0, 0, 0);
    outputs[at[3]] = TensorMetadata.createTensorMetadata(fbb, fbb.createString(names[at[3]]), 0,
        0, 0, 0, 0, 0);
    int subgraph = SubGraphMetadata.createSubGraphMetadata(fbb, 0, 0,
        SubGraphMetadata.createInputTensorMetadataVector(fbb, new int[] {input}),
        SubGraphMetadata.createOutputTensorMetadataVector(fbb, outputs), 0, 0, 0, 0, 0, 0);
    int root = ModelMetadata.createModelMetadata(fbb, fbb.createString("boxes"), 0, 0,
        ModelMetadata.createSubgraphMetadataVector(fbb, new int[] {subgraph}), 0, 0, 0, 0);
    ModelMetadata.finishModelMetadataBuffer(fbb, root);
    return fbb.sizedByteArray();
  }

  private static byte[] storedZip(String name, String text) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(out)) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
