package dev.jlite.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of the official metadata_version.cc, one feature at a time. */
class ParserVersionTest {
  private static String version(SubGraphMetadata subgraph) {
    return ModelMetadata.builder().subgraphMetadata(List.of(subgraph)).build()
        .requiredParserVersion();
  }

  private static String versionOfInput(TensorMetadata tensor) {
    return version(SubGraphMetadata.builder().inputTensorMetadata(List.of(tensor)).build());
  }

  private static AssociatedFile file(AssociatedFileType type, String version) {
    return new AssociatedFile("f", null, type, null, version);
  }

  @Test
  void plainMetadataNeedsOneZeroZero() {
    assertThat(ModelMetadata.builder().name("m").build().requiredParserVersion())
        .isEqualTo("1.0.0");
    assertThat(versionOfInput(TensorMetadata.builder()
        .content(Content.of(ImageProperties.of(ColorSpaceType.RGB)))
        .processUnits(List.of(new ProcessUnit(new NormalizationOptions(List.of(1f), List.of(2f)))))
        .associatedFiles(List.of(file(AssociatedFileType.TENSOR_AXIS_LABELS, null)))
        .build())).isEqualTo("1.0.0");
  }

  @Test
  void associatedFileFeatures() {
    assertThat(versionOfInput(TensorMetadata.builder()
        .associatedFiles(List.of(file(AssociatedFileType.VOCABULARY, null))).build()))
        .isEqualTo("1.0.1");
    assertThat(versionOfInput(TensorMetadata.builder()
        .associatedFiles(List.of(file(AssociatedFileType.SCANN_INDEX_FILE, null))).build()))
        .isEqualTo("1.4.0");
    assertThat(ModelMetadata.builder()
        .associatedFiles(List.of(file(AssociatedFileType.UNKNOWN, "v2"))).build()
        .requiredParserVersion()).isEqualTo("1.4.1");
    assertThat(version(SubGraphMetadata.builder()
        .associatedFiles(List.of(file(AssociatedFileType.VOCABULARY, null))).build()))
        .isEqualTo("1.0.1");
  }

  @Test
  void tokenizersAndAudio() {
    assertThat(versionOfInput(TensorMetadata.builder().processUnits(List.of(new ProcessUnit(
        new RegexTokenizerOptions("x", null)))).build())).isEqualTo("1.2.1");
    assertThat(versionOfInput(TensorMetadata.builder().processUnits(List.of(new ProcessUnit(
        new BertTokenizerOptions(null)))).build())).isEqualTo("1.1.0");
    assertThat(versionOfInput(TensorMetadata.builder().processUnits(List.of(new ProcessUnit(
        new SentencePieceTokenizerOptions(null, null)))).build())).isEqualTo("1.1.0");
    assertThat(versionOfInput(TensorMetadata.builder()
        .content(Content.of(new AudioProperties(16000, 1))).build())).isEqualTo("1.3.0");
  }

  @Test
  void presentSubgraphFieldsCountEvenWhenEmpty() {
    assertThat(version(SubGraphMetadata.builder().inputProcessUnits(List.of()).build()))
        .isEqualTo("1.1.0");
    assertThat(version(SubGraphMetadata.builder().outputProcessUnits(List.of(
        new ProcessUnit(new RegexTokenizerOptions(null, null)))).build())).isEqualTo("1.2.1");
    assertThat(version(SubGraphMetadata.builder().outputTensorGroups(List.of()).build()))
        .isEqualTo("1.2.0");
    assertThat(version(SubGraphMetadata.builder().inputTensorGroups(List.of()).build()))
        .isEqualTo("1.2.0");
    assertThat(version(SubGraphMetadata.builder().customMetadata(List.of()).build()))
        .isEqualTo("1.5.0");
  }

  @Test
  void filesInsideTokenizersAreNotWalked() {
    AssociatedFile versionedVocab = file(AssociatedFileType.VOCABULARY, "v9");
    assertThat(versionOfInput(TensorMetadata.builder().processUnits(List.of(new ProcessUnit(
        new BertTokenizerOptions(List.of(versionedVocab))))).build())).isEqualTo("1.1.0");
  }

  @Test
  void theHighestFeatureWins() {
    assertThat(version(SubGraphMetadata.builder()
        .inputTensorMetadata(List.of(TensorMetadata.builder()
            .content(Content.of(new AudioProperties(1, 1))).build()))
        .outputTensorGroups(List.of())
        .inputProcessUnits(List.of())
        .build())).isEqualTo("1.3.0");
  }
}
