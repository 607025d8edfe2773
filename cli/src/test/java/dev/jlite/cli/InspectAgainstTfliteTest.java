package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jlite.schema.testing.OracleOperator;
import dev.jlite.schema.testing.OracleTensorInfo;
import dev.jlite.schema.testing.TfLiteOracle;
import dev.jlite.schema.testing.TfLiteOracleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every model in testdata, {@code inspect --json} is valid JSON and says what real TFLite 2.19
 * reads from the same file; where TFLite refuses a model, inspect refuses it too.
 */
class InspectAgainstTfliteTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Its rank-1 bias tensors are per-channel along dimension 3; TFLite 2.19 refuses that. */
  static final Path PERSON_DETECT = Cli.model("image_classification/tflm_person_detect.tflite");

  static Stream<Path> models() throws IOException {
    try (Stream<Path> files = Files.walk(Cli.TESTDATA.resolve("models"))) {
      List<Path> models = files.filter(f -> f.toString().endsWith(".tflite")).sorted().toList();
      assertThat(models).hasSize(25);
      return models.stream().filter(m -> !m.equals(PERSON_DETECT));
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void inspectJsonAgreesWithTflite(Path model) throws IOException {
    Cli.Result result = Cli.run("inspect", "--json", model.toString());
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    JsonNode json = JSON.readTree(result.out());

    try (TfLiteOracle tflite = TfLiteOracle.open(Files.readAllBytes(model))) {
      assertTensors(json.get("inputs"), tflite, tflite.inputCount(), true);
      assertTensors(json.get("outputs"), tflite, tflite.outputCount(), false);
      Map<String, Integer> counts = operatorCounts(tflite);
      assertThat(operatorCounts(json)).isEqualTo(counts);
      assertThat(json.at("/operators/total").asInt())
          .isEqualTo(counts.values().stream().mapToInt(Integer::intValue).sum());
      assertThat(json.get("subgraphs")).hasSize(tflite.subgraphCount());
      assertSignatures(json.get("signatures"), tflite);
    }
  }

  @Test
  void aModelTfliteRefusesIsRefused() throws IOException {
    byte[] bytes = Files.readAllBytes(PERSON_DETECT);
    assertThatThrownBy(() -> TfLiteOracle.open(bytes).close())
        .isInstanceOf(TfLiteOracleException.class);

    Cli.Result result = Cli.run("inspect", PERSON_DETECT.toString());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.errLines()).singleElement().asString()
        .contains("tensor 33 'MobilenetV1/MobilenetV1/Conv2d_0/Conv2D_bias'")
        .contains("quantized_dimension 3 is out of range for rank 1");
  }

  private static void assertTensors(JsonNode ours, TfLiteOracle tflite, int count,
      boolean inputs) {
    assertThat(ours).hasSize(count);
    for (int i = 0; i < count; i++) {
      JsonNode tensor = ours.get(i);
      OracleTensorInfo expected = inputs ? tflite.inputInfo(i) : tflite.outputInfo(i);
      String where = "tensor " + i + " (" + expected.name() + ")";
      assertThat(tensor.get("index").asInt()).as(where).isEqualTo(i);
      assertThat(tensor.get("name").asText()).as(where).isEqualTo(expected.name());
      assertThat(tensor.get("type").asText()).as(where).isEqualTo(expected.typeName());
      assertThat(ints(tensor.get("shape"))).as(where).containsExactly(expected.shape());
      // When a model stores no signature, TFLite's Java and Python APIs report the shape; so do we.
      assertThat(ints(tensor.get("shapeSignature"))).as(where)
          .containsExactly(expected.shapeSignature());
      assertQuantization(tensor.get("quantization"), expected, where);
    }
  }

  private static void assertQuantization(JsonNode ours, OracleTensorInfo tflite, String where) {
    float[] scales = tflite.scales();
    if (scales.length == 0) {
      assertThat(ours.isNull()).as(where + " has no quantization").isTrue();
      return;
    }
    if (scales.length == 1) {
      assertThat(ours.get("kind").asText()).as(where).isEqualTo("perTensor");
      assertThat(ours.get("scale").floatValue()).as(where).isEqualTo(scales[0]);
      assertThat(ours.get("zeroPoint").asInt()).as(where).isEqualTo(tflite.zeroPoints()[0]);
      return;
    }
    assertThat(ours.get("kind").asText()).as(where).isEqualTo("perChannel");
    assertThat(ours.get("channels").asInt()).as(where).isEqualTo(scales.length);
    assertThat(ours.get("quantizedDimension").asInt()).as(where)
        .isEqualTo(tflite.quantizedDimension());
    List<Float> ourScales = new ArrayList<>();
    ours.get("scales").forEach(s -> ourScales.add(s.floatValue()));
    assertThat(ourScales).as(where).containsExactly(box(scales));
    assertThat(ints(ours.get("zeroPoints"))).as(where).containsExactly(tflite.zeroPoints());
  }

  /** Counts by name over every node of every subgraph, the way inspect names them. */
  private static Map<String, Integer> operatorCounts(TfLiteOracle tflite) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int s = 0; s < tflite.subgraphCount(); s++) {
      for (OracleOperator op : tflite.operators(s)) {
        counts.merge(op.name(), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static Map<String, Integer> operatorCounts(JsonNode json) {
    Map<String, Integer> counts = new TreeMap<>();
    json.at("/operators/counts")
        .forEach(c -> counts.put(c.get("name").asText(), c.get("count").asInt()));
    return counts;
  }

  private static void assertSignatures(JsonNode ours, TfLiteOracle tflite) {
    List<String> keys = tflite.signatureKeys();
    assertThat(ours).hasSize(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      JsonNode signature = ours.get(i);
      String key = keys.get(i);
      assertThat(signature.get("key").asText()).isEqualTo(key);
      // TFLite keeps a signature's names in a sorted map, so only the sets can be compared.
      assertThat(texts(signature.get("inputs")))
          .containsExactlyInAnyOrderElementsOf(tflite.signatureInputs(key).keySet());
      assertThat(texts(signature.get("outputs")))
          .containsExactlyInAnyOrderElementsOf(tflite.signatureOutputs(key).keySet());
    }
  }

  private static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).intValue();
    }
    return values;
  }

  private static Float[] box(float[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
