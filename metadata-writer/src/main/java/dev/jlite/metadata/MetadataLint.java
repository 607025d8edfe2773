package dev.jlite.metadata;

import dev.jlite.metadata.LintFinding.Severity;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.model.SubGraph;
import dev.jlite.schema.model.Tensor;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a model's metadata for what the official tools accept but the Task library then gets
 * wrong or refuses: label files whose line count differs from the classes of their tensor,
 * normalization that is malformed or disagrees with the recorded stats, a float image input
 * without normalization, associated files that are named but not packed (or packed but not
 * named), a {@code min_parser_version} other than the one the metadata needs, and tensor groups
 * whose tensors differ in length or are not there.
 */
public final class MetadataLint {
  private static final float TOLERANCE = 1e-4f;

  private final ModelFile model;
  private final SubGraph graph;
  private final List<LintFinding> findings = new ArrayList<>();
  private MetadataExtractor extractor;

  private MetadataLint(ModelFile model) {
    this.model = model;
    this.graph = model.model().subgraphs(0);
  }

  /** The findings for {@code model}, errors and warnings in the order found; empty when clean. */
  public static List<LintFinding> lint(ModelFile model) {
    MetadataLint lint = new MetadataLint(model);
    lint.run();
    return List.copyOf(lint.findings);
  }

  private void error(String location, String message) {
    findings.add(new LintFinding(Severity.ERROR, location, message));
  }

  private void warn(String location, String message) {
    findings.add(new LintFinding(Severity.WARNING, location, message));
  }

  private void run() {
    try {
      extractor = MetadataExtractor.of(model);
    } catch (InvalidModelException e) {
      error("model", e.getMessage());
      return;
    }
    if (!extractor.hasMetadata()) {
      warn("model", "has no " + ModelFile.METADATA_NAME + " metadata; tasks cannot know its"
          + " normalization, labels or tensor roles");
      return;
    }
    ModelMetadata metadata;
    try {
      metadata = ModelMetadata.fromFlatBuffer(extractor.metadataBuffer().orElseThrow());
    } catch (MetadataException e) {
      error("metadata", e.getMessage());
      return;
    }
    checkParserVersion(metadata);
    checkFiles(metadata);
    if (metadata.subgraphMetadata() == null || metadata.subgraphMetadata().isEmpty()) {
      warn("metadata", "has no subgraph metadata; tasks fall back to the tensors alone");
      return;
    }
    if (metadata.subgraphMetadata().size() > 1) {
      warn("metadata", "has " + metadata.subgraphMetadata().size() + " subgraph metadata; only"
          + " the first is read");
    }
    SubGraphMetadata subgraph = metadata.subgraphMetadata().get(0);
    List<TensorMetadata> inputs = orEmpty(subgraph.inputTensorMetadata());
    for (int i = 0; i < inputs.size(); i++) {
      checkInput(i, inputs.get(i), graph.tensors(graph.inputs(i)));
    }
    List<TensorMetadata> outputs = orEmpty(subgraph.outputTensorMetadata());
    for (int i = 0; i < outputs.size(); i++) {
      checkOutput(i, outputs.get(i), graph.tensors(graph.outputs(i)));
    }
    checkGroups("input", orEmpty(subgraph.inputTensorGroups()), inputs, true);
    checkGroups("output", orEmpty(subgraph.outputTensorGroups()), outputs, false);
  }

  private void checkParserVersion(ModelMetadata metadata) {
    String needed = ParserVersion.minimum(metadata);
    String recorded = metadata.minParserVersion();
    if (recorded == null) {
      warn("metadata", "min_parser_version is not set; the metadata needs " + needed);
    } else if (!recorded.equals(needed)) {
      warn("metadata", "min_parser_version is " + recorded + ", but the metadata needs "
          + needed);
    }
  }

  private void checkFiles(ModelMetadata metadata) {
    List<String> recorded = AssociatedFiles.recorded(metadata);
    Set<String> seen = new HashSet<>();
    for (String name : recorded) {
      if (name == null) {
        error("metadata", "an associated file has no name");
      } else if (extractor.associatedFile(name).isEmpty()) {
        error("file \"" + name + "\"", "is named in the metadata but not packed in the model");
      } else if (!seen.add(name)) {
        warn("file \"" + name + "\"", "is named more than once in the metadata");
      }
    }
    for (String packed : extractor.associatedFileNames()) {
      if (!recorded.contains(packed)) {
        warn("file \"" + packed + "\"", "is packed in the model but not named in the metadata");
      }
    }
  }

  private void checkInput(int index, TensorMetadata metadata, Tensor tensor) {
    String where = "input " + index + " \"" + tensor.name() + "\"";
    NormalizationOptions normalization = null;
    for (ProcessUnit unit : orEmpty(metadata.processUnits())) {
      if (unit.options() instanceof NormalizationOptions n) {
        normalization = n;
      }
    }
    boolean image = metadata.content() != null
        && metadata.content().properties() instanceof ImageProperties;
    if (normalization == null) {
      if (image && tensor.type() == TensorType.FLOAT32) {
        warn(where, "is a float image without NormalizationOptions; tasks cannot know how to"
            + " scale pixels");
      }
      return;
    }
    List<Float> mean = orEmpty(normalization.mean());
    List<Float> std = orEmpty(normalization.std());
    if (mean.isEmpty() || mean.size() != std.size()) {
      error(where, "normalization has " + mean.size() + " mean and " + std.size()
          + " std values; they must be as many, and at least one");
      return;
    }
    if (std.contains(0f)) {
      error(where, "normalization std " + std + " contains 0");
      return;
    }
    int channels = tensor.shapeLength() == 0 ? 0 : tensor.shape(tensor.shapeLength() - 1);
    if (mean.size() != 1 && mean.size() != channels) {
      error(where, "normalization has " + mean.size() + " values, but the tensor has "
          + channels + " channels (last dimension)");
    }
    Stats stats = metadata.stats();
    if (stats == null || stats.min() == null || stats.max() == null) {
      return;
    }
    List<Float> min = new ArrayList<>();
    List<Float> max = new ArrayList<>();
    if (tensor.type() == TensorType.UINT8) {
      min.add(0f);
      max.add(255f);
    } else if (tensor.type() == TensorType.FLOAT32) {
      for (int c = 0; c < mean.size(); c++) {
        min.add((0f - mean.get(c)) / std.get(c));
        max.add((255f - mean.get(c)) / std.get(c));
      }
    } else {
      return;
    }
    if (!close(stats.min(), min) || !close(stats.max(), max)) {
      warn(where, "stats min " + stats.min() + " and max " + stats.max()
          + " are inconsistent with normalization mean " + mean + ", std " + std
          + " for a " + TensorType.name(tensor.type()) + " tensor (expected min " + min
          + ", max " + max + ")");
    }
  }

  private void checkOutput(int index, TensorMetadata metadata, Tensor tensor) {
    String where = "output " + index + " \"" + tensor.name() + "\"";
    if (tensor.shapeLength() == 0) {
      // Outputs whose shape is only known at run time are stored without one.
      return;
    }
    int classes = tensor.shape(tensor.shapeLength() - 1);
    for (AssociatedFile file : orEmpty(metadata.associatedFiles())) {
      boolean axisLabels = file.type() == AssociatedFileType.TENSOR_AXIS_LABELS;
      boolean calibration = file.type() == AssociatedFileType.TENSOR_AXIS_SCORE_CALIBRATION;
      if (!axisLabels && !calibration || file.name() == null) {
        continue;
      }
      ByteBuffer bytes = extractor.associatedFile(file.name()).orElse(null);
      if (bytes == null) {
        continue;
      }
      int lines = lines(bytes, axisLabels);
      if (lines != classes) {
        warn(where, (axisLabels ? "label file \"" : "score calibration file \"") + file.name()
            + "\" has " + lines + (axisLabels ? " labels" : " lines") + ", but the tensor has "
            + classes + " classes (last dimension of " + shape(tensor) + ")");
      }
    }
  }

  private void checkGroups(String side, List<TensorGroup> groups, List<TensorMetadata> tensors,
      boolean inputs) {
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < tensors.size(); i++) {
      if (tensors.get(i).name() != null) {
        byName.putIfAbsent(tensors.get(i).name(), i);
      }
    }
    for (TensorGroup group : groups) {
      String where = side + " tensor group \"" + group.name() + "\"";
      Set<Integer> lengths = new HashSet<>();
      List<String> described = new ArrayList<>();
      for (String name : orEmpty(group.tensorNames())) {
        Integer index = byName.get(name);
        if (index == null) {
          error(where, "names \"" + name + "\", which no " + side + " tensor metadata has");
          continue;
        }
        Tensor tensor = graph.tensors(inputs ? graph.inputs(index) : graph.outputs(index));
        // Outputs of custom ops often have no shape in the file; those cannot be compared.
        if (tensor.shapeLength() >= 2) {
          lengths.add(tensor.shape(1));
          described.add(name + " " + shape(tensor));
        }
      }
      if (lengths.size() > 1) {
        warn(where, "groups tensors of unequal length (dimension 1): " + described);
      }
    }
  }

  /** Lines of a label file (empty ones skipped, as the Task library does) or a calibration file. */
  private static int lines(ByteBuffer bytes, boolean skipEmpty) {
    byte[] data = new byte[bytes.remaining()];
    bytes.duplicate().get(data);
    String text = new String(data, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return 0;
    }
    String[] lines = text.split("\r?\n", -1);
    int count = 0;
    for (int i = 0; i < lines.length; i++) {
      boolean last = i == lines.length - 1;
      if (last && lines[i].isEmpty()) {
        break;
      }
      if (!skipEmpty || !lines[i].isBlank()) {
        count++;
      }
    }
    return count;
  }

  private static String shape(Tensor tensor) {
    int[] shape = new int[tensor.shapeLength()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = tensor.shape(i);
    }
    return java.util.Arrays.toString(shape);
  }

  private static boolean close(List<Float> actual, List<Float> expected) {
    if (actual.size() != expected.size()) {
      return false;
    }
    for (int i = 0; i < actual.size(); i++) {
      if (Math.abs(actual.get(i) - expected.get(i)) > TOLERANCE * Math.max(1, Math.abs(
          expected.get(i)))) {
        return false;
      }
    }
    return true;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
