package dev.jlite.task.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorAudioTest {
  @Test
  void startsSilentAndKeepsTheNewestSamples() {
    TensorAudio audio = TensorAudio.create(AudioFormat.mono(16000), 4);
    assertThat(audio.samples()).containsExactly(0f, 0f, 0f, 0f);
    audio.load(new float[] {1, 2});
    assertThat(audio.samples()).containsExactly(0f, 0f, 1f, 2f);
    audio.load(new float[] {3, 4, 5});
    assertThat(audio.samples()).containsExactly(2f, 3f, 4f, 5f);
  }

  @Test
  void loadLongerThanTheBufferKeepsItsTail() {
    TensorAudio audio = TensorAudio.create(AudioFormat.mono(8000), 3);
    audio.load(new float[] {9, 1, 2, 3, 4, 5, 6}, 1, 5);
    assertThat(audio.samples()).containsExactly(3f, 4f, 5f);
  }

  @Test
  void shortsAreScaledBy1Over32768() {
    TensorAudio audio = TensorAudio.create(AudioFormat.mono(16000), 3);
    audio.load(new short[] {Short.MIN_VALUE, 16384, Short.MAX_VALUE});
    assertThat(audio.samples()).containsExactly(-1f, 0.5f, 32767f / 32768f);
  }

  @Test
  void stereoHoldsInterleavedFrames() {
    TensorAudio audio = TensorAudio.create(new AudioFormat(44100, 2), 2);
    assertThat(audio.bufferSize()).isEqualTo(4);
    audio.load(new float[] {1, -1, 2, -2, 3, -3});
    assertThat(audio.samples()).containsExactly(2f, -2f, 3f, -3f);
    assertThatThrownBy(() -> audio.load(new float[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 samples are not a whole number of 2-channel frames");
  }

  @Test
  void rejectsBadSizesAndFormats() {
    assertThatThrownBy(() -> TensorAudio.create(AudioFormat.mono(16000), 0))
        .hasMessageContaining("at least 1 frame");
    assertThatThrownBy(() -> TensorAudio.create(new AudioFormat(16000, 4), 1 << 30))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1073741824 frames of 4 channels are more samples than an array");
    assertThatThrownBy(() -> new AudioFormat(0, 1)).hasMessageContaining("sample rate");
    assertThatThrownBy(() -> new AudioFormat(16000, 0)).hasMessageContaining("channel count");
  }
}
