package dev.jlite.metadata;

import java.util.List;

/**
 * Input normalization {@code (x - mean) / std} per channel; metadata schema table {@code
 * NormalizationOptions}. Either list may be {@code null} (absent).
 */
public record NormalizationOptions(List<Float> mean, List<Float> std)
    implements ProcessUnitOptions {
  public NormalizationOptions {
    mean = Lists.copy(mean);
    std = Lists.copy(std);
  }
}
