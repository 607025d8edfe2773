package dev.jlite.metadata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Metadata for single-pose estimators such as MoveNet (output {@code [1, 1, K, 3]}: y, x and score
 * of K keypoints), which have no official writer. Model "PoseEstimator"; input "image" as for the
 * image writers; output "keypoints" whose keypoint names are an axis label file, one name per
 * line, so that readers name the keypoints as they name classes.
 */
public final class PoseEstimatorWriter {
  private PoseEstimatorWriter() {}

  /**
   * Metadata for inference.
   *
   * @param keypointNames a label file with one keypoint name per line, or {@code null}
   * @throws MetadataException if mean and std differ in length or the model has not 1 output
   * @throws IOException if a file cannot be read
   */
  public static MetadataWriter createForInference(byte[] model, double[] mean, double[] std,
      LabelFile keypointNames) throws IOException {
    WriterModel m = WriterModel.of(model);
    m.requireOutputs(1, "pose estimator");
    TensorMetadata input = TensorInfo.image(ImageClassifierWriter.INPUT_NAME,
        "Input image in which to estimate the pose.", mean, std, m.inputType(0));
    List<AssociatedFile> files = new ArrayList<>();
    List<LabelFile> labels = keypointNames == null ? List.of() : List.of(keypointNames);
    labels.forEach(l -> files.add(AssociatedFile.of(l.path().getFileName().toString(),
        "Names of the keypoints, one per line, in output order.",
        AssociatedFileType.TENSOR_AXIS_LABELS).withLocale(l.locale())));
    TensorMetadata output = TensorInfo.plain("keypoints", "Keypoints of the pose: for each, its"
        + " y and x coordinates as ratios of the image size and its score.", null, null,
        new FeatureProperties(), files).build();
    ModelMetadata metadata = ModelMetadata.builder().name("PoseEstimator")
        .description("Estimate the pose of a person by locating their body keypoints.")
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(List.of(input)).outputTensorMetadata(List.of(output)).build()))
        .build();
    return MetadataWriter.of(m, metadata, ImageClassifierWriter.files(labels, null));
  }
}
