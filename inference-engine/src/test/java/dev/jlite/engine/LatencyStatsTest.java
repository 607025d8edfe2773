package dev.jlite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {
  @Test
  void medianOfAnEvenCountAveragesTheMiddleTwoAndP90IsTheNearestRank() {
    long[] nanos = new long[10];
    for (int i = 0; i < 10; i++) {
      nanos[i] = (10 - i) * 1_000_000L; // 10 ms down to 1 ms, unsorted on purpose
    }
    LatencyStats stats = LatencyStats.of(nanos);
    assertThat(stats.minMillis()).isEqualTo(1.0);
    assertThat(stats.medianMillis()).isEqualTo(5.5);
    assertThat(stats.p90Millis()).isEqualTo(9.0);
    assertThat(stats.toLine()).isEqualTo("latency_ms min=1.000 median=5.500 p90=9.000 iters=10");
  }

  @Test
  void singleRun() {
    LatencyStats stats = LatencyStats.of(new long[] {2_500_000});
    assertThat(stats.toLine()).isEqualTo("latency_ms min=2.500 median=2.500 p90=2.500 iters=1");
  }

  @Test
  void noRunsIsAnError() {
    assertThatThrownBy(() -> LatencyStats.of(new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
