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
  void shortsAreDividedByShortMaxValue() {
    TensorAudio audio = TensorAudio.create(AudioFormat.mono(16000), 3);
    audio.load(new short[] {Short.MIN_VALUE, 16384, Short.MAX_VALUE});
    assertThat(audio.samples()).containsExactly(-32768f / 32767, 16384f / 32767, 1f);
  }

  /** The sequence of TFLite's own TensorAudioTest.loadSucceedsFromArray. */
  @Test
  void officialLoadSequence() {
    TensorAudio tensor = TensorAudio.create(new AudioFormat(2, 2), 2);
    tensor.load(new float[] {2, 0});
    assertThat(tensor.samples()).containsExactly(0, 0, 2, 0);
    tensor.load(new float[] {2, 3}, 0, 2);
    assertThat(tensor.samples()).containsExactly(2, 0, 2, 3);
    tensor.load(new float[] {2, 3, 4, 5, 6, 7, 8, 9}, 1, 6);
    assertThat(tensor.samples()).containsExactly(5, 6, 7, 8);
    tensor.load(new short[] {Short.MAX_VALUE, Short.MIN_VALUE});
    assertThat(tensor.samples()).containsExactly(7, 8, 1, -32768f / 32767);
    tensor.load(new short[] {1000, 2000, 3000, 0, 1000, Short.MIN_VALUE, 4000, 5000, 6000}, 3, 6);
    assertThat(tensor.samples())
        .containsExactly(-32768f / 32767, 4000f / 32767, 5000f / 32767, 6000f / 32767);
  }

  @Test
  void rangesOutsideTheArray() {
    TensorAudio tensor = TensorAudio.create(AudioFormat.mono(2), 5);
    assertThatThrownBy(() -> tensor.load(new short[100], 99, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("samples [99, 99 + 2) are not inside an array of 100");
    assertThatThrownBy(() -> tensor.load(new float[100], -1, 2))
        .isInstanceOf(IllegalArgumentException.class);
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
