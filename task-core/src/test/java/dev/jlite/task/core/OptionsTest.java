package dev.jlite.task.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void classificationDefaultsAreTflites() {
    ClassificationOptions o = ClassificationOptions.DEFAULT;

    assertThat(o.displayNamesLocale()).isEqualTo("en");
    assertThat(o.maxResults()).isEqualTo(-1);
    assertThat(o.scoreThreshold()).isEmpty();
    assertThat(o.labelAllowList()).isEmpty();
  }

  @Test
  void maxResultsZeroIsInvalid() {
    assertThatThrownBy(() -> ClassificationOptions.builder().setMaxResults(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxResults must not be 0");
  }

  @Test
  void allowAndDenyListsAreExclusive() {
    assertThatThrownBy(() -> ClassificationOptions.builder()
        .setLabelAllowList(List.of("cat")).setLabelDenyList(List.of("dog")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mutually exclusive");
  }

  @Test
  void baseOptionsThreads() {
    assertThat(BaseOptions.DEFAULT.numThreads()).isEqualTo(-1);
    assertThat(BaseOptions.DEFAULT.interpreterOptions().numThreads()).isEqualTo(1);
    assertThat(BaseOptions.builder().setNumThreads(3).build().interpreterOptions().numThreads())
        .isEqualTo(3);
    assertThatThrownBy(() -> BaseOptions.builder().setNumThreads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
  }

  @Test
  void roiIsCheckedAgainstTheImage() {
    ImageProcessingOptions none = ImageProcessingOptions.DEFAULT;
    assertThat(none.roiWithin(10, 5)).isEqualTo(Rect.of(0, 0, 10, 5));

    ImageProcessingOptions inside =
        ImageProcessingOptions.builder().setRoi(Rect.of(2, 1, 8, 4)).build();
    assertThat(inside.roiWithin(10, 5)).isEqualTo(Rect.of(2, 1, 8, 4));

    ImageProcessingOptions empty =
        ImageProcessingOptions.builder().setRoi(Rect.of(2, 1, 0, 4)).build();
    assertThatThrownBy(() -> empty.roiWithin(10, 5))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("zero area");

    ImageProcessingOptions outside =
        ImageProcessingOptions.builder().setRoi(Rect.of(3, 1, 8, 4)).build();
    assertThatThrownBy(() -> outside.roiWithin(10, 5))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("(left 3, top 1, 8x4) is not inside the 10x5 image");
  }
}
