package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.CallOnceOptions;
import dev.jlite.schema.model.TensorType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What inspect does with files that are not models, and with bad usage. */
class InspectErrorsTest {
  private static final Path GOOD_MODEL =
      Cli.model("image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite");

  @TempDir
  static Path dir;

  static Stream<Arguments> hostileFiles() throws IOException {
    byte[] good = Files.readAllBytes(GOOD_MODEL);
    byte[] random = new byte[4096];
    new Random(42).nextBytes(random);
    byte[] wrongIdentifier = good.clone();
    // Bytes 4..7 hold the file identifier, TFL3 for models.
    System.arraycopy("XXXX".getBytes(StandardCharsets.US_ASCII), 0, wrongIdentifier, 4, 4);
    return Stream.of(
        Arguments.of("truncated", write("truncated.tflite", Arrays.copyOf(good, good.length / 2)),
            List.of("Malformed model")),
        Arguments.of("random bytes", write("random.tflite", random),
            List.of("has identifier")),
        Arguments.of("wrong identifier", write("identifier.tflite", wrongIdentifier),
            List.of("has identifier \"XXXX\", expected TFL3")),
        Arguments.of("empty", write("empty.tflite", new byte[0]),
            List.of("too short")),
        Arguments.of("nonexistent", dir.resolve("does-not-exist.tflite"),
            List.of("no such file")),
        Arguments.of("directory", dir,
            List.of("is a directory")),
        Arguments.of("tensor index out of range", write("tensor-index.tflite",
            reluModel((m, g) -> g.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(0)
                .outputs(57).build()))),
            List.of("output 0 refers to tensor 57, out of range")),
        Arguments.of("buffer index out of range", write("buffer-index.tflite",
            reluModel((m, g) -> g.addTensor(TensorSpec.builder("w", TensorType.FLOAT32, 2)
                .buffer(99).build()))),
            List.of("buffer index 99 is out of range")),
        Arguments.of("opcode index out of range", write("opcode-index.tflite",
            reluModel((m, g) -> g.addOperator(OperatorSpec.withOpcodeIndex(7).inputs(0).outputs(1)
                .build()))),
            List.of("operator code index 7 is out of range")),
        Arguments.of("constant shorter than its shape", write("short-constant.tflite",
            shortConstantModel()),
            List.of("needs 16 bytes, but buffer 1 holds 12")),
        Arguments.of("negative dimension", write("negative-dimension.tflite",
            reluModel((m, g) -> g.addTensor("bad", TensorType.FLOAT32, 2, -1))),
            List.of("dimension 1 is negative (-1)")),
        Arguments.of("subgraph calling itself", write("self-call.tflite",
            reluModel((m, g) -> g.addOperator(OperatorSpec.builtin(BuiltinOperator.CALL_ONCE)
                .options(BuiltinOptions.CallOnceOptions,
                    fbb -> CallOnceOptions.createCallOnceOptions(fbb, 0))
                .build()))),
            List.of("subgraph 0 calls subgraph 0")),
        Arguments.of("vector length past the end", write("vector-length.tflite",
            withHugeVectorLength(Files.readAllBytes(GOOD_MODEL))),
            List.of("Model.subgraphs: vector of 2147483632 elements runs past the end")),
        Arguments.of("zip entry past the end of file", write("zip-entry.tflite",
            withZipEntryPastTheEnd(Files.readAllBytes(
                Cli.model("image_classification/mobilenet_v1_0.25_224_quant.tflite")))),
            List.of("entry \"labels.txt\"", "run past the end of the file")));
  }

  /** A one-node model (tensor 1 = RELU(tensor 0)), plus whatever {@code damage} adds. */
  private static byte[] reluModel(BiConsumer<ModelBuilder, SubgraphBuilder> damage) {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int in = g.addTensor("in", TensorType.FLOAT32, 2);
    int out = g.addTensor("out", TensorType.FLOAT32, 2);
    damage.accept(m, g);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(in).outputs(out).build());
    g.inputs(in).outputs(out);
    return m.buildUnverified();
  }

  private static byte[] shortConstantModel() {
    return reluModel((m, g) -> g.addTensor(TensorSpec.builder("w", TensorType.FLOAT32, 2, 2)
        .buffer(m.addBuffer(new float[] {1, 2, 3})).build()));
  }

  /** The first vector of the model (the root table's first vector field) claims 2^31 - 16 items. */
  private static byte[] withHugeVectorLength(byte[] model) {
    ByteBuffer b = ByteBuffer.wrap(model.clone()).order(ByteOrder.LITTLE_ENDIAN);
    int root = b.getInt(0);
    int vtable = root - b.getInt(root);
    int subgraphsField = root + b.getShort(vtable + 4 + 2 * 2); // Model.subgraphs, slot 2
    int vector = subgraphsField + b.getInt(subgraphsField);
    b.putInt(vector, 0x7ffffff0);
    return b.array();
  }

  /** The archive's first central-directory entry claims a size that runs past the end of file. */
  private static byte[] withZipEntryPastTheEnd(byte[] model) {
    ByteBuffer b = ByteBuffer.wrap(model.clone()).order(ByteOrder.LITTLE_ENDIAN);
    int eocd = model.length - 22;
    assertThat(b.getInt(eocd)).isEqualTo(0x06054b50);
    int centralDirectory = b.getInt(eocd + 16);
    b.putInt(centralDirectory + 20, 0x0fffffff); // compressed size
    b.putInt(centralDirectory + 24, 0x0fffffff); // uncompressed size
    return b.array();
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFiles")
  void invalidModelExitsWith3AndOneLine(String what, Path file, List<String> reason) {
    for (String[] args : new String[][] {
        {"inspect", file.toString()}, {"inspect", "--json", file.toString()}}) {
      Cli.Result result = Cli.run(args);

      assertThat(result.exitCode()).isEqualTo(3);
      assertThat(result.out()).isEmpty();
      assertThat(result.errLines()).singleElement(InstanceOfAssertFactories.STRING)
          .startsWith("jlite: invalid model " + file + ": ")
          .contains(reason)
          .doesNotContain("Exception");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFiles")
  void verboseAddsTheStackTrace(String what, Path file) {
    for (String[] args : new String[][] {
        {"--verbose", "inspect", file.toString()}, {"inspect", file.toString(), "--verbose"}}) {
      Cli.Result result = Cli.run(args);

      assertThat(result.exitCode()).isEqualTo(3);
      assertThat(result.errLines().get(0)).startsWith("jlite: invalid model " + file + ": ");
      assertThat(result.err()).contains("\tat dev.jlite.cli.");
    }
  }

  @Test
  void reasonsAreSpecific() {
    assertThat(Cli.run("inspect", dir.resolve("nope.tflite").toString()).errLines())
        .containsExactly("jlite: invalid model " + dir.resolve("nope.tflite") + ": no such file");
    assertThat(Cli.run("inspect", dir.toString()).errLines())
        .containsExactly("jlite: invalid model " + dir + ": is a directory");
  }

  @Test
  void aMalformedArchiveIsInvalidEvenWithoutMetadata() throws IOException {
    // Populators append a zip of STORED files; a compressed entry cannot be read in place.
    java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
      out.putNextEntry(new java.util.zip.ZipEntry("labels.txt"));
      out.write("cat\ndog\n".getBytes(StandardCharsets.US_ASCII));
      out.closeEntry();
    }
    byte[] model = Files.readAllBytes(GOOD_MODEL);
    byte[] withZip = Arrays.copyOf(model, model.length + zip.size());
    System.arraycopy(zip.toByteArray(), 0, withZip, model.length, zip.size());
    Path file = write("deflated-archive.tflite", withZip);

    Cli.Result result = Cli.run("inspect", file.toString());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("jlite: invalid model " + file + ": ")
        .contains("\"labels.txt\"").contains("compressed");
  }

  static Stream<Arguments> badUsage() {
    return Stream.of(
        Arguments.of((Object) new String[] {}),
        Arguments.of((Object) new String[] {"inspect"}),
        Arguments.of((Object) new String[] {"inspect", "--bogus", GOOD_MODEL.toString()}),
        Arguments.of((Object) new String[] {"inspect", GOOD_MODEL.toString(), "extra"}),
        Arguments.of((Object) new String[] {"frobnicate"}));
  }

  @ParameterizedTest
  @MethodSource("badUsage")
  void badUsageExitsWith2AndShowsUsage(String[] args) {
    Cli.Result result = Cli.run(args);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("Usage: jlite");
  }

  @Test
  void helpExitsWith0() {
    Cli.Result result = Cli.run("inspect", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Usage: jlite inspect").contains("--json");
  }
}
