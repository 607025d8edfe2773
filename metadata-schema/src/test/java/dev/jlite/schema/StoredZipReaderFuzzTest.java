package dev.jlite.schema;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Any bytes given to the zip reader directly, without a model in front that must verify first, give
 * in-bounds files or {@link InvalidModelException}; anything else escaping is a finding. Saved inputs
 * in {@code StoredZipReaderFuzzTestInputs/read} replay in every build; run with {@code JAZZER_FUZZ=1}
 * to fuzz.
 */
class StoredZipReaderFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void read(byte[] data) {
    Map<String, ByteBuffer> files;
    try {
      files = StoredZipReader.read(ByteBuffer.wrap(data));
    } catch (InvalidModelException expected) {
      return;
    }
    for (ByteBuffer file : files.values()) {
      ByteBuffer view = file.duplicate();
      while (view.hasRemaining()) {
        view.get();
      }
    }
  }
}
