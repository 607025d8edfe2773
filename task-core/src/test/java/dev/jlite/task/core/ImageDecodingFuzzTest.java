package dev.jlite.task.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes given to the image decoder give an image or {@link InvalidInputException}, and the
 * EXIF reader a value from 0 to 8; anything else escaping (another exception, an out-of-memory
 * error from a header claiming a huge size) is a finding. Saved inputs in {@code
 * ImageDecodingFuzzTestInputs} replay in every build; run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class ImageDecodingFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void decode(byte[] data) {
    TensorImage image;
    try {
      image = TensorImage.decode(data);
    } catch (InvalidInputException expected) {
      return;
    }
    assertThat((long) image.width() * image.height()).isLessThanOrEqualTo(TensorImage.MAX_PIXELS);
  }

  @FuzzTest(maxDuration = "5m")
  void exifOrientation(byte[] data) {
    assertThat(ExifOrientation.read(data)).isBetween(0, 8);
  }
}
