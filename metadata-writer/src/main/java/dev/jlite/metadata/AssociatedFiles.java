package dev.jlite.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The associated files that metadata records, where the official populator looks for them: the
 * model's, then per subgraph its own, its input and output tensors' (their files and their
 * tokenizers' files), and its input and output process units' tokenizers' files.
 */
final class AssociatedFiles {
  private AssociatedFiles() {}

  /** The part after the last {@code /}, as Python's {@code os.path.basename} on POSIX. */
  static String baseName(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** The names of the recorded files, in the official order, duplicates kept. */
  static List<String> recorded(ModelMetadata metadata) {
    List<String> names = new ArrayList<>();
    map(metadata, f -> {
      names.add(f.name());
      return f;
    });
    return names;
  }

  /** The metadata with every recorded file name reduced to its base name. */
  static ModelMetadata withBaseNames(ModelMetadata metadata) {
    return map(metadata, f -> f.name() == null ? f : f.withName(baseName(f.name())));
  }

  private static ModelMetadata map(ModelMetadata m, UnaryOperator<AssociatedFile> f) {
    List<AssociatedFile> files = files(m.associatedFiles(), f);
    List<SubGraphMetadata> subgraphs = null;
    if (m.subgraphMetadata() != null) {
      subgraphs = new ArrayList<>();
      for (SubGraphMetadata s : m.subgraphMetadata()) {
        List<AssociatedFile> own = files(s.associatedFiles(), f);
        List<TensorMetadata> inputs = tensors(s.inputTensorMetadata(), f);
        List<TensorMetadata> outputs = tensors(s.outputTensorMetadata(), f);
        subgraphs.add(s.toBuilder().associatedFiles(own).inputTensorMetadata(inputs)
            .outputTensorMetadata(outputs).inputProcessUnits(units(s.inputProcessUnits(), f))
            .outputProcessUnits(units(s.outputProcessUnits(), f)).build());
      }
    }
    return m.toBuilder().associatedFiles(files).subgraphMetadata(subgraphs).build();
  }

  private static List<TensorMetadata> tensors(List<TensorMetadata> tensors,
      UnaryOperator<AssociatedFile> f) {
    if (tensors == null) {
      return null;
    }
    List<TensorMetadata> mapped = new ArrayList<>();
    for (TensorMetadata t : tensors) {
      List<AssociatedFile> files = files(t.associatedFiles(), f);
      mapped.add(t.toBuilder().associatedFiles(files).processUnits(units(t.processUnits(), f))
          .build());
    }
    return mapped;
  }

  private static List<ProcessUnit> units(List<ProcessUnit> units,
      UnaryOperator<AssociatedFile> f) {
    if (units == null) {
      return null;
    }
    List<ProcessUnit> mapped = new ArrayList<>();
    for (ProcessUnit unit : units) {
      ProcessUnitOptions o = unit.options();
      if (o instanceof BertTokenizerOptions bert) {
        o = new BertTokenizerOptions(files(bert.vocabFile(), f));
      } else if (o instanceof RegexTokenizerOptions regex) {
        o = new RegexTokenizerOptions(regex.delimRegexPattern(), files(regex.vocabFile(), f));
      } else if (o instanceof SentencePieceTokenizerOptions sp) {
        List<AssociatedFile> model = files(sp.sentencePieceModel(), f);
        o = new SentencePieceTokenizerOptions(model, files(sp.vocabFile(), f));
      }
      mapped.add(new ProcessUnit(o));
    }
    return mapped;
  }

  private static List<AssociatedFile> files(List<AssociatedFile> files,
      UnaryOperator<AssociatedFile> f) {
    return files == null ? null : files.stream().map(f).toList();
  }
}
