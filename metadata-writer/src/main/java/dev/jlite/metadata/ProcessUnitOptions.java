package dev.jlite.metadata;

/**
 * The options of a processing step: the metadata schema union {@code ProcessUnitOptions}. The
 * variants are {@link NormalizationOptions}, {@link ScoreCalibrationOptions}, {@link
 * ScoreThresholdingOptions}, {@link BertTokenizerOptions}, {@link SentencePieceTokenizerOptions}
 * and {@link RegexTokenizerOptions}.
 */
public sealed interface ProcessUnitOptions permits NormalizationOptions, ScoreCalibrationOptions,
    ScoreThresholdingOptions, BertTokenizerOptions, SentencePieceTokenizerOptions,
    RegexTokenizerOptions {
  /** The union member's name, as in the schema and in the JSON {@code options_type}. */
  default String typeName() {
    return getClass().getSimpleName();
  }
}
