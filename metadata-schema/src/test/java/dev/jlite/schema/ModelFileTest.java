package dev.jlite.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.jlite.schema.model.Model;
import dev.jlite.schema.model.SubGraph;
import dev.jlite.schema.model.Tensor;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelFileTest {
  static List<Path> acceptedModels() {
    return TestModels.accepted();
  }

  @ParameterizedTest
  @MethodSource("acceptedModels")
  void realModelsVerifyAndEveryAccessorReads(Path path) throws Exception {
    ModelFile model = ModelFile.open(path);

    assertThat(model.model().version()).isEqualTo(3);
    assertThat(model.size()).isEqualTo(java.nio.file.Files.size(path));
    assertThat(AccessorWalker.walk(model.model())).isGreaterThan(20);
  }

  @Test
  void rejectsPerChannelBiasWithOutOfRangeQuantizedDimensionLikeTfLite() {
    assertThatThrownBy(() -> ModelFile.open(TestModels.path(TestModels.PERSON_DETECT)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("tflm_person_detect.tflite")
        .hasMessageContaining("subgraph 0, tensor 33 'MobilenetV1/MobilenetV1/Conv2d_0/Conv2D_bias'")
        .hasMessageContaining("quantized_dimension 3 is out of range for rank 1");
  }

  @Test
  void constantDataIsReadInPlaceFromTheMapping() throws Exception {
    Path path = TestModels.path("models/image_classification/mobilenet_v1_0.25_224_quant.tflite");
    ModelFile model = ModelFile.open(path);
    byte[] file = java.nio.file.Files.readAllBytes(path);
    SubGraph graph = model.model().subgraphs(0);
    int checked = 0;
    for (int t = 0; t < graph.tensorsLength(); t++) {
      Tensor tensor = graph.tensors(t);
      ByteBuffer data = model.bufferData((int) tensor.buffer());
      if (data.remaining() == 0) {
        continue;
      }
      assertThat(data.isDirect()).as("a view of the mapped file, not a copy").isTrue();
      assertThat(data.isReadOnly()).isTrue();
      ByteBuffer inFile = model.model().buffers((int) tensor.buffer()).dataAsByteBuffer();
      byte[] expected = java.util.Arrays.copyOfRange(file, inFile.position(), inFile.limit());
      byte[] actual = new byte[data.remaining()];
      data.get(actual);
      assertThat(actual).isEqualTo(expected);
      checked++;
    }
    assertThat(checked).isGreaterThan(20);
  }

  @Test
  void openingTheLargestModelAllocatesFarLessHeapThanItsSize() throws Exception {
    Path largest = TestModels.all().stream()
        .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    ModelFile.open(largest); // warm up class loading and schema parsing
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();

    long before = threads.getThreadAllocatedBytes(thread);
    ModelFile model = ModelFile.open(largest);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(model.size()).isGreaterThan(4_000_000);
    assertThat(allocated).as("bytes allocated opening %s", largest).isLessThan(model.size() / 8);
  }

  @Test
  void wrapUsesTheBuffersPositionAndLimit() {
    byte[] model = TestModels.bytes("models/text/test_model_nl_classifier_bool_output.tflite");
    byte[] padded = new byte[model.length + 16];
    System.arraycopy(model, 0, padded, 7, model.length);

    ModelFile file = ModelFile.wrap(ByteBuffer.wrap(padded, 7, model.length));

    assertThat(file.size()).isEqualTo(model.length);
    assertThat(file.model().subgraphsLength()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "text/test_model_nl_classifier_bool_output.tflite",
      "text/test_model_nl_classifier.tflite",
      "text/test_model_nl_classifier_with_associated_label.tflite"})
  void everySingleByteMutationIsRejectedCleanlyOrFullyReadable(String name) {
    byte[] original = TestModels.bytes("models/" + name);
    int rejected = 0;
    for (int pos = 0; pos < original.length; pos++) {
      for (int value : mutationsOf(original[pos])) {
        byte[] mutated = original.clone();
        mutated[pos] = (byte) value;
        if (acceptsAndReadsFully(mutated, "byte " + pos + " := " + value)) {
          continue;
        }
        rejected++;
      }
    }
    assertThat(rejected).isGreaterThan(original.length);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "text/test_model_nl_classifier_bool_output.tflite",
      "text/test_model_nl_classifier_with_associated_label.tflite"})
  void everyTruncationIsRejectedCleanlyOrFullyReadable(String name) {
    byte[] original = TestModels.bytes("models/" + name);
    for (int length = 0; length < original.length; length++) {
      acceptsAndReadsFully(java.util.Arrays.copyOf(original, length), "truncated to " + length);
    }
    assertThatThrownBy(() -> ModelFile.wrap(ByteBuffer.wrap(original, 0, 6)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("too short");
  }

  @Test
  void rejectsWrongIdentifierNamingBoth() {
    byte[] model = TestModels.bytes("models/text/test_model_nl_classifier_bool_output.tflite");
    model[4] = 'X';
    assertThatThrownBy(() -> ModelFile.wrap(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("identifier \"XFL3\", expected TFL3");
  }

  @Test
  void rejectsRandomBytes() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] noise = new byte[1 + random.nextInt(512)];
      random.nextBytes(noise);
      if (noise.length >= 8) {
        noise[4] = 'T';
        noise[5] = 'F';
        noise[6] = 'L';
        noise[7] = '3';
      }
      assertThatThrownBy(() -> ModelFile.wrap(ByteBuffer.wrap(noise)))
          .isInstanceOf(InvalidModelException.class);
    }
  }

  private static boolean acceptsAndReadsFully(byte[] bytes, String what) {
    ModelFile file;
    try {
      file = ModelFile.wrap(ByteBuffer.wrap(bytes));
    } catch (InvalidModelException expected) {
      assertThat(expected.getMessage()).as(what).isNotBlank();
      return false;
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": verifier threw " + e, e);
    }
    Model model = file.model();
    try {
      AccessorWalker.walk(model);
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": accepted, but reading it threw " + e, e);
    }
    return true;
  }

  private static List<Integer> mutationsOf(byte b) {
    return List.of(b ^ 0xff, b ^ 0x01, b ^ 0x80, 0, 0x7f, (b + 4) & 0xff);
  }
}
