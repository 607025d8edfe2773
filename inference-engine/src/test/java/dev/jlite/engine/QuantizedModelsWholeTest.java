package dev.jlite.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole quantized models, end to end, byte for byte against real TFLite 2.19 on deterministic
 * inputs, with one and two threads.
 */
class QuantizedModelsWholeTest {
  static Stream<String> models() {
    return Stream.of(
        "image_classification/mobilenet_v1_0.25_224_quant.tflite",
        "image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite",
        "image_classification/tf2_mobilenet_v2_1.0_224_ptq.tflite",
        "object_detection/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite",
        "object_detection/ssd_mobilenet_v1.tflite",
        "object_detection/salad1_automl_320.tflite",
        "pose/movenet_singlepose_lightning_int8_4.tflite",
        "audio/tflm_micro_speech_quantized.tflite");
  }

  @ParameterizedTest
  @MethodSource("models")
  void matchesTfLite(String model) throws IOException {
    byte[] bytes = Files.readAllBytes(FloatModelsTest.MODELS.resolve(model));
    Differential.assertMatchesTfLiteOnSyntheticInputs(bytes, 1);
  }

  @ParameterizedTest
  @MethodSource("models")
  void matchesTfLiteOnTwoThreads(String model) throws IOException {
    byte[] bytes = Files.readAllBytes(FloatModelsTest.MODELS.resolve(model));
    Differential.assertMatchesTfLiteOnSyntheticInputs(bytes, 2);
  }
}
