package dev.jlite.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.schema.testing.OracleTensorInfo;
import dev.jlite.schema.testing.TfLiteOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole quantized models, end to end, byte for byte against real TFLite 2.19 on deterministic
 * inputs, with one and two threads, and the image models on real pictures.
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

  /** The image models with a picture each: uint8 pixels as they are, int8 ones shifted by 128. */
  static Stream<Arguments> modelsWithImages() {
    return Stream.of(
        Arguments.of("image_classification/mobilenet_v1_0.25_224_quant.tflite", "burger.jpg"),
        Arguments.of("image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite",
            "sparrow.png"),
        Arguments.of("image_classification/tf2_mobilenet_v2_1.0_224_ptq.tflite", "burger.jpg"),
        Arguments.of("object_detection/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite",
            "cats_and_dogs.jpg"),
        Arguments.of("object_detection/ssd_mobilenet_v1.tflite", "multi_objects.jpg"),
        Arguments.of("object_detection/salad1_automl_320.tflite", "multi_objects.jpg"),
        Arguments.of("pose/movenet_singlepose_lightning_int8_4.tflite", "girl.jpg"));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("modelsWithImages")
  void matchesTfLiteOnRealImages(String model, String image) throws IOException {
    byte[] bytes = Files.readAllBytes(FloatModelsTest.MODELS.resolve(model));
    OracleTensorInfo input;
    try (TfLiteOracle oracle = TfLiteOracle.open(bytes)) {
      input = oracle.inputInfo(0);
    }
    int[] shape = input.shape();
    byte[] pixels = RealInputs.rgb(image, shape[1], shape[2]);
    if (input.typeName().equals("INT8")) {
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] ^= (byte) 0x80;
      }
    } else {
      assertThat(input.typeName()).isEqualTo("UINT8");
    }
    Differential.assertMatchesTfLite(bytes, pixels);
  }

  @ParameterizedTest
  @MethodSource("models")
  void matchesTfLiteOnTwoThreads(String model) throws IOException {
    byte[] bytes = Files.readAllBytes(FloatModelsTest.MODELS.resolve(model));
    Differential.assertMatchesTfLiteOnSyntheticInputs(bytes, 2);
  }
}
