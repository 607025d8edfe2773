package dev.jlite.task.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.TargetDataLine;
import org.junit.jupiter.api.Test;

class MicrophoneTest {
  /** A line that delivers the given bytes in reads of at most {@code chunk}, then nothing. */
  private static final class FakeLine implements Microphone.Source {
    private final byte[] data;
    private final int chunk;
    private int pos;
    final List<Integer> requested = new ArrayList<>();

    FakeLine(byte[] data, int chunk) {
      this.data = data;
      this.chunk = chunk;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      requested.add(length);
      int n = Math.min(Math.min(length, chunk), data.length - pos);
      System.arraycopy(data, pos, buffer, offset, n);
      pos += n;
      return n;
    }
  }

  @Test
  void capturesFramesAcrossPartialReads() {
    // Stereo frames (0.5, -0.5), (-1, 0.25), (1 LSB, 0), little-endian, read 3 bytes at a time.
    byte[] pcm = {0x00, 0x40, 0x00, (byte) 0xC0, 0x00, (byte) 0x80, 0x00, 0x20, 0x01, 0x00, 0, 0};
    FakeLine line = new FakeLine(pcm, 3);
    AudioClip clip = Microphone.record(line, new AudioFormat(16000, 2), 3);
    assertThat(clip.format()).isEqualTo(new AudioFormat(16000, 2));
    assertThat(clip.samples()).containsExactly(0.5f, -0.5f, -1f, 0.25f, 1f / 32768, 0f);
    assertThat(line.requested).hasSize(4);
  }

  @Test
  void aLineThatStopsEarlyGivesTheWholeFramesItDelivered() {
    byte[] pcm = {0x00, 0x40, 0x00, 0x20, 0x11};
    AudioClip clip = Microphone.record(new FakeLine(pcm, 100), AudioFormat.mono(8000), 10);
    assertThat(clip.samples()).containsExactly(0.5f, 0.25f);
    assertThatThrownBy(() -> Microphone.record(new FakeLine(new byte[1], 1),
        AudioFormat.mono(8000), 10))
        .isInstanceOf(AudioCaptureException.class).hasMessageContaining("delivered no audio");
  }

  /** This machine has no sound card: the default line must fail with a clear, typed error. */
  @Test
  void noCaptureLine() {
    javax.sound.sampled.AudioFormat pcm =
        new javax.sound.sampled.AudioFormat(16000, 16, 1, true, false);
    assertThat(AudioSystem.isLineSupported(new DataLine.Info(TargetDataLine.class, pcm)))
        .as("this test expects a machine without audio capture").isFalse();
    assertThatThrownBy(() -> Microphone.record(AudioFormat.mono(16000), 1))
        .isInstanceOf(AudioCaptureException.class)
        .hasMessageContaining("no audio capture line (microphone) supports 16000 Hz, 1 channel");
  }

  @Test
  void badDurations() {
    assertThatThrownBy(() -> Microphone.record(AudioFormat.mono(16000), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> Microphone.record(AudioFormat.mono(16000), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
