package dev.jlite.cli;

import dev.jlite.cli.summary.MetadataSummary;
import dev.jlite.cli.summary.ModelSummary;
import dev.jlite.cli.summary.OperatorCount;
import dev.jlite.cli.summary.Quantization;
import dev.jlite.cli.summary.SignatureSummary;
import dev.jlite.cli.summary.SubgraphSummary;
import dev.jlite.cli.summary.TensorSummary;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code inspect} without {@code --json}: aligned sections meant for reading, not for parsing. */
final class TextReport {
  /** Per-channel tensors can have thousands of scales; a few tell the reader enough. */
  private static final int CHANNEL_VALUES_SHOWN = 3;

  private static final String NL = System.lineSeparator();

  private TextReport() {}

  static String render(ModelSummary summary, Optional<MetadataSummary> metadata,
      ArenaPlan arena) {
    StringBuilder text = new StringBuilder();
    new TextTable()
        .row("model", summary.source())
        .row("size", summary.sizeBytes() + " bytes")
        .row("schema", "version " + summary.schemaVersion())
        .row("description", orNone(summary.description()))
        .row("subgraphs", subgraphs(summary.subgraphs()))
        .row("arena", arena.describe())
        .appendTo(text, "");

    text.append(NL).append("inputs (subgraph 0)").append(NL);
    tensors(summary.inputs()).appendTo(text, "  ");
    text.append(NL).append("outputs (subgraph 0)").append(NL);
    tensors(summary.outputs()).appendTo(text, "  ");

    text.append(NL).append("operators (").append(summary.operatorTotal()).append(" in all subgraphs)")
        .append(NL);
    TextTable operators = new TextTable();
    for (OperatorCount count : summary.operators()) {
      operators.row(count.name(), Integer.toString(count.count()), count.custom() ? "custom" : "");
    }
    operators.appendTo(text, "  ");

    text.append(NL).append("signatures").append(NL);
    if (summary.signatures().isEmpty()) {
      text.append("  none").append(NL);
    }
    TextTable signatures = new TextTable();
    for (SignatureSummary signature : summary.signatures()) {
      signatures.row(signature.key(), "subgraph " + signature.subgraphIndex(),
          "inputs [" + String.join(", ", signature.inputs()) + "]",
          "outputs [" + String.join(", ", signature.outputs()) + "]");
    }
    signatures.appendTo(text, "  ");

    text.append(NL).append("metadata").append(NL);
    if (metadata.isEmpty()) {
      text.append("  none").append(NL);
    } else {
      metadata(metadata.get()).appendTo(text, "  ");
    }
    return text.toString();
  }

  private static String subgraphs(List<SubgraphSummary> subgraphs) {
    return subgraphs.size() + subgraphs.stream()
        .map(s -> s.index() + " " + (s.name() != null ? s.name() : "(unnamed)"))
        .collect(Collectors.joining(", ", ": ", ""));
  }

  private static TextTable tensors(List<TensorSummary> tensors) {
    TextTable table = new TextTable().row("#", "name", "type", "shape", "signature", "quantization");
    for (TensorSummary tensor : tensors) {
      table.row(Integer.toString(tensor.index()), orNone(tensor.name()), tensor.type(),
          shape(tensor.shape()), shape(tensor.shapeSignature()), quantization(tensor.quantization()));
    }
    return table;
  }

  private static String shape(List<Integer> shape) {
    return shape.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }

  private static String quantization(Quantization quantization) {
    if (quantization instanceof Quantization.PerTensor perTensor) {
      return "scale " + perTensor.scale() + ", zero point " + perTensor.zeroPoint();
    }
    if (quantization instanceof Quantization.PerChannel perChannel) {
      return perChannel.channels() + " channels on dimension " + perChannel.quantizedDimension()
          + ", scales " + firstFew(perChannel.scales())
          + ", zero points " + firstFew(perChannel.zeroPoints());
    }
    return "none";
  }

  private static String firstFew(List<?> values) {
    String shown = values.stream().limit(CHANNEL_VALUES_SHOWN).map(String::valueOf)
        .collect(Collectors.joining(" "));
    return values.size() > CHANNEL_VALUES_SHOWN ? shown + " ..." : shown;
  }

  private static TextTable metadata(MetadataSummary metadata) {
    TextTable table = new TextTable()
        .row("name", orNone(metadata.name()))
        .row("version", orNone(metadata.version()))
        .row("description", orNone(metadata.description()))
        .row("author", orNone(metadata.author()))
        .row("license", orNone(metadata.license()))
        .row("min parser version", orNone(metadata.minParserVersion()));
    if (metadata.associatedFiles().isEmpty()) {
      table.row("associated files", "none");
    }
    // One cell per file, so a long description in the column above does not push the sizes away.
    String label = "associated files";
    for (MetadataSummary.AssociatedFile file : metadata.associatedFiles()) {
      table.row(label, file.name() + " (" + file.sizeBytes() + " bytes)");
      label = "";
    }
    return table;
  }

  /** Absent text reads as a dash; text that spans lines is folded onto one to keep columns intact. */
  private static String orNone(String value) {
    return value == null || value.isBlank() ? "-" : value.strip().replaceAll("\\s+", " ");
  }
}
