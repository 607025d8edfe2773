package dev.jlite.metadata;

import java.util.List;

/**
 * A WordPiece (BERT) tokenizer; metadata schema table {@code BertTokenizerOptions} (schema 1.1.0).
 *
 * @param vocabFile the vocabulary file, or {@code null}
 */
public record BertTokenizerOptions(List<AssociatedFile> vocabFile) implements ProcessUnitOptions {
  public BertTokenizerOptions {
    vocabFile = Lists.copy(vocabFile);
  }
}
