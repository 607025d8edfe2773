package dev.jlite.task.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The embedders' post-processing, worked out by hand. */
class EmbeddingTest {
  @Test
  void l2NormalizationThenQuantization() {
    // (3, 4) has norm 5: (0.6, 0.8); times 128: 76.8 -> 77, 102.4 -> 102.
    assertThat(Embedding.fromOutput(0, new float[] {3, 4}, true, false).values())
        .containsExactly(0.6f, 0.8f);
    assertThat(Embedding.fromOutput(0, new float[] {3, 4}, true, true).quantizedValues())
        .containsExactly((byte) 77, (byte) 102);
  }

  @Test
  void quantizationRoundsHalvesAwayFromZeroAndClamps() {
    Embedding e = Embedding.fromOutput(2, new float[] {0.5f / 128, -0.5f / 128, 1f, -2f, 0f},
        false, true);
    assertThat(e.outputIndex()).isEqualTo(2);
    assertThat(e.quantizedValues()).containsExactly(1, -1, 127, -128, 0);
  }

  @Test
  void zeroVectorsStayZeroAndInputsAreNotChanged() {
    float[] values = {0, 0};
    assertThat(Embedding.fromOutput(0, values, true, false).values()).containsExactly(0f, 0f);
    float[] kept = {3, 4};
    Embedding.fromOutput(0, kept, true, true);
    assertThat(kept).containsExactly(3f, 4f);
  }

  @Test
  void cosineSimilarity() {
    Embedding u = Embedding.ofFloats(0, new float[] {1, 0});
    Embedding v = Embedding.ofFloats(0, new float[] {1, 1});
    assertThat(Embedding.cosineSimilarity(u, v)).isCloseTo(Math.sqrt(0.5), within(1e-12));
    assertThatThrownBy(() -> Embedding.cosineSimilarity(u, Embedding.ofQuantized(0,
        new byte[] {1, 0}))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quantized");
  }
}
