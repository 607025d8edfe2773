package dev.jlite.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Once warm, running a model allocates nothing on the Java heap. (Until the JIT has compiled them,
 * Vector API operations run as objects; so the warm-up runs the model until it is compiled, up to
 * 300 times or 3 seconds.)
 */
class SteadyStateAllocationTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "image_classification/mobilenet_v1_0.25_224_1_default_1.tflite",
      "image_classification/mobilenet_v1_0.25_224_quant.tflite",
      "segmentation/deeplabv3.tflite",
      "face_hand/hand_landmark_lite.tflite",
      "text/movie_review.tflite"})
  void runsAllocateNothingAfterTheFirst(String model) throws IOException {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    try (Interpreter interpreter = new Interpreter(FloatModelsTest.MODELS.resolve(model))) {
      SyntheticInputs.fill(interpreter);
      long warmUntil = System.nanoTime() + 3_000_000_000L;
      for (int i = 0; i < 300 && System.nanoTime() < warmUntil; i++) {
        interpreter.invoke();
      }
      long before = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 5; i++) {
        interpreter.invoke();
      }
      long perRun = (threads.getThreadAllocatedBytes(thread) - before) / 5;

      assertThat(perRun).as("bytes allocated per run of %s", model).isLessThan(64);
    }
  }
}
