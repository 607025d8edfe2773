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

  /** 16-bit little-endian PCM of the given sample values. */
  private static byte[] pcm(int... values) {
    byte[] b = new byte[2 * values.length];
    for (int i = 0; i < values.length; i++) {
      b[2 * i] = (byte) values[i];
      b[2 * i + 1] = (byte) (values[i] >> 8);
    }
    return b;
  }

  @Test
  void streamsHopByHopIntoTheRingBufferAndClassifies() {
    byte[] bytes = pcm(1024, 2048, 3072, 4096, 5120, 6144, 7168, 8192, 9216);
    List<float[]> buffers = new ArrayList<>();
    List<String> tops = new ArrayList<>();
    try (AudioClassifier classifier = AudioClassifier.create(
        SampleModel.of(AudioFormat.mono(8000), 4).build(), AudioClassifier.Options.DEFAULT)) {
      TensorAudio audio = classifier.createInputTensorAudio();
      long frames = Microphone.stream(new FakeLine(bytes, 3), audio, 2, 100, a -> {
        buffers.add(a.samples());
        tops.add(classifier.classify(a).get(0).categories().get(0).label());
      });
      assertThat(frames).isEqualTo(9);
    }
    float u = 1024 / 32768f;
    // Hops of 2 frames; the ninth frame comes alone and ends the stream.
    assertThat(buffers).hasSize(5);
    assertThat(buffers.get(0)).containsExactly(0, 0, u, 2 * u);
    assertThat(buffers.get(1)).containsExactly(u, 2 * u, 3 * u, 4 * u);
    assertThat(buffers.get(3)).containsExactly(5 * u, 6 * u, 7 * u, 8 * u);
    assertThat(buffers.get(4)).containsExactly(6 * u, 7 * u, 8 * u, 9 * u);
    // The newest sample is the largest, so class s3 wins every time.
    assertThat(tops).containsOnly("s3");
  }

  @Test
  void streamStopsAfterTheRequestedFrames() {
    TensorAudio audio = TensorAudio.create(new AudioFormat(8000, 2), 2);
    List<float[]> buffers = new ArrayList<>();
    long frames = Microphone.stream(new FakeLine(pcm(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 100), audio,
        2, 3, a -> buffers.add(a.samples()));
    assertThat(frames).isEqualTo(3);
    assertThat(buffers).hasSize(2);
    assertThat(buffers.get(1)).containsExactly(3 / 32768f, 4 / 32768f, 5 / 32768f, 6 / 32768f);
  }

  @Test
  void streamsFromAnOpenedLineAndClosesIt() {
    List<String> calls = new ArrayList<>();
    TensorAudio audio = TensorAudio.create(AudioFormat.mono(4), 2);
    List<float[]> buffers = new ArrayList<>();
    Microphone.stream(1.0, audio, 2, a -> buffers.add(a.samples()),
        info -> line(pcm(16384, 8192, -8192, 0), calls));
    assertThat(buffers).hasSize(2);
    assertThat(buffers.get(1)).containsExactly(-0.25f, 0f);
    assertThat(calls).containsExactly("open", "start", "read", "read", "stop", "close");
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
