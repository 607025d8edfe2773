package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jlite qa} on the planted model (testdata/text/planted_bert_qa.tflite): its logits
 * are looked up per token id, so the answers are known by construction (worked out in task-text's
 * BertQuestionAnswererTest).
 */
class QaCommandTest {
  private static final String MODEL =
      Cli.TESTDATA.resolve("text/planted_bert_qa.tflite").toString();
  private static final String CONTEXT =
      "The capital of France is Paris, a big city. The biggest river is the Seine.";
  private static final String QUESTION = "What is the capital of France?";

  @Test
  void answersBestFirst() {
    Cli.Result r = Cli.run("qa", "--model", MODEL, "--context", CONTEXT, "--question", QUESTION);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines().limit(2).toList()).containsExactly(
        "  9.0000  [14, 18]  Paris, a big city.",
        "  8.5000  [14, 14]  Paris,");
    assertThat(r.out().lines().count()).isEqualTo(5);
  }

  @Test
  void docStrideAndCandidates() {
    String context = "Paris " + "the ".repeat(150) + "city Seine.";
    Cli.Result r = Cli.run("qa", "--model", MODEL, "--context", context, "--question", QUESTION,
        "--doc-stride", "64", "--candidates", "2");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines().toList()).containsExactly(
        "  8.5000  [9, 9]  Paris",
        "  5.5000  [97, 98]  Seine.");
  }

  @Test
  void contextFromAFileAndJson(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("context.txt");
    Files.writeString(file, CONTEXT);
    Cli.Result r = Cli.run("qa", "--model", MODEL, "--context", file.toString(), "--question",
        QUESTION, "--json");

    assertThat(r.exitCode()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("question").asText()).isEqualTo(QUESTION);
    JsonNode best = root.get("answers").get(0);
    assertThat(best.get("text").asText()).isEqualTo("Paris, a big city.");
    assertThat(best.get("start").asInt()).isEqualTo(14);
    assertThat(best.get("end").asInt()).isEqualTo(18);
    assertThat(best.get("logit").asDouble()).isEqualTo(9.0);
  }

  @Test
  void badInputAndModels(@TempDir Path dir) throws Exception {
    Cli.Result blank = Cli.run("qa", "--model", MODEL, "--context", CONTEXT, "--question", " ");
    assertThat(blank.exitCode()).isEqualTo(4);
    assertThat(blank.errLines()).containsExactly(
        "jlite: invalid input: the question is empty or only whitespace");

    Path binary = dir.resolve("context.bin");
    Files.write(binary, new byte[] {(byte) 0xFF, (byte) 0xFE, 0x41});
    Cli.Result notText = Cli.run("qa", "--model", MODEL, "--context", binary.toString(),
        "--question", QUESTION);
    assertThat(notText.exitCode()).isEqualTo(4);
    assertThat(notText.err()).contains("not UTF-8 text");

    Cli.Result notBert = Cli.run("qa", "--model",
        Cli.model("text/movie_review.tflite").toString(), "--context", CONTEXT, "--question",
        QUESTION);
    assertThat(notBert.exitCode()).isEqualTo(3);
    assertThat(notBert.errLines()).hasSize(1);

    assertThat(Cli.run("qa", "--context", CONTEXT, "--question", QUESTION).exitCode())
        .isEqualTo(2);
    Cli.Result badStride = Cli.run("qa", "--model", MODEL, "--context", CONTEXT, "--question",
        QUESTION, "--doc-stride", "-1");
    assertThat(badStride.exitCode()).isEqualTo(2);
    assertThat(badStride.err()).contains("docStride must be 0 or positive");
  }
}
