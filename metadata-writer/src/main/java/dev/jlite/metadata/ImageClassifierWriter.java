package dev.jlite.metadata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Metadata for image classifiers, as the official {@code image_classifier.MetadataWriter
 * .create_for_inference} writes it: model "ImageClassifier", input "image" (RGB, normalization,
 * bounds from the input type), output "probability" (labels, optional score calibration).
 */
public final class ImageClassifierWriter {
  static final String NAME = "ImageClassifier";
  static final String DESCRIPTION =
      "Identify the most prominent object in the image from a known set of categories.";
  static final String INPUT_NAME = "image";
  static final String INPUT_DESCRIPTION = "Input image to be classified.";
  static final String OUTPUT_NAME = "probability";
  static final String OUTPUT_DESCRIPTION = "Probabilities of the labels respectively.";

  private ImageClassifierWriter() {}

  /**
   * Metadata for inference.
   *
   * @param mean per-channel normalization mean (or one value for all channels)
   * @param std per-channel normalization std, as many values as {@code mean}
   * @param labels label files of the output, e.g. one per locale
   * @param calibration score calibration, or {@code null}
   * @throws IOException if a file cannot be read
   * @throws MetadataException if mean and std differ in length
   * @throws dev.jlite.schema.InvalidModelException if the model is not valid
   */
  public static MetadataWriter createForInference(byte[] model, double[] mean, double[] std,
      List<LabelFile> labels, ScoreCalibration calibration) throws IOException {
    WriterModel m = WriterModel.of(model);
    return create(m, mean, std, labels, calibration, m.inputType(0), m.outputType(0));
  }

  /**
   * The official {@code create_from_metadata_info} with no information: names and descriptions
   * only, no normalization, labels or bounds.
   */
  public static MetadataWriter createWithDefaults(byte[] model) throws IOException {
    return create(WriterModel.of(model), null, null, List.of(), null, null, null);
  }

  private static MetadataWriter create(WriterModel m, double[] mean, double[] std,
      List<LabelFile> labels, ScoreCalibration calibration, Byte inputType, Byte outputType)
      throws IOException {
    TensorMetadata input = TensorInfo.image(INPUT_NAME, INPUT_DESCRIPTION, mean, std, inputType);
    TensorMetadata output = TensorInfo.classification(OUTPUT_NAME, OUTPUT_DESCRIPTION, labels,
        outputType, calibration);
    ModelMetadata metadata = ModelMetadata.builder().name(NAME).description(DESCRIPTION)
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(List.of(input)).outputTensorMetadata(List.of(output)).build()))
        .build();
    return MetadataWriter.of(m, metadata, files(labels, calibration));
  }

  /** Label files then the calibration file, the order the official writers pack them in. */
  static List<Path> files(List<LabelFile> labels, ScoreCalibration calibration) {
    List<Path> files = new ArrayList<>();
    labels.forEach(l -> files.add(l.path()));
    if (calibration != null) {
      files.add(calibration.file());
    }
    return files;
  }
}
