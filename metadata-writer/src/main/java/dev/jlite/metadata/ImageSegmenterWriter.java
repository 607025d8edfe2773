package dev.jlite.metadata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Metadata for image segmenters, as the official {@code image_segmenter.MetadataWriter
 * .create_for_inference} writes it: model "ImageSegmenter", input "image", output
 * "segmentation_masks" (a grayscale image over dimensions 1 to 2, with axis labels).
 */
public final class ImageSegmenterWriter {
  static final String NAME = "ImageSegmenter";
  static final String DESCRIPTION = "Semantic image segmentation predicts whether each pixel of an"
      + " image is associated with a certain class.";

  private ImageSegmenterWriter() {}

  /**
   * Metadata for inference.
   *
   * @throws IOException if a label file cannot be read
   * @throws MetadataException if mean and std differ in length
   * @throws dev.jlite.schema.InvalidModelException if the model is not valid
   */
  public static MetadataWriter createForInference(byte[] model, double[] mean, double[] std,
      List<LabelFile> labels) throws IOException {
    WriterModel m = WriterModel.of(model);
    return create(m, mean, std, labels, m.inputType(0));
  }

  /**
   * The official {@code create_from_metadata_info} with no information: no normalization, labels
   * or bounds.
   */
  public static MetadataWriter createWithDefaults(byte[] model) throws IOException {
    return create(WriterModel.of(model), null, null, List.of(), null);
  }

  private static MetadataWriter create(WriterModel m, double[] mean, double[] std,
      List<LabelFile> labels, Byte inputType) throws IOException {
    TensorMetadata input = TensorInfo.image(ImageClassifierWriter.INPUT_NAME,
        "Input image to be segmented.", mean, std, inputType);
    List<AssociatedFile> files = new ArrayList<>();
    labels.forEach(l -> files.add(l.metadata(AssociatedFileType.TENSOR_AXIS_LABELS)));
    TensorMetadata output = TensorInfo.plain("segmentation_masks",
        "Masks over the target objects with high accuracy.", null, null,
        new FeatureProperties(), files)
        .content(new Content(ImageProperties.of(ColorSpaceType.GRAYSCALE), new ValueRange(1, 2)))
        .build();
    ModelMetadata metadata = ModelMetadata.builder().name(NAME).description(DESCRIPTION)
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(List.of(input)).outputTensorMetadata(List.of(output)).build()))
        .build();
    return MetadataWriter.of(m, metadata, ImageClassifierWriter.files(labels, null));
  }
}
