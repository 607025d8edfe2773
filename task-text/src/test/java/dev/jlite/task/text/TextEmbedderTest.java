package dev.jlite.task.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.testing.TfLiteOracle;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.Embedding;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Feature vectors equal TFLite's outputs on hand-made inputs; normalization and quantization. */
class TextEmbedderTest {
  private static float[] tflite(byte[] model, byte[]... inputs) {
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      byte[] out = oracle.run(inputs)[0];
      float[] v = new float[out.length / 4];
      ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      return v;
    }
  }

  @Test
  void bertModelFedAsTheClassifier() {
    byte[] model = BertModels.bert(BertModels.Head.CLASSIFIER, 20, 16, 1, 3, false, 9,
        new BertModels.Meta(BertQuestionAnswererTest.VOCAB, null, List.of("embedding"), null));
    // [CLS] the capital of france [SEP]: 2 4 5 6 7 3, mask over 6, segment 0.
    int[] ids = {2, 4, 5, 6, 7, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    int[] mask = new int[16];
    Arrays.fill(mask, 0, 6, 1);
    float[] expected = tflite(model, ints(ids), ints(mask), ints(new int[16]));
    try (TextEmbedder embedder = TextEmbedder.create(ByteBuffer.wrap(model),
        TextEmbedder.Options.DEFAULT)) {
      List<Embedding> result = embedder.embed("The capital of France");
      assertThat(result).hasSize(1);
      float[] got = result.get(0).values();
      assertThat(got).hasSize(3);
      for (int i = 0; i < 3; i++) {
        assertThat(got[i]).isCloseTo(expected[i], within(1e-4f));
      }
    }
  }

  @Test
  void regexModelL2NormalizedAndQuantized() throws IOException {
    Path path = NLClassifierTest.SPAM_MODEL;
    byte[] model = Files.readAllBytes(path);
    ByteBuffer vocabFile = MetadataExtractor.of(ModelFile.open(path))
        .associatedFile("vocab.txt").orElseThrow();
    byte[] vocab = new byte[vocabFile.remaining()];
    vocabFile.get(vocab);
    String text = "free gifts, subscribe to my channel";
    int[] ids = RegexTokenizer.create("[^\\w\\']+", new String(vocab, StandardCharsets.UTF_8))
        .encode(text, 20);
    float[] raw = tflite(model, ints(ids));
    double norm = Math.sqrt(raw[0] * raw[0] + raw[1] * raw[1]);
    try (TextEmbedder plain = TextEmbedder.create(path);
        TextEmbedder normalized = TextEmbedder.create(path, TextEmbedder.Options.builder()
            .setL2Normalize(true).build());
        TextEmbedder quantized = TextEmbedder.create(path, TextEmbedder.Options.builder()
            .setL2Normalize(true).setQuantize(true).build())) {
      assertThat(plain.embed(text).get(0).values()).containsExactly(raw);
      float[] unit = normalized.embed(text).get(0).values();
      assertThat(unit[0]).isCloseTo((float) (raw[0] / norm), within(1e-6f));
      assertThat(unit[1]).isCloseTo((float) (raw[1] / norm), within(1e-6f));
      byte[] q = quantized.embed(text).get(0).quantizedValues();
      assertThat(q[0]).isEqualTo((byte) Math.min(127, Math.round(raw[0] / norm * 128)));
      assertThat(q[1]).isEqualTo((byte) Math.min(127, Math.round(raw[1] / norm * 128)));
      assertThat(Embedding.cosineSimilarity(plain.embed(text).get(0),
          plain.embed(text).get(0))).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void stringInputThroughAUserRegisteredOperator() {
    // STRING [1] -> custom LENGTHS -> [1, 3]: (UTF-8 byte length, 1, 0).
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder g = builder.addSubgraph("main");
    int in = g.addTensor("text", TensorType.STRING, 1);
    int out = g.addTensor("embedding", TensorType.FLOAT32, 1, 3);
    g.addOperator(OperatorSpec.custom("LENGTHS").inputs(in).outputs(out).build());
    g.inputs(in).outputs(out);
    OpResolver resolver = OpResolver.builder().addAll(OpResolver.builtin())
        .addCustom("LENGTHS", () -> new Kernel() {
          @Override
          public void prepare(Node node) {
            node.resizeOutput(0, 1, 3);
          }

          @Override
          public void eval(Node node) {
            float[] v = node.output(0).floats();
            int at = node.output(0).offset();
            v[at] = node.input(0).strings()[node.input(0).offset()].length;
            v[at + 1] = 1;
            v[at + 2] = 0;
          }
        }).build();
    try (TextEmbedder embedder = TextEmbedder.create(ByteBuffer.wrap(builder.build()),
        TextEmbedder.Options.builder()
            .setBaseOptions(BaseOptions.builder().setOpResolver(resolver).build()).build())) {
      assertThat(embedder.embed("héllo").get(0).values()).containsExactly(6f, 1f, 0f);
    }
  }

  @Test
  void badInputAndModels() throws IOException {
    try (TextEmbedder embedder = TextEmbedder.create(NLClassifierTest.SPAM_MODEL)) {
      assertThatThrownBy(() -> embedder.embed("  "))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
    }
    assertThatThrownBy(() -> TextEmbedder.create(NLClassifierTest.NO_METADATA_MODEL))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("INT32 ids with RegexTokenizerOptions metadata, or a STRING");
  }

  private static byte[] ints(int[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return b.array();
  }
}
