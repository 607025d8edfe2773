package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code jlite nl}: results of the bundled model, JSON, and the exit code of bad input. */
class NlCommandTest {
  private static final String REVIEW =
      "This is the best movie I\u2019ve seen in recent years. Strongly recommend it!";

  @Test
  void bundledModelScoresEveryClassInOrder() {
    Cli.Result r = Cli.run("nl", REVIEW);

    assertThat(r.exitCode()).isZero();
    // The official golden: Negative 0.486573, Positive 0.513427.
    assertThat(r.out().lines().toList())
        .containsExactly("0.486573  Negative  [0]", "0.513427  Positive  [1]");
  }

  @Test
  void json() throws Exception {
    String model = Cli.model("text/test_model_nl_classifier_with_regex_tokenizer.tflite")
        .toString();
    Cli.Result r = Cli.run("nl", "--model", model, "--json", "What a waste of my time.");

    assertThat(r.exitCode()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("model").asText()).isEqualTo(model);
    assertThat(root.get("text").asText()).isEqualTo("What a waste of my time.");
    JsonNode categories = root.get("categories");
    assertThat(categories).hasSize(2);
    assertThat(categories.get(0).get("label").asText()).isEqualTo("Negative");
    assertThat(categories.get(0).get("index").asInt()).isZero();
    assertThat(categories.get(0).get("score").asDouble()).isBetween(0.813, 0.814);
  }

  @Test
  void blankTextIsInvalidInput() {
    Cli.Result r = Cli.run("nl", "  ");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.errLines()).containsExactly(
        "jlite: invalid text: the text to classify is empty or only whitespace");
  }

  @Test
  void modelsThatAreNotNlClassifiersAreInvalidModels() {
    Cli.Result noTokenizer = Cli.run("nl", "--model",
        Cli.model("text/movie_review.tflite").toString(), "good");
    Cli.Result customOps = Cli.run("nl", "--model",
        Cli.model("text/test_model_nl_classifier.tflite").toString(), "hello");

    assertThat(noTokenizer.exitCode()).isEqualTo(3);
    assertThat(noTokenizer.errLines()).hasSize(1);
    assertThat(noTokenizer.err()).contains("no RegexTokenizerOptions metadata");
    assertThat(customOps.exitCode()).isEqualTo(3);
    assertThat(customOps.err()).contains("CUSTOM_OP_STRING_TO_FLOATS");
  }

  @Test
  void missingTextIsBadUsage() {
    assertThat(Cli.run("nl").exitCode()).isEqualTo(2);
    assertThat(Cli.run("nl", "--threads", "0", "good").exitCode()).isEqualTo(2);
  }
}
