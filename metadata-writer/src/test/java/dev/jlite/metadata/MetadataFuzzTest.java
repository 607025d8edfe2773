package dev.jlite.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Any bytes either read as metadata, and then survive a flatbuffer round trip unchanged, or fail
 * with {@link MetadataException}; any JSON text either parses or fails with {@link
 * MetadataException}. Anything else escaping is a finding. Saved inputs in {@code
 * MetadataFuzzTestInputs/<method>} replay in every build; run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class MetadataFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void flatBuffer(byte[] data) {
    ModelMetadata metadata;
    try {
      metadata = ModelMetadata.fromFlatBuffer(ByteBuffer.wrap(data));
    } catch (MetadataException expected) {
      return;
    }
    assertThat(ModelMetadata.fromFlatBuffer(ByteBuffer.wrap(metadata.toFlatBuffer())))
        .isEqualTo(metadata);
    MetadataJson.toJson(metadata);
    ParserVersion.minimum(metadata);
  }

  @FuzzTest(maxDuration = "5m")
  void json(byte[] data) {
    ModelMetadata metadata;
    try {
      metadata = MetadataJson.fromJson(new String(data, StandardCharsets.UTF_8));
    } catch (MetadataException expected) {
      return;
    }
    assertThat(MetadataJson.fromJson(MetadataJson.toJson(metadata)).toFlatBuffer()).isNotEmpty();
  }

  /**
   * Any model that verifies either takes metadata, giving a model that verifies and reads the
   * metadata back, or is refused with a typed error.
   */
  @FuzzTest(maxDuration = "5m")
  void populate(byte[] data) {
    dev.jlite.schema.ModelFile model;
    try {
      model = dev.jlite.schema.ModelFile.wrap(ByteBuffer.wrap(data));
    } catch (dev.jlite.schema.InvalidModelException notAModel) {
      return;
    }
    if (model.model().subgraphsLength() == 0) {
      return;
    }
    var graph = model.model().subgraphs(0);
    ModelMetadata metadata = ModelMetadata.builder().name("fuzz").subgraphMetadata(
        java.util.List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(java.util.Collections.nCopies(graph.inputsLength(),
                TensorMetadata.builder().build()))
            .outputTensorMetadata(java.util.Collections.nCopies(graph.outputsLength(),
                TensorMetadata.builder().build()))
            .build())).build();
    byte[] populated;
    try {
      populated = MetadataPopulator.populate(data, metadata, java.util.Map.of());
    } catch (dev.jlite.schema.InvalidModelException | MetadataException refused) {
      return;
    }
    dev.jlite.schema.ModelFile result =
        dev.jlite.schema.ModelFile.wrap(ByteBuffer.wrap(populated));
    assertThat(ModelMetadata.fromFlatBuffer(dev.jlite.schema.MetadataExtractor.of(result)
        .metadataBuffer().orElseThrow()).name()).isEqualTo("fuzz");
    assertThat(MetadataPopulator.populate(populated, metadata, java.util.Map.of()))
        .isEqualTo(populated);
  }
}
