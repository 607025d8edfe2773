package dev.jlite.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every model in testdata either becomes a wrapper that compiles with {@code -Xlint:all -Werror}
 * or is refused with a {@link CodegenException}; nothing else escapes the generator.
 */
class AllModelsTest {
  @TempDir
  Path work;

  @Test
  void everyTestdataModelGeneratesCompilingSourceOrIsRefused() throws Exception {
    List<Path> models;
    try (Stream<Path> files = Files.walk(TestData.ROOT.resolve("models"))) {
      models = files.filter(p -> p.toString().endsWith(".tflite")).sorted().toList();
    }
    Map<String, String> sources = new LinkedHashMap<>();
    Map<String, String> refused = new LinkedHashMap<>();
    List<String> kinds = new ArrayList<>();
    for (Path model : models) {
      String className = Codegen.defaultClassName(model.getFileName().toString());
      try {
        GeneratedSource source = Codegen.generate(ByteBuffer.wrap(Files.readAllBytes(model)),
            "all", className, model.getFileName().toString());
        sources.put(source.relativePath(), source.source());
        kinds.add(className + ": " + source.source().lines()
            .filter(l -> l.contains("private final") && l.contains("delegate")).findFirst()
            .orElseThrow().strip());
      } catch (CodegenException e) {
        refused.put(className, e.getMessage());
      }
    }
    Compilation c = Compilation.compile(work, sources, List.of(), List.of("-proc:none"));
    assertThat(c.success).as(c.report()).isTrue();
    assertThat(c.diagnostics).as(c.report()).isEmpty();
    assertThat(kinds).contains(
        "MobilenetV1025224Quant: private final ImageClassifier delegate;",
        "CocoSsdMobilenetV110Quant20180629: private final ObjectDetector delegate;",
        "Deeplabv3: private final ImageSegmenter delegate;",
        "MobilenetV210224QuantNoMetadata: private final Interpreter delegate;",
        "MobilenetV1025224QuantWithoutSubgraphMetadata: private final Interpreter delegate;",
        "YamnetAudioClassifierWithMetadata: private final AudioClassifier delegate;",
        "OdmlCommentSpamAvgwordvec: private final NLClassifier delegate;",
        "TestModelNlClassifierWithRegexTokenizer: private final NLClassifier delegate;",
        // STRING inputs: the wrapper runs once the user registers the model's custom operators
        // through the options, as for NLClassifier itself.
        "TestModelNlClassifier: private final NLClassifier delegate;",
        "TestModelNlClassifierBoolOutput: private final NLClassifier delegate;",
        "TestModelNlClassifierWithAssociatedLabel: private final NLClassifier delegate;");
    // Without metadata, movie_review's token ids are just INT32 numbers; the TFLM model fails
    // the model verifier of metadata-schema.
    assertThat(refused).containsOnlyKeys("MovieReview", "TflmPersonDetect");
    assertThat(refused.get("MovieReview")).isEqualTo("unsupported tensor: input 0 'input_3' is"
        + " INT32; wrappers handle FLOAT32, UINT8 and INT8 tensors");
    assertThat(refused.get("TflmPersonDetect")).startsWith("not a valid TFLite model: ");
    assertThat(sources.size() + refused.size()).isEqualTo(models.size());
    sources.forEach((file, source) -> assertThat(source.lines())
        .as(file).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(100)));
  }
}
