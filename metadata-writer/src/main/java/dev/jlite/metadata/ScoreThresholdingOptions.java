package dev.jlite.metadata;

/**
 * Scores below the threshold are dropped; metadata schema table {@code ScoreThresholdingOptions}.
 */
public record ScoreThresholdingOptions(float globalScoreThreshold) implements ProcessUnitOptions {}
