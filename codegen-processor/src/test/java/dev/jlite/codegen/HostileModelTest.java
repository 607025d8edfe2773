package dev.jlite.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Damaged models make the generator throw {@link CodegenException} and nothing else, so that the
 * processor always reports a compile error instead of crashing.
 */
class HostileModelTest {
  private static void assertGeneratesOrRefuses(byte[] model, String what) {
    try {
      Codegen.generate(ByteBuffer.wrap(model), "p", "M", "m.tflite");
    } catch (CodegenException e) {
      assertThat(e.getMessage()).as(what).isNotBlank();
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": " + e, e);
    }
  }

  private static void mutateTail(Path model, int tail, long seed, int rounds) throws Exception {
    byte[] good = Files.readAllBytes(model);
    Random random = new Random(seed);
    for (int round = 0; round < rounds; round++) {
      byte[] bad = good.clone();
      for (int k = 0; k < 1 + random.nextInt(4); k++) {
        int at = bad.length - 1 - random.nextInt(Math.min(tail, bad.length));
        bad[at] = (byte) random.nextInt(256);
      }
      assertGeneratesOrRefuses(bad, model.getFileName() + " round " + round);
    }
  }

  @Test
  void damagedMetadataAndArchivesAreRefusedCleanly() throws Exception {
    // Metadata and the label archive sit at the end of these files.
    mutateTail(TestData.DETECTOR, 4096, 1, 300);
    mutateTail(TestData.CLASSIFIER, 16384, 2, 300);
    mutateTail(TestData.SEGMENTER, 4096, 3, 300);
    mutateTail(TestData.ROOT.resolve(
        "models/text/test_model_nl_classifier_with_regex_tokenizer.tflite"), 4096, 4, 300);
  }

  @Test
  void truncatedModelsAreRefusedCleanly() throws Exception {
    byte[] good = Files.readAllBytes(TestData.CLASSIFIER);
    for (int length : new int[] {0, 3, 8, 64, 1024, good.length / 2, good.length - 100}) {
      assertGeneratesOrRefuses(Arrays.copyOf(good, length), "first " + length + " bytes");
    }
  }
}
