package dev.jlite.cli;

import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.TensorImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
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

  @Option(names = "--annotate", paramLabel = "OUT.png",
      description = "Also draw the results on the image and write it as PNG (with several "
          + "images: OUT-1.png, OUT-2.png, …).")
  Path annotate;

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

  /**
   * Writes the annotated image {@code i} to {@code --annotate} (numbered when there are several
   * images); does nothing without {@code --annotate}.
   */
  void writeAnnotation(int i, Supplier<BufferedImage> drawing) {
    if (annotate == null) {
      return;
    }
    Path target = annotate;
    if (images.size() > 1) {
      String name = annotate.getFileName().toString();
      int dot = name.lastIndexOf('.');
      String numbered = dot > 0
          ? name.substring(0, dot) + "-" + (i + 1) + name.substring(dot)
          : name + "-" + (i + 1);
      target = annotate.resolveSibling(numbered);
    }
    // Through a stream: ImageIO's own File handling prints a stack trace when it cannot write.
    try (OutputStream out = Files.newOutputStream(target)) {
      ImageIO.write(drawing.get(), "png", out);
    } catch (NoSuchFileException e) {
      throw new CommandFailure(2, "cannot write " + target + ": no such directory", e);
    } catch (IOException e) {
      throw new CommandFailure(2, "cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Region of interest and orientation of image {@code i}. */
  ImageProcessingOptions processing(int i) {
    return VisionInputs.processing(images.get(i), roi, orientation);
  }
}
