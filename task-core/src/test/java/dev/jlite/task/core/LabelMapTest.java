package dev.jlite.task.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelMapTest {
  @Test
  void parsesLinesIgnoringTheFinalNewline() {
    LabelMap map = LabelMap.parse("cat\ndog\n", "chat\nchien\n");

    assertThat(map.size()).isEqualTo(2);
    assertThat(map.label(1)).isEqualTo("dog");
    assertThat(map.displayName(1)).isEqualTo("chien");
  }

  @Test
  void keepsEmptyLinesInsideTheFile() {
    LabelMap map = LabelMap.parse("a\n\nc", null);

    assertThat(map.labels()).containsExactly("a", "", "c");
    assertThat(map.displayName(0)).isEmpty();
  }

  @Test
  void rejectsEmptyFilesAndMismatchedDisplayNames() {
    assertThatThrownBy(() -> LabelMap.parse("", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> LabelMap.parse("a\nb\n", "x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 entries but the display-name file has 1");
  }

  @Test
  void unlabelledMapsHaveNoLabels() {
    assertThat(LabelMap.unlabelled(3).hasLabels()).isFalse();
    assertThat(LabelMap.unlabelled(3).label(2)).isEmpty();
  }
}
