package dev.jlite.task.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A unigram model written here as protobuf bytes ({@code ModelProto}: field 1 pieces {piece,
 * score, type}, field 2 trainer spec, field 3 normalizer spec), so that the best segmentation is
 * known by summing scores by hand.
 */
class SentencePieceTokenizerTest {
  static final int NORMAL = 1;
  static final int UNKNOWN = 2;
  static final int CONTROL = 3;
  static final int USER_DEFINED = 4;
  static final int UNUSED = 5;

  /** ids: 0 <unk>, 1 <s>, 2 </s>, 3 ▁, 4 ▁a, 5 ▁ab, 6 b, 7 c, 8 bc, 9 ▁abc (unused), 10 XY. */
  static byte[] model(byte[] normalizer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    piece(out, "<unk>", 0f, UNKNOWN);
    piece(out, "<s>", 0f, CONTROL);
    piece(out, "</s>", 0f, CONTROL);
    piece(out, "\u2581", -2f, NORMAL);
    piece(out, "\u2581a", -1f, NORMAL);
    piece(out, "\u2581ab", -3f, NORMAL);
    piece(out, "b", -1f, NORMAL);
    piece(out, "c", -1f, NORMAL);
    piece(out, "bc", -1.5f, NORMAL);
    piece(out, "\u2581abc", 0f, UNUSED);
    piece(out, "XY", -100f, USER_DEFINED);
    // trainer_spec { model_type: UNIGRAM }
    field(out, 2, new byte[] {3 << 3, 1});
    if (normalizer != null) {
      field(out, 3, normalizer);
    }
    return out.toByteArray();
  }

  static void piece(ByteArrayOutputStream out, String text, float score, int type) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    field(p, 1, text.getBytes(StandardCharsets.UTF_8));
    p.write(2 << 3 | 5);
    int bits = Float.floatToIntBits(score);
    for (int i = 0; i < 4; i++) {
      p.write(bits >>> (8 * i) & 0xFF);
    }
    p.write(3 << 3);
    p.write(type);
    field(out, 1, p.toByteArray());
  }

  static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
    out.write(number << 3 | 2);
    int length = bytes.length;
    while (length >= 0x80) {
      out.write(length & 0x7F | 0x80);
      length >>>= 7;
    }
    out.write(length);
    out.write(bytes, 0, bytes.length);
  }

  private final SentencePieceTokenizer tokenizer =
      SentencePieceTokenizer.fromModel(model(null));

  @Test
  void viterbiPicksTheBestScoringSegmentationNotTheLongestPiece() {
    // ▁a + bc = -2.5 beats ▁a + b + c = -3 and ▁ab + c = -4; ▁abc is unused.
    assertThat(tokenizer.tokenize("abc")).containsExactly("\u2581a", "bc");
    assertThat(tokenizer.encode("abc")).containsExactly(4, 8);
  }

  @Test
  void spacesBecomeMarkersAndExtraSpacesGo() {
    // "▁a▁b": ▁a (-1), ▁ (-2), b (-1); there is no ▁b.
    assertThat(tokenizer.tokenize("  a   b ")).containsExactly("\u2581a", "\u2581", "b");
    assertThat(tokenizer.encode("  a   b ")).containsExactly(4, 3, 6);
  }

  @Test
  void uncoveredCharactersBecomeOneMergedUnknownPiece() {
    // z and é have no piece: each is an unknown node (min score -3 minus 10); adjacent ones merge.
    assertThat(tokenizer.tokenize("azé b")).containsExactly("\u2581a", "zé", "\u2581", "b");
    assertThat(tokenizer.encode("azé b")).containsExactly(4, 0, 3, 6);
  }

  @Test
  void userDefinedPiecesWinWhateverTheirStoredScore() {
    // XY scores 2 * maxScore(-1) - 0.1 = -2.1 > X + Y as two unknowns (-26).
    assertThat(tokenizer.encode("aXY")).containsExactly(4, 10);
  }

  @Test
  void normalizerFlagsAreHonoured() {
    // normalizer_spec { add_dummy_prefix: false, remove_extra_whitespaces: false }
    SentencePieceTokenizer plain = SentencePieceTokenizer.fromModel(
        model(new byte[] {3 << 3, 0, 4 << 3, 0}));
    assertThat(plain.tokenize("bc  b")).containsExactly("bc", "\u2581", "\u2581", "b");
  }

  @Test
  void lookups() {
    assertThat(tokenizer.vocabSize()).isEqualTo(11);
    assertThat(tokenizer.unknownId()).isZero();
    assertThat(tokenizer.id("</s>")).hasValue(2);
    assertThat(tokenizer.piece(8)).isEqualTo("bc");
    assertThat(tokenizer.encode("")).isEmpty();
    assertThat(tokenizer.encode("   ")).isEmpty();
  }

  @Test
  void malformedModelsAreRefusedWithTheReason() {
    byte[] good = model(null);
    assertThatThrownBy(() -> SentencePieceTokenizer.fromModel(Arrays.copyOf(good, 20)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed SentencePiece model");
    assertThatThrownBy(() -> SentencePieceTokenizer.fromModel(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no pieces");
    ByteArrayOutputStream bpe = new ByteArrayOutputStream();
    piece(bpe, "<unk>", 0f, UNKNOWN);
    field(bpe, 2, new byte[] {3 << 3, 2});
    assertThatThrownBy(() -> SentencePieceTokenizer.fromModel(bpe.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model type 2");
    ByteArrayOutputStream noUnknown = new ByteArrayOutputStream();
    piece(noUnknown, "a", 0f, NORMAL);
    assertThatThrownBy(() -> SentencePieceTokenizer.fromModel(noUnknown.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no unknown piece");
  }
}
