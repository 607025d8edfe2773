package dev.jlite.task.core.internal;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.metadata.ColorSpaceType;
import dev.jlite.schema.metadata.ContentProperties;
import dev.jlite.schema.metadata.ImageProperties;
import dev.jlite.schema.metadata.NormalizationOptions;
import dev.jlite.schema.metadata.ProcessUnitOptions;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.task.core.IncompatibleModelException;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a vision model expects as its image input, from the input tensor and its metadata, checked
 * as TFLite's task library checks it: one {@code [1, H, W, 3]} UINT8 or FLOAT32 input, RGB, and
 * for FLOAT32, normalization (from metadata or the caller).
 *
 * @param width the input width
 * @param height the input height
 * @param type UINT8 or FLOAT32
 * @param mean per-channel means (1 or 3 values) for FLOAT32 inputs, else null
 * @param std per-channel standard deviations, as many as means, else null
 * @param widthMutable whether the width follows the region of interest (-1 in the signature)
 * @param heightMutable whether the height follows the region of interest
 */
public record ImageInputSpec(int width, int height, DataType type, float[] mean, float[] std,
    boolean widthMutable, boolean heightMutable) {

  /**
   * Reads the spec of a model's single image input.
   *
   * @param model the model
   * @param normalization mean and std the caller gave ({@code float[2][]}), which take precedence
   *     over the metadata's; empty if none
   * @throws IncompatibleModelException if the model does not take one RGB image as described, or
   *     takes floats and neither metadata nor caller give normalization
   * @throws InvalidModelException if the metadata is inconsistent
   */
  public static ImageInputSpec of(TaskModel model, Optional<float[][]> normalization) {
    if (model.interpreter().getInputTensorCount() != 1) {
      throw new IncompatibleModelException("the model has "
          + model.interpreter().getInputTensorCount() + " inputs; a vision task needs one image"
          + " input");
    }
    Optional<TensorMetadata> metadata = model.metadata().inputTensorMetadata(0);
    Tensor input = model.interpreter().getInputTensor(0);
    int[] shape = input.shape();
    if (shape.length != 4) {
      throw new IncompatibleModelException("input 0 '" + input.name() + "' has shape "
          + Arrays.toString(shape) + "; an image input must be [1, height, width, 3]");
    }
    if (input.dataType() != DataType.UINT8 && input.dataType() != DataType.FLOAT32) {
      throw new IncompatibleModelException("input 0 '" + input.name() + "' is "
          + input.dataType() + "; image inputs must be UINT8 or FLOAT32");
    }
    if (metadata.isPresent()) {
      checkRgb(metadata.get());
    }
    if (shape[0] != 1 || shape[3] != 3) {
      throw new IncompatibleModelException("input 0 '" + input.name() + "' has shape "
          + Arrays.toString(shape) + "; an image input must be [1, height, width, 3]");
    }
    if (shape[1] <= 0 || shape[2] <= 0) {
      throw new IncompatibleModelException("input 0 '" + input.name() + "' has shape "
          + Arrays.toString(shape) + "; width and height must be positive");
    }
    float[] mean = null;
    float[] std = null;
    if (input.dataType() == DataType.FLOAT32) {
      float[][] given = normalization.orElseGet(() -> metadata.flatMap(ImageInputSpec::fromMetadata)
          .orElseThrow(() -> new IncompatibleModelException("input 0 '" + input.name()
              + "' is FLOAT32 and the model's metadata has no NormalizationOptions to scale"
              + " pixels with: set them with setNormalization(mean, std)")));
      mean = given[0];
      std = given[1];
      checkNormalization(mean, std);
    }
    int[] signature = input.shapeSignature();
    boolean heightMutable = signature.length > 2 && signature[1] == -1;
    boolean widthMutable = signature.length > 2 && signature[2] == -1;
    return new ImageInputSpec(shape[2], shape[1], input.dataType(), mean, std, widthMutable,
        heightMutable);
  }

  private static void checkRgb(TensorMetadata metadata) {
    if (metadata.content() == null
        || metadata.content().contentPropertiesType() == ContentProperties.NONE) {
      return;
    }
    if (metadata.content().contentPropertiesType() != ContentProperties.ImageProperties) {
      throw new InvalidModelException("the metadata of input '" + metadata.name()
          + "' describes content type " + metadata.content().contentPropertiesType()
          + ", not ImageProperties");
    }
    ImageProperties properties =
        (ImageProperties) metadata.content().contentProperties(new ImageProperties());
    if (properties.colorSpace() != ColorSpaceType.RGB) {
      throw new IncompatibleModelException("the metadata of input '" + metadata.name()
          + "' gives color space " + properties.colorSpace() + "; only RGB (1) is supported");
    }
  }

  private static Optional<float[][]> fromMetadata(TensorMetadata metadata) {
    return MetadataFiles.processUnit(metadata, ProcessUnitOptions.NormalizationOptions)
        .map(u -> {
          NormalizationOptions n = (NormalizationOptions) u.options(new NormalizationOptions());
          float[] mean = new float[n.meanLength()];
          for (int i = 0; i < mean.length; i++) {
            mean[i] = n.mean(i);
          }
          float[] std = new float[n.stdLength()];
          for (int i = 0; i < std.length; i++) {
            std[i] = n.std(i);
          }
          return new float[][] {mean, std};
        });
  }

  private static void checkNormalization(float[] mean, float[] std) {
    if (mean.length != std.length) {
      throw new InvalidModelException("normalization has " + mean.length + " means and "
          + std.length + " stds; they must be as many");
    }
    if (mean.length != 1 && mean.length != 3) {
      throw new InvalidModelException("normalization has " + mean.length
          + " values; 1 or 3 are supported");
    }
    for (float s : std) {
      if (Math.abs(s) < Math.ulp(1f) || !Float.isFinite(s)) {
        throw new InvalidModelException("normalization std " + Arrays.toString(std)
            + " contains 0 or a non-finite value");
      }
    }
  }
}
