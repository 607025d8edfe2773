package dev.jlite.task.text;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.metadata.BertTokenizerOptions;
import dev.jlite.schema.metadata.ProcessUnit;
import dev.jlite.schema.metadata.ProcessUnitOptions;
import dev.jlite.schema.metadata.RegexTokenizerOptions;
import dev.jlite.schema.metadata.SentencePieceTokenizerOptions;
import dev.jlite.schema.metadata.SubGraphMetadata;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.internal.MetadataFiles;
import java.nio.ByteBuffer;
import java.util.Optional;

/** Tokenizers described by metadata process units, with their files from the model's archive. */
final class TokenizerMetadata {
  private TokenizerMetadata() {}

  /**
   * The regex tokenizer of a tensor's {@code RegexTokenizerOptions}, if it has one.
   *
   * @throws InvalidModelException if the options lack a pattern or vocabulary, the vocabulary is
   *     not in the model, or either is malformed
   */
  static Optional<RegexTokenizer> regex(MetadataExtractor metadata, TensorMetadata tensor) {
    return MetadataFiles.processUnit(tensor, ProcessUnitOptions.RegexTokenizerOptions)
        .map(unit -> regex(metadata, unit, "tensor '" + tensor.name() + "'"));
  }

  /**
   * The tokenizer of the BERT tasks: the first input process unit of the subgraph metadata, a
   * {@code BertTokenizerOptions} (WordPiece, lower-casing), {@code SentencePieceTokenizerOptions}
   * or {@code RegexTokenizerOptions}.
   *
   * @throws IncompatibleModelException if the metadata has no such unit
   * @throws InvalidModelException if its files are missing or malformed
   */
  static WordTokenizer forBert(MetadataExtractor metadata) {
    Optional<SubGraphMetadata> subgraph = metadata.subgraphMetadata();
    if (subgraph.isEmpty() || subgraph.get().inputProcessUnitsLength() == 0) {
      throw new IncompatibleModelException("the model's metadata has no"
          + " input process unit with a tokenizer (BertTokenizerOptions,"
          + " SentencePieceTokenizerOptions or RegexTokenizerOptions)");
    }
    ProcessUnit unit = subgraph.get().inputProcessUnits(0);
    String where = "the subgraph's input process unit 0";
    switch (unit.optionsType()) {
      case ProcessUnitOptions.BertTokenizerOptions -> {
        BertTokenizerOptions options =
            (BertTokenizerOptions) unit.options(new BertTokenizerOptions());
        if (options.vocabFileLength() == 0 || options.vocabFile(0).name() == null) {
          throw new InvalidModelException(where + " (BertTokenizerOptions) names no vocab_file");
        }
        try {
          return BertTokenizer.fromVocabText(
              MetadataFiles.text(metadata, options.vocabFile(0).name()), true);
        } catch (IllegalArgumentException e) {
          throw new InvalidModelException(where + ": " + e.getMessage(), e);
        }
      }
      case ProcessUnitOptions.SentencePieceTokenizerOptions -> {
        SentencePieceTokenizerOptions options = (SentencePieceTokenizerOptions) unit.options(
            new SentencePieceTokenizerOptions());
        if (options.sentencePieceModelLength() == 0
            || options.sentencePieceModel(0).name() == null) {
          throw new InvalidModelException(where
              + " (SentencePieceTokenizerOptions) names no sentencePiece_model");
        }
        String name = options.sentencePieceModel(0).name();
        ByteBuffer file = metadata.associatedFile(name).orElseThrow(() ->
            new InvalidModelException("the metadata names associated file '" + name
                + "' but the model does not contain it"));
        byte[] bytes = new byte[file.remaining()];
        file.get(bytes);
        try {
          return SentencePieceTokenizer.fromModel(bytes);
        } catch (IllegalArgumentException e) {
          throw new InvalidModelException(where + ": " + e.getMessage(), e);
        }
      }
      case ProcessUnitOptions.RegexTokenizerOptions -> {
        return regex(metadata, unit, "the subgraph");
      }
      default -> throw new IncompatibleModelException(where
          + " has options of type " + unit.optionsType() + ", not a tokenizer");
    }
  }

  private static RegexTokenizer regex(MetadataExtractor metadata, ProcessUnit unit,
      String owner) {
    RegexTokenizerOptions options =
        (RegexTokenizerOptions) unit.options(new RegexTokenizerOptions());
    String where = "the RegexTokenizerOptions of " + owner;
    if (options.delimRegexPattern() == null) {
      throw new InvalidModelException(where + " have no delim_regex_pattern");
    }
    if (options.vocabFileLength() == 0 || options.vocabFile(0).name() == null) {
      throw new InvalidModelException(where + " name no vocab_file");
    }
    String vocab = MetadataFiles.text(metadata, options.vocabFile(0).name());
    try {
      return RegexTokenizer.create(options.delimRegexPattern(), vocab);
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException(where + ": " + e.getMessage(), e);
    }
  }
}
