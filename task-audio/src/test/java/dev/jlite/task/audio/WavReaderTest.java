package dev.jlite.task.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.testing.Goldens;
import dev.jlite.task.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
  @Test
  void decodesSpeechWav() throws Exception {
    AudioClip clip = WavReader.read(Goldens.TESTDATA.resolve("audio/speech.wav"));
    assertThat(clip.format()).isEqualTo(AudioFormat.mono(16000));
    assertThat(clip.frames()).isEqualTo(68360);
    byte[] bytes = Files.readAllBytes(Goldens.TESTDATA.resolve("audio/speech.wav"));
    // The data chunk of this file starts at byte 44; sample 1000 is the short at 44 + 2000.
    short raw = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(44 + 2000);
    assertThat(clip.sample(1000)).isEqualTo(raw / 32768f);
  }

  @Test
  void pcm16Mono() {
    byte[] wav = Wavs.riff().fmt(1, 1, 16000, 16)
        .chunk("data", Wavs.shorts((short) -32768, (short) 0, (short) 16384)).bytes();
    AudioClip clip = WavReader.decode(wav);
    assertThat(clip.format()).isEqualTo(AudioFormat.mono(16000));
    assertThat(clip.samples()).containsExactly(-1f, 0f, 0.5f);
  }

  @Test
  void pcm8IsUnsignedAroundMidScale() {
    byte[] wav = Wavs.riff().fmt(1, 1, 8000, 8)
        .chunk("data", new byte[] {0, (byte) 128, (byte) 192, (byte) 255}).bytes();
    assertThat(WavReader.decode(wav).samples()).containsExactly(-1f, 0f, 0.5f, 127f / 128f);
  }

  @Test
  void pcm24Stereo() {
    // Left 0x400000 = 0.5, right 0xC00000 = -0.5; then left -1 (0x800000), right 1 LSB.
    byte[] data = {0x00, 0x00, 0x40, 0x00, 0x00, (byte) 0xC0, 0x00, 0x00, (byte) 0x80, 0x01, 0, 0};
    AudioClip clip = WavReader.decode(Wavs.riff().fmt(1, 2, 48000, 24).chunk("data", data)
        .bytes());
    assertThat(clip.format()).isEqualTo(new AudioFormat(48000, 2));
    assertThat(clip.frames()).isEqualTo(2);
    assertThat(clip.samples()).containsExactly(0.5f, -0.5f, -1f, 1f / 8388608f);
  }

  @Test
  void pcm32() {
    ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(Integer.MIN_VALUE).putInt(1 << 29);
    assertThat(WavReader.decode(Wavs.riff().fmt(1, 1, 16000, 32).chunk("data", data.array())
        .bytes()).samples()).containsExactly(-1f, 0.25f);
  }

  @Test
  void float32And64() {
    ByteBuffer f32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
        .putFloat(0.125f).putFloat(-2f);
    assertThat(WavReader.decode(Wavs.riff().fmt(3, 1, 16000, 32).chunk("data", f32.array())
        .bytes()).samples()).containsExactly(0.125f, -2f);
    ByteBuffer f64 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
        .putDouble(0.75).putDouble(-0.0625);
    assertThat(WavReader.decode(Wavs.riff().fmt(3, 1, 16000, 64).chunk("data", f64.array())
        .bytes()).samples()).containsExactly(0.75f, -0.0625f);
  }

  @Test
  void waveFormatExtensible() {
    byte[] pcm = Wavs.riff().extensible(1, 2, 44100, 16, 16)
        .chunk("data", Wavs.shorts((short) 8192, (short) -8192)).bytes();
    AudioClip clip = WavReader.decode(pcm);
    assertThat(clip.format()).isEqualTo(new AudioFormat(44100, 2));
    assertThat(clip.samples()).containsExactly(0.25f, -0.25f);
    ByteBuffer f = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.3f);
    assertThat(WavReader.decode(Wavs.riff().extensible(3, 1, 16000, 32, 32)
        .chunk("data", f.array()).bytes()).samples()).containsExactly(0.3f);
  }

  @Test
  void chunksInAnyOrderWithOddSizedPadding() {
    byte[] wav = Wavs.riff()
        .chunk("LIST", new byte[] {1, 2, 3})
        .chunk("data", Wavs.shorts((short) 16384))
        .chunk("junk", new byte[5])
        .fmt(1, 1, 22050, 16)
        .bytes();
    AudioClip clip = WavReader.decode(wav);
    assertThat(clip.format()).isEqualTo(AudioFormat.mono(22050));
    assertThat(clip.samples()).containsExactly(0.5f);
  }

  /** A streaming encoder's data size 0xFFFFFFFF: the samples run to the end (whole frames). */
  @Test
  void streamedDataSize() {
    byte[] head = Wavs.riff().fmt(1, 1, 16000, 16).bytes();
    byte[] wav = Wavs.riff().fmt(1, 1, 16000, 16).raw("data".getBytes(StandardCharsets.US_ASCII))
        .raw(Wavs.le32(-1)).raw(Wavs.shorts((short) 16384, (short) -16384)).raw(new byte[] {7})
        .bytes();
    assertThat(wav.length).isEqualTo(head.length + 8 + 5);
    assertThat(WavReader.decode(wav).samples()).containsExactly(0.5f, -0.5f);
  }

  @Test
  void truncatedData() {
    byte[] wav = Wavs.riff().fmt(1, 1, 16000, 16)
        .chunk("data", Wavs.shorts((short) 1, (short) 2, (short) 3)).bytes();
    byte[] cut = Arrays.copyOf(wav, wav.length - 3);
    assertThatThrownBy(() -> WavReader.decode(cut))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("chunk 'data'")
        .hasMessageContaining("declares 6 bytes but only 3 remain");
  }

  @Test
  void truncatedHeader() {
    assertThatThrownBy(() -> WavReader.decode(Arrays.copyOf(Wavs.riff().bytes(), 10)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a WAV file");
    byte[] noData = Wavs.riff().fmt(1, 1, 16000, 16).bytes();
    assertThatThrownBy(() -> WavReader.decode(noData))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("no 'data' chunk");
    byte[] noFmt = Wavs.riff().chunk("data", new byte[2]).bytes();
    assertThatThrownBy(() -> WavReader.decode(noFmt))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("no 'fmt ' chunk");
  }

  @Test
  void partialFrame() {
    byte[] wav = Wavs.riff().fmt(1, 2, 16000, 16).chunk("data", new byte[6]).bytes();
    assertThatThrownBy(() -> WavReader.decode(wav))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("6 bytes is not a whole number of 4-byte frames");
  }

  @Test
  void unknownFormats() {
    byte[] mulaw = Wavs.riff().fmt(7, 1, 8000, 8).chunk("data", new byte[4]).bytes();
    assertThatThrownBy(() -> WavReader.decode(mulaw))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unsupported WAV format: mu-law (code 7) with 8 bits");
    byte[] pcm12 = Wavs.riff().fmt(1, 1, 8000, 12).chunk("data", new byte[4]).bytes();
    assertThatThrownBy(() -> WavReader.decode(pcm12))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("PCM with 12 bits per sample");
    byte[] guid = Wavs.riff().extensible(1, 1, 8000, 16, 16).bytes();
    guid[12 + 8 + 26] = 0x7F;
    byte[] badGuid = Wavs.riff().raw(Arrays.copyOfRange(guid, 12, guid.length))
        .chunk("data", new byte[2]).bytes();
    assertThatThrownBy(() -> WavReader.decode(badGuid))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown sub-format GUID");
    byte[] align = Wavs.riff().chunk("fmt ", Wavs.fmtBody(1, 2, 8000, 16, 2, 16))
        .chunk("data", new byte[4]).bytes();
    assertThatThrownBy(() -> WavReader.decode(align))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("declares 2-byte frames, but 2 channels of 16 bits make 4");
  }

  @Test
  void zeroLength(@TempDir Path dir) throws Exception {
    byte[] empty = Wavs.riff().fmt(1, 1, 16000, 16).chunk("data", new byte[0]).bytes();
    assertThatThrownBy(() -> WavReader.decode(empty))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no samples");
    Path file = Files.write(dir.resolve("empty.wav"), new byte[0]);
    assertThatThrownBy(() -> WavReader.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file + ": not a WAV file")
        .hasMessageContaining("(0 bytes)");
  }

  @Test
  void convertsStereo44100ToMono16000() {
    float[] stereo = new float[2 * 44100];
    for (int i = 0; i < 44100; i++) {
      float v = (float) Math.sin(2 * Math.PI * 440 * i / 44100);
      stereo[2 * i] = v;
      stereo[2 * i + 1] = v / 2;
    }
    AudioClip mono = AudioClip.of(new AudioFormat(44100, 2), stereo)
        .convertTo(AudioFormat.mono(16000));
    assertThat(mono.format()).isEqualTo(AudioFormat.mono(16000));
    assertThat(mono.frames()).isEqualTo(16000);
    // (v + v/2) / 2 = 0.75 v, the same tone at 16 kHz.
    assertThat((double) mono.sample(4000)).isCloseTo(0.75 * Math.sin(2 * Math.PI * 440 * 4000
        / 16000.0), org.assertj.core.api.Assertions.within(1e-3));
    assertThat((double) mono.sample(4001)).isCloseTo(0.75 * Math.sin(2 * Math.PI * 440 * 4001
        / 16000.0), org.assertj.core.api.Assertions.within(1e-3));
  }
}
