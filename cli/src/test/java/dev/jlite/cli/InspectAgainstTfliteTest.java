package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every model in testdata, {@code inspect --json} is valid JSON and says what real TFLite 2.19
 * reads from the same file.
 *
 * <p>Models that carry TFLite metadata also exercise {@code MetadataExtractor}, since inspect
 * summarizes their metadata too.
 */
class InspectAgainstTfliteTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * Models real TFLite 2.19 refuses to build an interpreter for, and why. TFLite Micro runs them and
   * inspect reads them; whether the engine accepts them is the model verifier's decision.
   */
  private static final Map<String, String> REJECTED_BY_TFLITE = Map.of(
      "tflm_person_detect.tflite",
      "the rank-1 depthwise bias tensors 80 and 84 are per-channel along dimension 3");

  static Stream<Path> models() throws IOException {
    try (Stream<Path> files = Files.walk(Cli.TESTDATA.resolve("models"))) {
      List<Path> models = files.filter(f -> f.toString().endsWith(".tflite")).sorted().toList();
      assertThat(models).hasSize(25);
      return models.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void inspectJsonAgreesWithTflite(Path model) throws IOException {
    Cli.Result result = Cli.run("inspect", "--json", model.toString());
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    JsonNode json = JSON.readTree(result.out());

    if (REJECTED_BY_TFLITE.containsKey(model.getFileName().toString())) {
      assertThatThrownBy(() -> TfliteOracle.read(model))
          .as(REJECTED_BY_TFLITE.get(model.getFileName().toString()))
          .isInstanceOf(IllegalStateException.class);
      return;
    }
    TfliteOracle.Report tflite = TfliteOracle.read(model);
    assertTensors(json.get("inputs"), tflite.inputs());
    assertTensors(json.get("outputs"), tflite.outputs());
    assertThat(operatorCounts(json)).isEqualTo(tflite.operatorCounts());
    assertThat(json.at("/operators/total").asInt())
        .isEqualTo(tflite.operatorCounts().values().stream().mapToInt(Integer::intValue).sum());
    assertThat(json.get("subgraphs")).hasSize(tflite.subgraphCount());
    assertSignatures(json.get("signatures"), tflite.signatures());
  }

  private static void assertTensors(JsonNode ours, List<TfliteOracle.Tensor> tflite) {
    assertThat(ours).hasSize(tflite.size());
    for (int i = 0; i < tflite.size(); i++) {
      JsonNode tensor = ours.get(i);
      TfliteOracle.Tensor expected = tflite.get(i);
      String where = "tensor " + i + " (" + expected.name() + ")";
      assertThat(tensor.get("index").asInt()).as(where).isEqualTo(i);
      assertThat(tensor.get("name").asText()).as(where).isEqualTo(expected.name());
      assertThat(tensor.get("type").asText()).as(where).isEqualTo(expected.type());
      assertThat(ints(tensor.get("shape"))).as(where).isEqualTo(expected.shape());
      // TFLite's C++ tensor leaves dims_signature empty when the model stores none; its Java and
      // Python APIs then report the shape, and so do we.
      assertThat(ints(tensor.get("shapeSignature"))).as(where).isEqualTo(
          expected.shapeSignature().isEmpty() ? expected.shape() : expected.shapeSignature());
      assertQuantization(tensor.get("quantization"), expected.quantization(), where);
    }
  }

  private static void assertQuantization(JsonNode ours, TfliteOracle.Quantization tflite,
      String where) {
    if (!tflite.affine()) {
      assertThat(ours.isNull()).as(where + " has no quantization").isTrue();
      return;
    }
    if (tflite.scales().size() == 1) {
      assertThat(ours.get("kind").asText()).as(where).isEqualTo("perTensor");
      assertThat(ours.get("scale").floatValue()).as(where).isEqualTo(tflite.scale());
      assertThat(ours.get("zeroPoint").asInt()).as(where).isEqualTo(tflite.zeroPoint());
      return;
    }
    assertThat(ours.get("kind").asText()).as(where).isEqualTo("perChannel");
    assertThat(ours.get("channels").asInt()).as(where).isEqualTo(tflite.scales().size());
    assertThat(ours.get("quantizedDimension").asInt()).as(where)
        .isEqualTo(tflite.quantizedDimension());
    List<Float> scales = new ArrayList<>();
    ours.get("scales").forEach(s -> scales.add(s.floatValue()));
    assertThat(scales).as(where).isEqualTo(tflite.scales());
    assertThat(ints(ours.get("zeroPoints"))).as(where).isEqualTo(tflite.zeroPoints());
  }

  private static Map<String, Integer> operatorCounts(JsonNode json) {
    Map<String, Integer> counts = new TreeMap<>();
    json.at("/operators/counts")
        .forEach(c -> counts.put(c.get("name").asText(), c.get("count").asInt()));
    return counts;
  }

  private static void assertSignatures(JsonNode ours, List<TfliteOracle.Signature> tflite) {
    assertThat(ours).hasSize(tflite.size());
    for (int i = 0; i < tflite.size(); i++) {
      JsonNode signature = ours.get(i);
      TfliteOracle.Signature expected = tflite.get(i);
      assertThat(signature.get("key").asText()).isEqualTo(expected.key());
      // TFLite keeps a signature's names in a sorted map, so only the sets can be compared.
      assertThat(texts(signature.get("inputs"))).containsExactlyInAnyOrderElementsOf(expected.inputs());
      assertThat(texts(signature.get("outputs")))
          .containsExactlyInAnyOrderElementsOf(expected.outputs());
    }
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> values = new ArrayList<>();
    array.forEach(v -> values.add(v.intValue()));
    return values;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
