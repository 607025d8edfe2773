package dev.jlite.task.text;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.metadata.ProcessUnit;
import dev.jlite.schema.metadata.ProcessUnitOptions;
import dev.jlite.schema.metadata.RegexTokenizerOptions;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.task.core.internal.MetadataFiles;
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
    Optional<ProcessUnit> unit =
        MetadataFiles.processUnit(tensor, ProcessUnitOptions.RegexTokenizerOptions);
    if (unit.isEmpty()) {
      return Optional.empty();
    }
    RegexTokenizerOptions options =
        (RegexTokenizerOptions) unit.get().options(new RegexTokenizerOptions());
    String where = "the RegexTokenizerOptions of tensor '" + tensor.name() + "'";
    if (options.delimRegexPattern() == null) {
      throw new InvalidModelException(where + " have no delim_regex_pattern");
    }
    if (options.vocabFileLength() == 0 || options.vocabFile(0).name() == null) {
      throw new InvalidModelException(where + " name no vocab_file");
    }
    String vocab = MetadataFiles.text(metadata, options.vocabFile(0).name());
    try {
      return Optional.of(RegexTokenizer.create(options.delimRegexPattern(), vocab));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException(where + ": " + e.getMessage(), e);
    }
  }
}
