package dev.jlite.cli;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.task.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Creates a task for the vision subcommands: from {@code --model}, or from the default model packed
 * into the jar. A model that cannot be read, is malformed or does not fit the task is an "invalid
 * model" failure (exit code 3); options that do not fit the model are invalid input (exit code 4).
 */
final class TaskModels {
  /** The default image classifier (bundled from testdata/models/image_classification). */
  static final String DEFAULT_CLASSIFIER = "mobilenet_v1_0.25_224_quant.tflite";

  /** The default object detector (bundled from testdata/models/object_detection). */
  static final String DEFAULT_DETECTOR = "coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite";

  /** The default image segmenter (bundled from testdata/models/segmentation). */
  static final String DEFAULT_SEGMENTER = "deeplabv3.tflite";

  /** The default pose model (bundled from testdata/models/pose). */
  static final String DEFAULT_POSE = "movenet_singlepose_lightning_int8_4.tflite";

  private TaskModels() {}

  /** A factory that reads a model file. */
  interface FileFactory<T> {
    T create(Path model) throws IOException;
  }

  static <T> T create(Path model, String defaultModel, FileFactory<T> fromFile,
      Function<ByteBuffer, T> fromBuffer) {
    String source = model != null ? model.toString() : "(bundled " + defaultModel + ")";
    try {
      if (model == null) {
        return fromBuffer.apply(bundled(defaultModel));
      }
      // Reuse the command line's checks and messages for unreadable and malformed files.
      ModelLoader.open(model);
      return fromFile.create(model);
    } catch (IOException e) {
      throw new CommandFailure(Jlite.EXIT_INVALID_MODEL,
          "invalid model " + source + ": " + e.getMessage(), e);
    } catch (InvalidModelException e) {
      String prefix = source + ": ";
      String reason = e.getMessage().startsWith(prefix)
          ? e.getMessage().substring(prefix.length())
          : e.getMessage();
      throw new CommandFailure(Jlite.EXIT_INVALID_MODEL,
          "invalid model " + source + ": " + reason, e);
    } catch (InvalidInputException e) {
      throw VisionInputs.invalid(e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw VisionInputs.invalid("options do not fit model " + source + ": " + e.getMessage(), e);
    }
  }

  private static ByteBuffer bundled(String name) {
    try (InputStream in = TaskModels.class.getResourceAsStream("models/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the default model " + name
            + " is missing from the jar; pass --model");
      }
      byte[] bytes = in.readAllBytes();
      return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
