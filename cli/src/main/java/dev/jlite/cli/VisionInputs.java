package dev.jlite.cli;

import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.TensorImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The image-side arguments of the vision subcommands: loading images and turning {@code --roi} and
 * {@code --orientation} into {@link ImageProcessingOptions}, with every failure an "invalid input"
 * {@link CommandFailure} (exit code 4) that names the file or the argument.
 */
final class VisionInputs {
  private VisionInputs() {}

  /** Decodes an image file as stored (the orientation is applied by the task). */
  static TensorImage load(Path image) {
    if (Files.isDirectory(image)) {
      throw invalid("cannot read image " + image + ": is a directory", null);
    }
    try {
      return TensorImage.load(image);
    } catch (NoSuchFileException e) {
      throw invalid("cannot read image " + image + ": no such file", e);
    } catch (IOException e) {
      throw invalid("cannot read image " + image + ": " + e.getMessage(), e);
    } catch (InvalidInputException e) {
      throw invalid("invalid image " + e.getMessage(), e);
    }
  }

  /**
   * The region of interest and orientation for one image: {@code --orientation} if given, else the
   * image file's EXIF orientation.
   */
  static ImageProcessingOptions processing(Path image, String roi, Integer orientation) {
    ImageProcessingOptions.Builder options = ImageProcessingOptions.builder();
    if (roi != null) {
      options.setRoi(parseRoi(roi));
    }
    if (orientation != null) {
      try {
        options.setOrientation(Orientation.fromExif(orientation));
      } catch (IllegalArgumentException e) {
        throw invalid("--orientation: " + e.getMessage(), e);
      }
    } else {
      try {
        options.setOrientation(TensorImage.exifOrientation(image));
      } catch (IOException e) {
        throw invalid("cannot read image " + image + ": " + e.getMessage(), e);
      }
    }
    return options.build();
  }

  private static Rect parseRoi(String roi) {
    String[] parts = roi.split(",", -1);
    if (parts.length != 4) {
      throw invalid("--roi must be x,y,width,height (4 integers), got \"" + roi + "\"", null);
    }
    int[] v = new int[4];
    for (int i = 0; i < 4; i++) {
      try {
        v[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw invalid("--roi must be x,y,width,height (4 integers), got \"" + roi + "\"", e);
      }
    }
    if (v[2] <= 0 || v[3] <= 0) {
      throw invalid("--roi " + roi + " has zero area: width and height must be positive", null);
    }
    return Rect.of(v[0], v[1], v[2], v[3]);
  }

  static CommandFailure invalid(String message, Throwable cause) {
    return new CommandFailure(Jlite.EXIT_INVALID_INPUT, message, cause);
  }
}
