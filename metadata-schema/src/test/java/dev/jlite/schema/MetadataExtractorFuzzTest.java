package dev.jlite.schema;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Any model that verifies either yields its metadata and associated files through every public
 * method of {@link MetadataExtractor}, or fails with {@link InvalidModelException}; anything else
 * escaping is a finding. Saved inputs in {@code MetadataExtractorFuzzTestInputs/extract} replay in
 * every build; run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class MetadataExtractorFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void extract(byte[] data) {
    ModelFile model;
    try {
      model = ModelFile.wrap(ByteBuffer.wrap(data));
    } catch (InvalidModelException notAModel) {
      return;
    }
    MetadataExtractor extractor;
    try {
      extractor = MetadataExtractor.of(model);
    } catch (InvalidModelException expected) {
      return;
    }
    extractor.hasMetadata();
    extractor.metadataBuffer();
    extractor.modelMetadata();
    extractor.subgraphMetadata();
    extractor.minParserVersion();
    extractor.isMinimumParserVersionSatisfied();
    if (model.model().subgraphsLength() > 0) {
      for (int i = 0; i < model.model().subgraphs(0).inputsLength(); i++) {
        extractor.inputTensorMetadata(i);
      }
      for (int i = 0; i < model.model().subgraphs(0).outputsLength(); i++) {
        extractor.outputTensorMetadata(i);
      }
    }
    for (String name : extractor.associatedFileNames()) {
      ByteBuffer file = extractor.associatedFile(name).orElseThrow();
      while (file.hasRemaining()) {
        file.get();
      }
    }
  }
}
