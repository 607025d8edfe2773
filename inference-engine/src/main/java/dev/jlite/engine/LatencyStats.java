package dev.jlite.engine;

import java.util.Arrays;

/** Summary of timed runs: minimum, median and 90th percentile (nearest rank), in milliseconds. */
public record LatencyStats(double minMillis, double medianMillis, double p90Millis, int runs) {
  /** Summarizes durations in nanoseconds. */
  public static LatencyStats of(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no runs to summarize");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    long p90 = sorted[(int) Math.ceil(0.9 * n) - 1];
    return new LatencyStats(sorted[0] / 1e6, median / 1e6, p90 / 1e6, n);
  }

  /** The line {@code jlite bench} ends with: {@code latency_ms min=… median=… p90=… iters=…}. */
  public String toLine() {
    return String.format(java.util.Locale.ROOT, "latency_ms min=%.3f median=%.3f p90=%.3f iters=%d",
        minMillis, medianMillis, p90Millis, runs);
  }
}
