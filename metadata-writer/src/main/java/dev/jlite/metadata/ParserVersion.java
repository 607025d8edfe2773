package dev.jlite.metadata;

import java.util.List;

/**
 * The oldest metadata parser that understands a piece of metadata, computed by the rules of the
 * official {@code metadata_version.cc}, quirks included: start at 1.0.0 and raise to the version
 * that introduced each feature found while walking the model's, subgraphs', tensors' and process
 * units' associated files, process units and content. A subgraph's process units, tensor groups
 * and custom metadata count as soon as the field is present, even empty. Files inside tokenizer
 * options are not walked, so a vocabulary's {@code version} there raises nothing.
 */
public final class ParserVersion {
  private static final int[] INITIAL = {1, 0, 0};

  private int[] version = INITIAL;

  private ParserVersion() {}

  /** The minimum parser version of {@code metadata}, always three parts such as {@code 1.2.1}. */
  public static String minimum(ModelMetadata metadata) {
    ParserVersion v = new ParserVersion();
    if (metadata.subgraphMetadata() != null) {
      metadata.subgraphMetadata().forEach(v::subgraph);
    }
    v.files(metadata.associatedFiles());
    return v.version[0] + "." + v.version[1] + "." + v.version[2];
  }

  private void raise(int major, int minor, int patch) {
    int[] candidate = {major, minor, patch};
    for (int i = 0; i < 3; i++) {
      if (candidate[i] != version[i]) {
        if (candidate[i] > version[i]) {
          version = candidate;
        }
        return;
      }
    }
  }

  private void subgraph(SubGraphMetadata s) {
    tensors(s.inputTensorMetadata());
    tensors(s.outputTensorMetadata());
    files(s.associatedFiles());
    if (s.inputProcessUnits() != null) {
      raise(1, 1, 0);
      units(s.inputProcessUnits());
    }
    if (s.outputProcessUnits() != null) {
      raise(1, 1, 0);
      units(s.outputProcessUnits());
    }
    if (s.inputTensorGroups() != null || s.outputTensorGroups() != null) {
      raise(1, 2, 0);
    }
    if (s.customMetadata() != null) {
      raise(1, 5, 0);
    }
  }

  private void tensors(List<TensorMetadata> tensors) {
    if (tensors == null) {
      return;
    }
    for (TensorMetadata t : tensors) {
      files(t.associatedFiles());
      units(t.processUnits());
      if (t.content() != null && t.content().properties() instanceof AudioProperties) {
        raise(1, 3, 0);
      }
    }
  }

  private void units(List<ProcessUnit> units) {
    if (units == null) {
      return;
    }
    for (ProcessUnit unit : units) {
      ProcessUnitOptions options = unit.options();
      if (options instanceof BertTokenizerOptions
          || options instanceof SentencePieceTokenizerOptions) {
        raise(1, 1, 0);
      } else if (options instanceof RegexTokenizerOptions) {
        raise(1, 2, 1);
      }
    }
  }

  private void files(List<AssociatedFile> files) {
    if (files == null) {
      return;
    }
    for (AssociatedFile f : files) {
      if (f.type() == AssociatedFileType.VOCABULARY) {
        raise(1, 0, 1);
      } else if (f.type() == AssociatedFileType.SCANN_INDEX_FILE) {
        raise(1, 4, 0);
      }
      if (f.version() != null) {
        raise(1, 4, 1);
      }
    }
  }
}
