package dev.jlite.metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * Tensor metadata as the official {@code metadata_info} classes create it: every tensor gets a
 * {@code Content} and a {@code Stats} (empty when no bounds are known), bounds come from the
 * tensor type, and label files become associated files.
 */
final class TensorInfo {
  private static final double MIN_PIXEL = 0.0;
  private static final double MAX_PIXEL = 255.0;

  private TensorInfo() {}

  /** {@code TensorMd}: feature content, given bounds (or none) and associated files. */
  static TensorMetadata.Builder plain(String name, String description, List<Float> min,
      List<Float> max, ContentProperties content, List<AssociatedFile> files) {
    return TensorMetadata.builder().name(name).description(description)
        .content(Content.of(content)).stats(new Stats(max, min))
        .associatedFiles(files == null || files.isEmpty() ? null : files);
  }

  /** {@code TensorMd} with feature content and nothing else. */
  static TensorMetadata feature(String name, String description) {
    return plain(name, description, null, null, new FeatureProperties(), null).build();
  }

  /**
   * {@code InputImageTensorMd}: RGB image; uint8 inputs are bounded by [0, 255], float inputs by
   * the normalized pixel range (computed in double precision, as Python does); normalization is
   * recorded when both mean and std are given.
   */
  static TensorMetadata image(String name, String description, double[] mean, double[] std,
      Byte tensorType) {
    mean = mean == null ? new double[0] : mean;
    std = std == null ? new double[0] : std;
    if (mean.length > 0 && std.length > 0 && mean.length != std.length) {
      throw new MetadataException("norm_mean and norm_std are expected to be the same dim. But"
          + " got " + mean.length + " and " + std.length);
    }
    for (double s : std) {
      if (s == 0) {
        throw new MetadataException("norm_std must not contain 0, got " + java.util.Arrays
            .toString(std));
      }
    }
    List<Float> min = null;
    List<Float> max = null;
    if (tensorType != null && WriterModel.isUint8(tensorType)) {
      min = List.of(0f);
      max = List.of(255f);
    } else if (tensorType != null && WriterModel.isFloat32(tensorType) && mean.length > 0
        && std.length > 0) {
      min = new ArrayList<>();
      max = new ArrayList<>();
      for (int i = 0; i < mean.length; i++) {
        min.add((float) ((MIN_PIXEL - mean[i]) / std[i]));
        max.add((float) ((MAX_PIXEL - mean[i]) / std[i]));
      }
    }
    TensorMetadata.Builder builder = plain(name, description, min, max,
        ImageProperties.of(ColorSpaceType.RGB), null);
    if (mean.length > 0 && std.length > 0) {
      builder.processUnits(List.of(new ProcessUnit(
          new NormalizationOptions(floats(mean), floats(std)))));
    }
    return builder.build();
  }

  /**
   * {@code ClassificationTensorMd}: scores bounded by [0, 255] (uint8) or [0, 1] (float32), label
   * files, and the score calibration unit and file when given.
   */
  static TensorMetadata classification(String name, String description, List<LabelFile> labels,
      Byte tensorType, ScoreCalibration calibration) {
    List<Float> min = null;
    List<Float> max = null;
    if (tensorType != null && WriterModel.isUint8(tensorType)) {
      min = List.of(0f);
      max = List.of(255f);
    } else if (tensorType != null && WriterModel.isFloat32(tensorType)) {
      min = List.of(0f);
      max = List.of(1f);
    }
    List<AssociatedFile> files = new ArrayList<>();
    for (LabelFile label : labels) {
      files.add(label.metadata(AssociatedFileType.TENSOR_AXIS_LABELS));
    }
    if (calibration != null) {
      files.add(calibration.metadata());
    }
    TensorMetadata.Builder builder = plain(name, description, min, max, new FeatureProperties(),
        files);
    if (calibration != null) {
      builder.processUnits(List.of(calibration.processUnit()));
    }
    return builder.build();
  }

  /** {@code InputTextTensorMd}: feature content with the regex tokenizer, if any. */
  static TensorMetadata text(String name, String description, Tokenizer.Regex tokenizer) {
    TensorMetadata.Builder builder = plain(name, description, null, null,
        new FeatureProperties(), null);
    if (tokenizer != null) {
      builder.processUnits(List.of(tokenizer.processUnit()));
    }
    return builder.build();
  }

  /** {@code CategoryTensorMd}: feature content with value label files. */
  static TensorMetadata category(String name, String description, List<LabelFile> labels) {
    List<AssociatedFile> files = new ArrayList<>();
    labels.forEach(l -> files.add(l.metadata(AssociatedFileType.TENSOR_VALUE_LABELS)));
    return plain(name, description, null, null, new FeatureProperties(), files).build();
  }

  private static List<Float> floats(double[] values) {
    List<Float> list = new ArrayList<>();
    for (double v : values) {
      list.add((float) v);
    }
    return list;
  }
}
