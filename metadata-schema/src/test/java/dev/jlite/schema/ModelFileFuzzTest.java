package dev.jlite.schema;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Any bytes given to {@link ModelFile#wrap} either verify or fail with {@link
 * InvalidModelException}; anything else escaping is a finding. Saved inputs in {@code
 * ModelFileFuzzTestInputs/wrap} replay in every build; run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class ModelFileFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void wrap(byte[] data) {
    try {
      ModelFile.wrap(ByteBuffer.wrap(data));
    } catch (InvalidModelException expected) {
      // The one clean way to refuse a model.
    }
  }
}
