package dev.jlite.metadata;

import java.io.IOException;
import java.util.List;

/**
 * Metadata for image embedders, which have no official writer of their own: model
 * "ImageEmbedder", input "image" as for the image writers, output "embedding" with the name and
 * description of the official {@code metadata_writer_for_task.add_embedding_output}.
 */
public final class ImageEmbedderWriter {
  private ImageEmbedderWriter() {}

  /**
   * Metadata for inference.
   *
   * @throws MetadataException if mean and std differ in length or the model has not 1 output
   * @throws IOException never in practice; kept for symmetry with the other writers
   */
  public static MetadataWriter createForInference(byte[] model, double[] mean, double[] std)
      throws IOException {
    WriterModel m = WriterModel.of(model);
    m.requireOutputs(1, "image embedder");
    TensorMetadata input = TensorInfo.image(ImageClassifierWriter.INPUT_NAME,
        "Input image to be processed.", mean, std, m.inputType(0));
    TensorMetadata output = TensorInfo.feature("embedding", "Embedding vector of the input.");
    ModelMetadata metadata = ModelMetadata.builder().name("ImageEmbedder")
        .description("Embed an image into a feature vector, to compare images by similarity.")
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(List.of(input)).outputTensorMetadata(List.of(output)).build()))
        .build();
    return MetadataWriter.of(m, metadata, List.of());
  }
}
