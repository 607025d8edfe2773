package dev.jlite.metadata.cli;

import dev.jlite.metadata.AssociatedFile;
import dev.jlite.metadata.AudioProperties;
import dev.jlite.metadata.BoundingBoxProperties;
import dev.jlite.metadata.ImageProperties;
import dev.jlite.metadata.ModelMetadata;
import dev.jlite.metadata.NormalizationOptions;
import dev.jlite.metadata.ProcessUnit;
import dev.jlite.metadata.SubGraphMetadata;
import dev.jlite.metadata.TensorGroup;
import dev.jlite.metadata.TensorMetadata;
import java.util.List;

/** The human-readable form of {@code metadata show}: one line per fact, indented by level. */
final class MetadataText {
  private final StringBuilder out = new StringBuilder();

  private MetadataText() {}

  static String render(ModelMetadata m, List<String> packedFiles) {
    MetadataText t = new MetadataText();
    t.line(0, "name", m.name());
    t.line(0, "description", m.description());
    t.line(0, "version", m.version());
    t.line(0, "author", m.author());
    t.line(0, "license", m.license());
    t.line(0, "min_parser_version", m.minParserVersion());
    t.files(0, m.associatedFiles());
    if (m.subgraphMetadata() != null && !m.subgraphMetadata().isEmpty()) {
      SubGraphMetadata s = m.subgraphMetadata().get(0);
      t.tensors("input", s.inputTensorMetadata());
      t.tensors("output", s.outputTensorMetadata());
      t.units(1, "input process unit", s.inputProcessUnits());
      t.units(1, "output process unit", s.outputProcessUnits());
      t.groups("output", s.outputTensorGroups());
      t.groups("input", s.inputTensorGroups());
      t.files(1, s.associatedFiles());
    }
    t.out.append("packed files: ")
        .append(packedFiles.isEmpty() ? "(none)" : String.join(", ", packedFiles)).append('\n');
    return t.out.toString();
  }

  private void line(int indent, String key, Object value) {
    if (value != null) {
      out.append("  ".repeat(indent)).append(key).append(": ").append(value).append('\n');
    }
  }

  private void tensors(String side, List<TensorMetadata> tensors) {
    if (tensors == null) {
      return;
    }
    for (int i = 0; i < tensors.size(); i++) {
      TensorMetadata t = tensors.get(i);
      line(0, side + " " + i, t.name() == null ? "(unnamed)" : t.name());
      line(1, "description", t.description());
      if (t.content() != null && t.content().properties() != null) {
        Object p = t.content().properties();
        String detail = p instanceof ImageProperties image ? " " + image.colorSpace()
            : p instanceof AudioProperties audio
                ? " " + audio.sampleRate() + " Hz, " + audio.channels() + " channel(s)"
                : p instanceof BoundingBoxProperties box
                    ? " " + box.type() + " " + box.coordinateType() + " index " + box.index()
                    : "";
        line(1, "content", t.content().properties().typeName() + detail
            + (t.content().range() == null ? "" : ", dimensions " + t.content().range().min()
                + ".." + t.content().range().max()));
      }
      units(1, "process unit", t.processUnits());
      if (t.stats() != null && (t.stats().min() != null || t.stats().max() != null)) {
        line(1, "stats", "min " + t.stats().min() + ", max " + t.stats().max());
      }
      files(1, t.associatedFiles());
    }
  }

  private void units(int indent, String label, List<ProcessUnit> units) {
    if (units == null) {
      return;
    }
    for (ProcessUnit unit : units) {
      if (unit.options() instanceof NormalizationOptions n) {
        line(indent, label, "NormalizationOptions mean " + n.mean() + ", std " + n.std());
      } else {
        line(indent, label, unit.options() == null ? "NONE" : unit.options().toString());
      }
    }
  }

  private void groups(String side, List<TensorGroup> groups) {
    if (groups == null) {
      return;
    }
    for (TensorGroup g : groups) {
      line(0, side + " group", g.name() + " " + g.tensorNames());
    }
  }

  private void files(int indent, List<AssociatedFile> files) {
    if (files == null) {
      return;
    }
    for (AssociatedFile f : files) {
      line(indent, "file", f.name() + " (" + f.type()
          + (f.locale() == null ? "" : ", locale " + f.locale()) + ")");
    }
  }
}
