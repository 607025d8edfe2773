package dev.jlite.task.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.lang.reflect.Proxy;
import java.util.List;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
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

  /**
   * A {@code TargetDataLine} (a dynamic proxy) that delivers {@code pcm} through {@code read} and
   * records the calls made on it.
   */
  private static TargetDataLine line(byte[] pcm, List<String> calls) {
    FakeLine source = new FakeLine(pcm, 1000);
    return (TargetDataLine) Proxy.newProxyInstance(MicrophoneTest.class.getClassLoader(),
        new Class<?>[] {TargetDataLine.class}, (proxy, method, args) -> {
          calls.add(method.getName());
          if (method.getName().equals("read")) {
            return source.read((byte[]) args[0], (int) args[1], (int) args[2]);
          }
          return null;
        });
  }

  @Test
  void recordsFromAnOpenedAndStartedLineAndClosesIt() {
    List<String> calls = new ArrayList<>();
    List<DataLine.Info> asked = new ArrayList<>();
    byte[] pcm = {0x00, 0x40, 0x00, (byte) 0xE0, 0x00, 0x10, 0x00, 0x00};
    AudioClip clip = Microphone.record(AudioFormat.mono(4), 1.0, info -> {
      asked.add(info);
      return line(pcm, calls);
    });
    assertThat(clip.samples()).containsExactly(0.5f, -0.25f, 0.125f, 0f);
    assertThat(calls).containsExactly("open", "start", "read", "stop", "close");
    javax.sound.sampled.AudioFormat format = asked.get(0).getFormats()[0];
    assertThat(format.getSampleRate()).isEqualTo(4f);
    assertThat(format.getSampleSizeInBits()).isEqualTo(16);
    assertThat(format.getEncoding()).isEqualTo(javax.sound.sampled.AudioFormat.Encoding.PCM_SIGNED);
    assertThat(format.isBigEndian()).isFalse();
  }

  @Test
  void aBusyLine() {
    assertThatThrownBy(() -> Microphone.record(AudioFormat.mono(16000), 1, info -> {
      throw new LineUnavailableException("device busy");
    }))
        .isInstanceOf(AudioCaptureException.class)
        .hasMessageContaining("cannot open an audio capture line for 16000 Hz, 1 channel: device"
            + " busy");
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
