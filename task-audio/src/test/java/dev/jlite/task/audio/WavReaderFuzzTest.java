package dev.jlite.task.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jlite.task.core.InvalidInputException;

/**
 * Any bytes given to the WAV reader give a clip or {@link InvalidInputException}; anything else
 * escaping (an index error from a chunk size pointing past the end, an out-of-memory error from a
 * header claiming a huge size) is a finding. A clip never holds more samples than the file has
 * bytes. Saved inputs in {@code WavReaderFuzzTestInputs/decode} replay in every build; run with
 * {@code JAZZER_FUZZ=1} to fuzz.
 */
class WavReaderFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void decode(byte[] data) {
    AudioClip clip;
    try {
      clip = WavReader.decode(data);
    } catch (InvalidInputException expected) {
      return;
    }
    assertThat(clip.frames()).isPositive();
    assertThat((long) clip.frames() * clip.format().channels()).isLessThanOrEqualTo(data.length);
  }
}
