package dev.jlite.task.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jlite.schema.testing.Goldens;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.TensorImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The official image classifier golden, within its tolerance. */
class ImageClassifierGoldenTest {
  @Test
  void quantizedBurger() throws Exception {
    JsonNode golden = Goldens.golden("cc.image_classifier.classify.quantized_burger");
    JsonNode options = golden.get("options");
    double tolerance = golden.get("tolerance").get("score_abs").asDouble();
    ImageClassifier.Options o = ImageClassifier.Options.builder()
        .setMaxResults(options.get("max_results").asInt())
        .setScoreThreshold((float) options.get("score_threshold").asDouble())
        .build();
    try (ImageClassifier classifier =
        ImageClassifier.create(Goldens.path(golden.get("model").asText()), o)) {
      List<Classifications> result = classifier.classify(
          TensorImage.load(Goldens.path(golden.get("inputs").get("image").asText())));

      JsonNode expected = golden.get("expected").get("classifications");
      assertThat(result).hasSize(expected.size());
      for (int h = 0; h < expected.size(); h++) {
        JsonNode head = expected.get(h);
        assertThat(result.get(h).headIndex()).isEqualTo(head.get("head_index").asInt());
        List<Category> categories = result.get(h).categories();
        assertThat(categories).hasSize(head.get("classes").size());
        for (int c = 0; c < categories.size(); c++) {
          JsonNode want = head.get("classes").get(c);
          assertThat(categories.get(c).index()).isEqualTo(want.get("index").asInt());
          assertThat(categories.get(c).label()).isEqualTo(want.get("class_name").asText());
          assertThat((double) categories.get(c).score())
              .isCloseTo(want.get("score").asDouble(), within(tolerance));
        }
      }
    }
  }
}
