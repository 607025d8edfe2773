package dev.jlite.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmallPiecesTest {
  @Test
  void labelFileSpecsTakeAnOptionalLocale() {
    assertThat(LabelFile.parse("labels.txt")).isEqualTo(LabelFile.of(Path.of("labels.txt")));
    assertThat(LabelFile.parse("dir/labels_fr.txt:fr"))
        .isEqualTo(new LabelFile(Path.of("dir/labels_fr.txt"), "fr"));
    assertThat(LabelFile.parse("C:\\labels.txt").locale()).isNull();
    assertThat(LabelFile.parse("zh-Hans.txt:zh-Hans").locale()).isEqualTo("zh-Hans");
  }

  @Test
  void customMetadataBytesAreSixteenByteAligned() {
    for (int nameLength = 0; nameLength < 20; nameLength++) {
      byte[] data = {7, 8, 9};
      ModelMetadata metadata = ModelMetadata.builder().name("n".repeat(nameLength))
          .subgraphMetadata(List.of(SubGraphMetadata.builder()
              .customMetadata(List.of(new CustomMetadata("c", data))).build()))
          .build();

      byte[] buffer = metadata.toFlatBuffer();

      ByteBuffer bb = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
      int found = -1;
      for (int i = 4; i + 7 <= buffer.length; i++) {
        if (bb.getInt(i - 4) == 3 && buffer[i] == 7 && buffer[i + 1] == 8 && buffer[i + 2] == 9) {
          found = i;
        }
      }
      assertThat(found).as("data of name length " + nameLength).isPositive();
      assertThat(found % 16).as("offset of the data").isZero();
      assertThat(ModelMetadata.fromFlatBuffer(ByteBuffer.wrap(buffer))).isEqualTo(metadata);
    }
  }

  @Test
  void recordedFilesFollowTheOfficialOrderAndGetBaseNames() {
    AssociatedFile vocab = AssociatedFile.of("dir/vocab.txt", null, AssociatedFileType.VOCABULARY);
    AssociatedFile spModel = AssociatedFile.of("sp.model", null, AssociatedFileType.UNKNOWN);
    AssociatedFile labels = AssociatedFile.of("/abs/labels.txt", null,
        AssociatedFileType.TENSOR_AXIS_LABELS);
    ModelMetadata metadata = ModelMetadata.builder()
        .associatedFiles(List.of(AssociatedFile.of("model.txt", null, null)))
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .outputTensorMetadata(List.of(TensorMetadata.builder()
                .associatedFiles(List.of(labels)).build()))
            .inputProcessUnits(List.of(new ProcessUnit(
                new SentencePieceTokenizerOptions(List.of(spModel), List.of(vocab)))))
            .build()))
        .build();

    assertThat(AssociatedFiles.recorded(metadata))
        .containsExactly("model.txt", "/abs/labels.txt", "sp.model", "dir/vocab.txt");
    assertThat(AssociatedFiles.recorded(AssociatedFiles.withBaseNames(metadata)))
        .containsExactly("model.txt", "labels.txt", "sp.model", "vocab.txt");
  }
}
