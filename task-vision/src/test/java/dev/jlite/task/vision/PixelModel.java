package dev.jlite.task.vision;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.metadata.AssociatedFile;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.schema.metadata.ColorSpaceType;
import dev.jlite.schema.metadata.Content;
import dev.jlite.schema.metadata.ContentProperties;
import dev.jlite.schema.metadata.ImageProperties;
import dev.jlite.schema.metadata.ModelMetadata;
import dev.jlite.schema.metadata.NormalizationOptions;
import dev.jlite.schema.metadata.ProcessUnit;
import dev.jlite.schema.metadata.ProcessUnitOptions;
import dev.jlite.schema.metadata.ScoreCalibrationOptions;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A synthetic "classifier" whose scores are its input pixels: a RESHAPE of the {@code [1, H, W, 3]}
 * image to {@code [1, H * W * 3]}, so class {@code 3 * (y * W + x) + c} scores pixel (x, y),
 * channel c. UINT8 models dequantize with the given scale (zero point 0); FLOAT32 models see the
 * normalized pixels. Metadata (labels per locale, thresholds, calibration, normalization, color
 * space) is written with the generated FlatBuffers builders and the files appended as a stored
 * zip, the layout TFLite's metadata populator writes.
 */
final class PixelModel {
  private final int width;
  private final int height;
  private final byte type;
  private float scale = 1f / 255;
  private boolean metadata;
  private String labels;
  private final Map<String, String> localizedLabels = new LinkedHashMap<>();
  private Float threshold;
  private String calibration;
  private byte transformation;
  private float defaultScore;
  private float[] mean;
  private float[] std;
  private byte colorSpace = ColorSpaceType.RGB;
  private int[] outputShape;

  private PixelModel(int width, int height, byte type) {
    this.width = width;
    this.height = height;
    this.type = type;
  }

  static PixelModel uint8(int width, int height) {
    return new PixelModel(width, height, TensorType.UINT8);
  }

  static PixelModel float32(int width, int height) {
    return new PixelModel(width, height, TensorType.FLOAT32);
  }

  int classes() {
    return width * height * 3;
  }

  /**
   * Keeps the image shape for the output, {@code [1, H, W, 3]}: a "segmenter" with three classes
   * whose scores at each pixel are that pixel's red, green and blue.
   */
  PixelModel asSegmenter() {
    return outputShape(1, height, width, 3);
  }

  /** Reshapes the pixels to this output shape (which must hold {@code H * W * 3} values). */
  PixelModel outputShape(int... shape) {
    this.outputShape = shape;
    return this;
  }

  PixelModel scale(float scale) {
    this.scale = scale;
    return this;
  }

  /** Writes metadata even if nothing else is set. */
  PixelModel withMetadata() {
    this.metadata = true;
    return this;
  }

  PixelModel labels(String file) {
    this.metadata = true;
    this.labels = file;
    return this;
  }

  PixelModel displayNames(String locale, String file) {
    this.metadata = true;
    this.localizedLabels.put(locale, file);
    return this;
  }

  PixelModel threshold(float threshold) {
    this.metadata = true;
    this.threshold = threshold;
    return this;
  }

  PixelModel calibration(byte transformation, float defaultScore, String file) {
    this.metadata = true;
    this.transformation = transformation;
    this.defaultScore = defaultScore;
    this.calibration = file;
    return this;
  }

  PixelModel normalization(float[] mean, float[] std) {
    this.metadata = true;
    this.mean = mean;
    this.std = std;
    return this;
  }

  PixelModel colorSpace(byte colorSpace) {
    this.metadata = true;
    this.colorSpace = colorSpace;
    return this;
  }

  ByteBuffer build() {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder graph = model.addSubgraph("main");
    QuantizationSpec quantization =
        type == TensorType.UINT8 ? QuantizationSpec.perTensor(scale, 0) : null;
    int input = graph.addTensor(spec("image", quantization, 1, height, width, 3));
    int[] newShape = outputShape != null ? outputShape : new int[] {1, classes()};
    int output = graph.addTensor(spec("scores", quantization, newShape));
    graph.addOperator(OperatorSpec.builtin(BuiltinOperator.RESHAPE)
        .inputs(input)
        .outputs(output)
        .options(BuiltinOptions.ReshapeOptions, fbb -> ReshapeOptions.createReshapeOptions(fbb,
            ReshapeOptions.createNewShapeVector(fbb, newShape)))
        .build());
    graph.inputs(input).outputs(output);
    Map<String, String> files = new LinkedHashMap<>();
    if (metadata) {
      model.addMetadata(ModelFile.METADATA_NAME, metadataBuffer(files));
    }
    byte[] bytes = model.build();
    if (!files.isEmpty()) {
      bytes = concat(bytes, storedZip(files));
    }
    return ByteBuffer.wrap(bytes);
  }

  private static TensorSpec spec(String name, QuantizationSpec q, int... shape) {
    byte t = q == null ? TensorType.FLOAT32 : TensorType.UINT8;
    TensorSpec.Builder b = TensorSpec.builder(name, t, shape);
    if (q != null) {
      b.quantization(q);
    }
    return b.build();
  }

  private byte[] metadataBuffer(Map<String, String> files) {
    FlatBufferBuilder fbb = new FlatBufferBuilder();
    // Input: image properties and normalization.
    int imageProperties = ImageProperties.createImageProperties(fbb, colorSpace, 0);
    int content = Content.createContent(fbb, ContentProperties.ImageProperties, imageProperties, 0);
    int inputUnits = 0;
    if (mean != null) {
      int n = NormalizationOptions.createNormalizationOptions(fbb,
          NormalizationOptions.createMeanVector(fbb, mean),
          NormalizationOptions.createStdVector(fbb, std));
      int unit = ProcessUnit.createProcessUnit(fbb, ProcessUnitOptions.NormalizationOptions, n);
      inputUnits = TensorMetadata.createProcessUnitsVector(fbb, new int[] {unit});
    }
    int inputMeta = TensorMetadata.createTensorMetadata(fbb, fbb.createString("image"), 0, 0,
        content, inputUnits, 0, 0);
    // Output: label files, threshold, calibration.
    List<Integer> associated = new ArrayList<>();
    if (labels != null) {
      files.put("labels.txt", labels);
      associated.add(file(fbb, "labels.txt", AssociatedFileType.TENSOR_AXIS_LABELS, null));
    }
    for (Map.Entry<String, String> e : localizedLabels.entrySet()) {
      String name = "labels_" + e.getKey() + ".txt";
      files.put(name, e.getValue());
      associated.add(file(fbb, name, AssociatedFileType.TENSOR_AXIS_LABELS, e.getKey()));
    }
    if (calibration != null) {
      files.put("calibration.txt", calibration);
      associated.add(file(fbb, "calibration.txt",
          AssociatedFileType.TENSOR_AXIS_SCORE_CALIBRATION, null));
    }
    List<Integer> units = new ArrayList<>();
    if (threshold != null) {
      units.add(ProcessUnit.createProcessUnit(fbb, ProcessUnitOptions.ScoreThresholdingOptions,
          ScoreThresholdingOptions.createScoreThresholdingOptions(fbb, threshold)));
    }
    if (calibration != null) {
      units.add(ProcessUnit.createProcessUnit(fbb, ProcessUnitOptions.ScoreCalibrationOptions,
          ScoreCalibrationOptions.createScoreCalibrationOptions(fbb, transformation,
              defaultScore)));
    }
    int outputFiles = associated.isEmpty() ? 0 : TensorMetadata.createAssociatedFilesVector(fbb,
        associated.stream().mapToInt(Integer::intValue).toArray());
    int outputUnits = units.isEmpty() ? 0 : TensorMetadata.createProcessUnitsVector(fbb,
        units.stream().mapToInt(Integer::intValue).toArray());
    int outputMeta = TensorMetadata.createTensorMetadata(fbb, fbb.createString("probability"), 0,
        0, 0, outputUnits, 0, outputFiles);
    int subgraph = SubGraphMetadata.createSubGraphMetadata(fbb, 0, 0,
        SubGraphMetadata.createInputTensorMetadataVector(fbb, new int[] {inputMeta}),
        SubGraphMetadata.createOutputTensorMetadataVector(fbb, new int[] {outputMeta}),
        0, 0, 0, 0, 0, 0);
    int root = ModelMetadata.createModelMetadata(fbb, fbb.createString("pixels"), 0, 0,
        ModelMetadata.createSubgraphMetadataVector(fbb, new int[] {subgraph}), 0, 0, 0,
        fbb.createString("1.0.0"));
    ModelMetadata.finishModelMetadataBuffer(fbb, root);
    return fbb.sizedByteArray();
  }

  private static int file(FlatBufferBuilder fbb, String name, byte type, String locale) {
    return AssociatedFile.createAssociatedFile(fbb, fbb.createString(name), 0, type,
        locale == null ? 0 : fbb.createString(locale), 0);
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

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
