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
}
