package dev.jlite.metadata;

import java.util.List;

/**
 * A tokenizer that splits on a regular expression; metadata schema table {@code
 * RegexTokenizerOptions} (schema 1.2.1).
 *
 * @param delimRegexPattern the delimiter pattern, or {@code null}
 * @param vocabFile the vocabulary file, or {@code null}
 */
public record RegexTokenizerOptions(String delimRegexPattern, List<AssociatedFile> vocabFile)
    implements ProcessUnitOptions {
  public RegexTokenizerOptions {
    vocabFile = Lists.copy(vocabFile);
  }
}
