package dev.jlite.metadata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Metadata for SSD-style object detectors, as the official {@code object_detector.MetadataWriter
 * .create_for_inference} writes it: model "ObjectDetector", input "image", outputs "location"
 * (boundaries, index [1, 0, 3, 2], ratios), "category" (value labels), "score" (optional
 * calibration) and "number of detections", the first three with range [2, 2] and grouped as
 * "detection_result". The four output metadata go to the model's outputs in the order of their
 * tensor indices, as the official writer assigns them.
 */
public final class ObjectDetectorWriter {
  static final String NAME = "ObjectDetector";
  static final String DESCRIPTION = "Identify which of a known set of objects might be present"
      + " and provide information about their positions within the given image or a video"
      + " stream.";
  static final String INPUT_DESCRIPTION = "Input image to be detected.";

  private ObjectDetectorWriter() {}

  /**
   * Metadata for inference.
   *
   * @param labels label files of the category output
   * @param calibration score calibration of the score output, or {@code null}
   * @throws IOException if a file cannot be read
   * @throws MetadataException if mean and std differ in length or the model has not 4 outputs
   * @throws dev.jlite.schema.InvalidModelException if the model is not valid
   */
  public static MetadataWriter createForInference(byte[] model, double[] mean, double[] std,
      List<LabelFile> labels, ScoreCalibration calibration) throws IOException {
    WriterModel m = WriterModel.of(model);
    return create(m, mean, std, labels, calibration, m.inputType(0));
  }

  /**
   * The official {@code create_from_metadata_info} with no information: the same outputs, no
   * normalization, labels or bounds.
   */
  public static MetadataWriter createWithDefaults(byte[] model) throws IOException {
    return create(WriterModel.of(model), null, null, List.of(), null, null);
  }

  private static MetadataWriter create(WriterModel m, double[] mean, double[] std,
      List<LabelFile> labels, ScoreCalibration calibration, Byte inputType) throws IOException {
    m.requireOutputs(4, "object detector");
    TensorMetadata input = TensorInfo.image(ImageClassifierWriter.INPUT_NAME, INPUT_DESCRIPTION,
        mean, std, inputType);
    ValueRange range = new ValueRange(2, 2);
    TensorMetadata location = TensorInfo.feature("location", "The locations of the detected boxes.")
        .toBuilder().content(new Content(new BoundingBoxProperties(List.of(1L, 0L, 3L, 2L),
            BoundingBoxType.BOUNDARIES, CoordinateType.RATIO), range)).build();
    TensorMetadata category = TensorInfo.category("category",
        "The categories of the detected boxes.", labels).toBuilder()
        .content(new Content(new FeatureProperties(), range)).build();
    TensorMetadata score = TensorInfo.classification("score", "The scores of the detected boxes.",
        List.of(), null, calibration);
    score = score.toBuilder().content(new Content(new FeatureProperties(), range)).build();
    TensorMetadata number = TensorInfo.feature("number of detections",
        "The number of the detected boxes.");

    List<TensorMetadata> byRank = List.of(location, category, score, number);
    int[] indices = m.outputTensorIndices();
    int[] sorted = indices.clone();
    Arrays.sort(sorted);
    List<TensorMetadata> outputs = new ArrayList<>();
    for (int index : indices) {
      outputs.add(byRank.get(Arrays.binarySearch(sorted, index)));
    }
    ModelMetadata metadata = ModelMetadata.builder().name(NAME).description(DESCRIPTION)
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(List.of(input)).outputTensorMetadata(outputs)
            .outputTensorGroups(List.of(new TensorGroup("detection_result",
                List.of("location", "category", "score"))))
            .build()))
        .build();
    List<Path> files = new ArrayList<>();
    for (Path p : ImageClassifierWriter.files(labels, calibration)) {
      if (!files.contains(p)) {
        files.add(p);
      }
    }
    return MetadataWriter.of(m, metadata, files);
  }
}
