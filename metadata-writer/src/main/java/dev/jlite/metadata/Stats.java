package dev.jlite.metadata;

import java.util.List;

/**
 * Per-channel value bounds of a tensor, informational; metadata schema table {@code Stats}. Either
 * list may be {@code null} (absent); an empty {@code Stats} is still written.
 */
public record Stats(List<Float> max, List<Float> min) {
  public Stats {
    max = Lists.copy(max);
    min = Lists.copy(min);
  }

  /** Stats without bounds. */
  public static Stats empty() {
    return new Stats(null, null);
  }
}
