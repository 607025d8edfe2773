package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The tie orders of {@link DetectionArgSort}. The partial-sort expectations are what
 * {@code std::partial_sort} of GCC's C++ library (g++ 12, -O2) printed for the same values with
 * TFLite's comparator {@code values[i] > values[j]}.
 */
class DetectionArgSortTest {
  private static int[] partial(int k, float... values) {
    int[] out = new int[values.length + 2];
    // Start two slots in and read the values from an offset, as the kernel does.
    float[] shifted = new float[values.length + 3];
    System.arraycopy(values, 0, shifted, 3, values.length);
    DetectionArgSort.decreasingPartial(shifted, 3, values.length, k, out, 2);
    return Arrays.copyOfRange(out, 2, 2 + k);
  }

  @Test
  void partialSortOrdersTiesAsGnuLibrary() {
    assertThat(partial(9, 1, 1, 1, 1, 1, 1, 1, 1, 1)).containsExactly(8, 4, 1, 7, 5, 3, 0, 2, 6);
    assertThat(partial(6, 1, 1, 1, 1, 1, 1)).containsExactly(3, 4, 1, 0, 2, 5);
    assertThat(partial(3, 1, 2, 2, 3, 3, 1, 3, 2)).containsExactly(6, 4, 3);
    assertThat(partial(4, 3, 1, 3, 2, 3, 3, 1, 2, 3, 0)).containsExactly(4, 0, 5, 2);
    assertThat(partial(7, 0.5f, 0.5f, 0.25f, 0.5f, 0.75f, 0.25f, 0.5f))
        .containsExactly(4, 1, 3, 6, 0, 2, 5);
    assertThat(partial(2, -0f, 0f, 0f, 1, 1)).containsExactly(4, 3);
    assertThat(partial(5, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2)).containsExactly(3, 4, 1, 0, 2);
  }

  @Test
  void partialSortOfOneIsTheFirstMaximum() {
    assertThat(partial(1, 0.5f, 0.9f, 0.2f, 0.9f)).containsExactly(1);
    assertThat(partial(1, 0f, -0f)).containsExactly(0);
  }

  @Test
  void stableSortKeepsEqualValuesInIndexOrder() {
    float[] values = {0.5f, 0.75f, 0.5f, -0f, 0.75f, 0f, 0.5f, 1f, 0.25f, 0.75f, 0.5f};
    int[] indices = new int[values.length];
    DetectionArgSort.decreasingStable(values, values.length, indices, new int[values.length]);
    assertThat(indices).containsExactly(7, 1, 4, 9, 0, 2, 6, 10, 8, 3, 5);
  }
}
