package dev.jlite.metadata;

import java.util.List;

/**
 * A SentencePiece tokenizer; metadata schema table {@code SentencePieceTokenizerOptions} (schema
 * 1.1.0).
 *
 * @param sentencePieceModel the SentencePiece model file, or {@code null}
 * @param vocabFile the optional vocabulary file, or {@code null}
 */
public record SentencePieceTokenizerOptions(List<AssociatedFile> sentencePieceModel,
    List<AssociatedFile> vocabFile) implements ProcessUnitOptions {
  public SentencePieceTokenizerOptions {
    sentencePieceModel = Lists.copy(sentencePieceModel);
    vocabFile = Lists.copy(vocabFile);
  }
}
