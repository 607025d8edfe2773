package dev.jlite.task.core.internal;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.ResizeMethod;
import dev.jlite.task.core.TensorImage;

/**
 * Fills a vision model's input from an image, in TFLite's order: to RGB, crop the region of
 * interest, resize (bilinear) to the input size turned to the stored orientation, turn upright,
 * then feed bytes (UINT8) or {@code (x - mean) / std} (FLOAT32).
 */
public final class ImagePreprocessor {
  private final ImageInputSpec spec;

  public ImagePreprocessor(ImageInputSpec spec) {
    this.spec = spec;
  }

  public ImageInputSpec spec() {
    return spec;
  }

  /**
   * Writes the image into input 0 of the interpreter, resizing that input first if the model lets
   * its size follow the region of interest.
   *
   * @return the region of interest used, in pixels of the stored image
   * @throws dev.jlite.task.core.InvalidInputException if the region of interest is empty or not
   *     inside the image
   */
  public Rect preprocess(TensorImage image, ImageProcessingOptions options,
      Interpreter interpreter) {
    Rect roi = options.roiWithin(image.width(), image.height());
    int width = spec.widthMutable() ? roi.width() : spec.width();
    int height = spec.heightMutable() ? roi.height() : spec.height();
    Orientation orientation = options.orientation();
    boolean swap = orientation.swapsDimensions(Orientation.TOP_LEFT);
    TensorImage rgb = image.toRgb();
    TensorImage cropped = roi.equals(Rect.of(0, 0, image.width(), image.height()))
        ? rgb
        : rgb.crop(roi);
    TensorImage upright = cropped
        .resize(swap ? height : width, swap ? width : height, ResizeMethod.BILINEAR)
        .orient(orientation, Orientation.TOP_LEFT);
    if (spec.widthMutable() || spec.heightMutable()) {
      interpreter.resizeInput(0, new int[] {1, height, width, 3}, true);
      interpreter.allocateTensors();
    }
    Tensor input = interpreter.getInputTensor(0);
    byte[] pixels = upright.pixels();
    if (spec.type() == DataType.UINT8) {
      input.copyFrom(pixels);
    } else {
      input.copyFrom(normalize(pixels));
    }
    return roi;
  }

  private float[] normalize(byte[] pixels) {
    float[] mean = spec.mean();
    float[] inverseStd = new float[spec.std().length];
    for (int i = 0; i < inverseStd.length; i++) {
      inverseStd[i] = 1f / spec.std()[i];
    }
    int channels = mean.length;
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      int c = channels == 1 ? 0 : i % 3;
      out[i] = inverseStd[c] * ((pixels[i] & 0xFF) - mean[c]);
    }
    return out;
  }
}
