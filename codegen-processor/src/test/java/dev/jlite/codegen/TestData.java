package dev.jlite.codegen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository's testdata directory. */
final class TestData {
  static final Path ROOT = Path.of(System.getProperty("jlite.testdata", "../testdata"))
      .toAbsolutePath().normalize();
  static final Path CLASSIFIER =
      ROOT.resolve("models/image_classification/mobilenet_v1_0.25_224_quant.tflite");
  static final Path DETECTOR =
      ROOT.resolve("models/object_detection/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite");
  static final Path SEGMENTER = ROOT.resolve("models/segmentation/deeplabv3.tflite");
  static final Path NO_METADATA =
      ROOT.resolve("models/image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite");
  static final Path AUDIO_CLASSIFIER =
      ROOT.resolve("models/audio/yamnet_audio_classifier_with_metadata.tflite");
  static final Path SPEECH = ROOT.resolve("audio/speech.wav");
  static final Path BURGER = ROOT.resolve("images/burger.jpg");
  static final Path MULTI_OBJECTS = ROOT.resolve("images/multi_objects.jpg");

  private TestData() {}

  /** Copies a model to {@code root/resource}, as a resource directory of a build would hold it. */
  static Path place(Path model, Path root, String resource) throws IOException {
    Path target = root.resolve(resource);
    Files.createDirectories(target.getParent());
    Files.copy(model, target);
    return root;
  }
}
