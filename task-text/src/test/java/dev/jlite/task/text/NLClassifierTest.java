package dev.jlite.task.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jlite.engine.UnsupportedOperatorException;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.testing.TfLiteOracle;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NLClassifierTest {
  static final Path REGEX_MODEL =
      TextTestData.path("models/text/test_model_nl_classifier_with_regex_tokenizer.tflite");
  static final Path STRING_MODEL =
      TextTestData.path("models/text/test_model_nl_classifier.tflite");
  static final Path LABELLED_MODEL =
      TextTestData.path("models/text/test_model_nl_classifier_with_associated_label.tflite");
  static final Path BOOL_MODEL =
      TextTestData.path("models/text/test_model_nl_classifier_bool_output.tflite");
  static final Path SPAM_MODEL =
      TextTestData.path("models/text/odml_comment_spam_avgwordvec.tflite");
  static final Path NO_METADATA_MODEL = TextTestData.path("models/text/movie_review.tflite");

  @Test
  void officialGoldenPositiveReview() throws IOException {
    JsonNode golden = null;
    for (JsonNode c : new ObjectMapper().readTree(
        TextTestData.path("goldens/tasks.json").toFile()).get("cases")) {
      if (c.get("id").asText().equals("py.nl_classifier.classify.positive.file_name")) {
        golden = c;
      }
    }
    assertThat(golden).isNotNull();
    Path model = TextTestData.path(golden.get("model").asText());
    try (NLClassifier classifier = NLClassifier.create(model)) {
      List<Category> result = classifier.classify(golden.get("inputs").get("text").asText());
      JsonNode expected = golden.get("expected").get("classifications").get(0).get("categories");
      assertThat(result).hasSize(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        // The golden rounds to 6 decimals and compares exactly, in order.
        assertThat(result.get(i).label()).isEqualTo(expected.get(i).get("category_name").asText());
        assertThat(Math.round(result.get(i).score() * 1e6) / 1e6)
            .isEqualTo(expected.get(i).get("score").asDouble());
      }
    }
  }

  @Test
  void officialNegativeReviewOfTheCcTest() throws IOException {
    try (NLClassifier classifier = NLClassifier.create(REGEX_MODEL)) {
      List<Category> result = classifier.classify("What a waste of my time.");
      assertThat(result).extracting(Category::label).containsExactly("Negative", "Positive");
      assertThat(result.get(0).score()).isCloseTo(0.81312954f, within(1e-6f));
      assertThat(result.get(1).score()).isCloseTo(0.18687040f, within(1e-6f));
      assertThat(result).extracting(Category::index).containsExactly(0, 1);
    }
  }

  @Test
  void tensorsFoundByTheirMetadataNames() throws IOException {
    // As the official struct-options test: metadata names instead of tensor names or indices.
    NLClassifier.Options byName = NLClassifier.Options.builder()
        .setInputTensorName("input_text").setInputTensorIndex(-1)
        .setOutputScoreTensorName("probability").setOutputScoreTensorIndex(-1).build();
    try (NLClassifier named = NLClassifier.create(REGEX_MODEL, byName);
        NLClassifier defaults = NLClassifier.create(REGEX_MODEL)) {
      String text = "What a waste of my time.";
      assertThat(named.classify(text)).isEqualTo(defaults.classify(text));
      assertThat(named.classify(text)).extracting(Category::label)
          .containsExactly("Negative", "Positive");
    }
  }

  @Test
  void longTextIsCutToTheInputLength() throws IOException {
    String review = "What a waste of my time. ";
    try (NLClassifier classifier = NLClassifier.create(REGEX_MODEL)) {
      // 256 ids: <START> and 255 tokens; what follows them does not matter.
      String longText = review.repeat(60);
      List<Category> a = classifier.classify(longText);
      List<Category> b = classifier.classify(longText + " best best best best".repeat(500));
      assertThat(a).isEqualTo(b);
    }
  }

  @Test
  void regexModelScoresEqualRealTfLiteOnTheSameIds() throws IOException {
    String text = "Check out my channel, subscribe now for free gifts!!";
    try (NLClassifier classifier = NLClassifier.create(SPAM_MODEL);
        TfLiteOracle oracle = TfLiteOracle.open(Files.readAllBytes(SPAM_MODEL))) {
      List<Category> result = classifier.classify(text);
      RegexTokenizer tokenizer =
          RegexTokenizer.create("[^\\w\\']+", archiveFile(SPAM_MODEL, "vocab.txt"));
      int[] ids = tokenizer.encode(text, 20);
      ByteBuffer input = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN);
      input.asIntBuffer().put(ids);
      ByteBuffer out = ByteBuffer.wrap(oracle.run(input.array())[0])
          .order(ByteOrder.LITTLE_ENDIAN);
      assertThat(result).hasSize(2);
      for (int i = 0; i < 2; i++) {
        assertThat(result.get(i).score()).isCloseTo(out.getFloat(4 * i), within(1e-6f));
      }
      assertThat(result).extracting(Category::label)
          .containsExactlyElementsOf(archiveFile(SPAM_MODEL, "labels.txt").lines().toList());
    }
  }

  private static String archiveFile(Path model, String name) throws IOException {
    ByteBuffer file = MetadataExtractor.of(ModelFile.open(model)).associatedFile(name)
        .orElseThrow();
    byte[] bytes = new byte[file.remaining()];
    file.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void stringInputThroughUserRegisteredCustomOperators() throws IOException {
    NLClassifier.Options.Builder base = NLClassifier.Options.builder()
        .setBaseOptions(NLClassifierTestOps.baseOptions());
    // Defaults: score output 0 (FLOAT32), no label tensor: labels are the indices.
    try (NLClassifier classifier = NLClassifier.create(STRING_MODEL, base.build())) {
      assertThat(pairs(classifier.classify("hello")))
          .containsExactly("0=255.0", "1=510.0", "2=765.0");
    }
    // By index: the QUANTIZE output (scale 255 -> {1, 2, 3}) and the STRING label output.
    try (NLClassifier classifier = NLClassifier.create(STRING_MODEL, base
        .setOutputScoreTensorIndex(1).setOutputLabelTensorIndex(2).build())) {
      assertThat(pairs(classifier.classify("hello")))
          .containsExactly("label0=255.0", "label1=510.0", "label2=765.0");
    }
    // By name, which wins over the index: FLOAT64 scores.
    try (NLClassifier classifier = NLClassifier.create(STRING_MODEL, base
        .setOutputScoreTensorIndex(0).setOutputScoreTensorName("OUTPUT_SCORE_DEQUANTIZED_FLOAT64")
        .setOutputLabelTensorIndex(-1).setOutputLabelTensorName("LABELS").build())) {
      assertThat(pairs(classifier.classify("hello")))
          .containsExactly("label0=255.0", "label1=510.0", "label2=765.0");
    }
  }

  @Test
  void labelsFromTheScoreTensorsMetadataFile() throws IOException {
    try (NLClassifier classifier = NLClassifier.create(LABELLED_MODEL, NLClassifier.Options
        .builder().setBaseOptions(NLClassifierTestOps.baseOptions()).build())) {
      List<String> labels = archiveFile(LABELLED_MODEL, "test_labels.txt").lines().toList();
      assertThat(labels).hasSize(3);
      assertThat(pairs(classifier.classify("hello"))).containsExactly(labels.get(0) + "=255.0",
          labels.get(1) + "=510.0", labels.get(2) + "=765.0");
    }
  }

  @Test
  void boolScoresAreOneOrZero() throws IOException {
    try (NLClassifier classifier = NLClassifier.create(BOOL_MODEL, NLClassifier.Options
        .builder().setBaseOptions(NLClassifierTestOps.baseOptions()).build())) {
      assertThat(pairs(classifier.classify("hello"))).containsExactly("0=1.0", "1=1.0", "2=0.0");
    }
  }

  @Test
  void emptyOrBlankTextIsInvalidInput() throws IOException {
    try (NLClassifier classifier = NLClassifier.create(REGEX_MODEL)) {
      assertThatThrownBy(() -> classifier.classify(""))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
      assertThatThrownBy(() -> classifier.classify(" \t\n"))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("only whitespace");
    }
  }

  @Test
  void modelsThatDoNotFitAreRefusedWithTheReason() {
    assertThatThrownBy(() -> NLClassifier.create(NO_METADATA_MODEL))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("INT32 and has no RegexTokenizerOptions metadata");
    assertThatThrownBy(() -> NLClassifier.create(STRING_MODEL))
        .isInstanceOf(UnsupportedOperatorException.class)
        .hasMessageContaining("CUSTOM_OP_STRING_TO_FLOATS");
    assertThatThrownBy(() -> NLClassifier.create(STRING_MODEL, NLClassifier.Options.builder()
        .setBaseOptions(NLClassifierTestOps.baseOptions())
        .setInputTensorName("nope").setInputTensorIndex(-1).build()))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("no input tensor named 'nope' or at index -1");
    assertThatThrownBy(() -> NLClassifier.create(STRING_MODEL, NLClassifier.Options.builder()
        .setBaseOptions(NLClassifierTestOps.baseOptions())
        .setOutputScoreTensorIndex(123).build()))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("no output score tensor named 'OUTPUT_SCORE' or at index 123");
    assertThatThrownBy(() -> NLClassifier.create(STRING_MODEL, NLClassifier.Options.builder()
        .setBaseOptions(NLClassifierTestOps.baseOptions())
        .setOutputScoreTensorIndex(2).build()))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("is STRING; NL classifier scores must be");
    assertThatThrownBy(() -> NLClassifier.create(STRING_MODEL, NLClassifier.Options.builder()
        .setBaseOptions(NLClassifierTestOps.baseOptions())
        .setOutputLabelTensorIndex(3).build()))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("label tensor must be STRING or INT32");
  }

  @Test
  void closedClassifiersRefuseWork() throws IOException {
    NLClassifier classifier = NLClassifier.create(REGEX_MODEL);
    classifier.close();
    assertThatThrownBy(() -> classifier.classify("good"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  private static List<String> pairs(List<Category> categories) {
    List<String> out = new ArrayList<>();
    for (Category c : categories) {
      out.add(c.label() + "=" + c.score());
    }
    return out;
  }
}
