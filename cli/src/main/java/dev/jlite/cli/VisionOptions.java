package dev.jlite.cli;

import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.TensorImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The arguments the vision subcommands share (a picocli mixin): the images, the model, the locale,
 * region of interest, orientation, threads and output format.
 */
final class VisionOptions {
  @Parameters(arity = "1..*", paramLabel = "IMAGE",
      description = "JPEG, PNG, BMP or GIF files.")
  List<Path> images;

  @Option(names = "--model", paramLabel = "M",
      description = "The .tflite model (default: the bundled one).")
  Path model;

  @Option(names = "--locale", defaultValue = "en", paramLabel = "L",
      description = "Locale of display names (default: ${DEFAULT-VALUE}).")
  String locale;

  @Option(names = "--roi", paramLabel = "x,y,w,h",
      description = "Region of interest in pixels of the stored image (default: all of it).")
  String roi;

  @Option(names = "--orientation", paramLabel = "1..8",
      description = "EXIF orientation of the stored pixels (default: the file's EXIF tag, else 1).")
  Integer orientation;

  @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
      description = "Threads to run kernels on (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--json", description = "Print JSON (camelCase keys) instead of text.")
  boolean json;

  /** Checks the arguments that are bad usage rather than bad input. */
  void checkUsage() {
    if (threads < 1) {
      throw new CommandFailure(2, "--threads must be at least 1, was " + threads, null);
    }
  }

  /** The model as JSON shows it: the path as given, or the bundled default's name. */
  String modelName(String defaultModel) {
    return model != null ? model.toString() : "bundled:" + defaultModel;
  }

  /** Every image decoded, in order (exit code 4 for the first that cannot be). */
  List<TensorImage> loadImages() {
    List<TensorImage> loaded = new ArrayList<>();
    for (Path image : images) {
      loaded.add(VisionInputs.load(image));
    }
    return loaded;
  }

  /** Region of interest and orientation of image {@code i}. */
  ImageProcessingOptions processing(int i) {
    return VisionInputs.processing(images.get(i), roi, orientation);
  }
}
