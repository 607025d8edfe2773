package dev.jlite.task.audio;

import java.util.Objects;
import java.util.function.Consumer;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/**
 * Live capture from a microphone with {@code javax.sound.sampled}: signed 16-bit little-endian PCM
 * in the requested format, scaled by 1/32768 like WAV samples. Either a whole recording ({@link
 * #record}) or a stream fed into a {@link TensorAudio} ring buffer hop by hop ({@link #stream}),
 * as TFLite's {@code TensorAudio.load(AudioRecord)} is used. The capture loops read from a {@link
 * Source}, so anything that delivers PCM bytes as a {@code TargetDataLine} does can stand in for
 * the sound card.
 */
public final class Microphone {
  private static final int BYTES_PER_SAMPLE = 2;

  private Microphone() {}

  /**
   * Where captured bytes come from: the {@code read} of a {@code TargetDataLine} (blocks until
   * {@code length} bytes are read or the line stops; returns how many were read).
   */
  @FunctionalInterface
  public interface Source {
    int read(byte[] buffer, int offset, int length);
  }

  /** Finds a capture line: the sound system, or a stand-in in tests. */
  @FunctionalInterface
  interface LineFinder {
    /**
     * A line for the format, not yet open.
     *
     * @throws AudioCaptureException if there is none
     */
    TargetDataLine find(DataLine.Info info) throws LineUnavailableException;
  }

  /**
   * Records {@code seconds} of audio from the default capture line.
   *
   * @throws AudioCaptureException if no capture line supports the format, it cannot be opened,
   *     or it delivers no audio
   * @throws IllegalArgumentException if {@code seconds} is not positive
   */
  public static AudioClip record(AudioFormat format, double seconds) {
    return record(format, seconds, Microphone::systemLine);
  }

  static AudioClip record(AudioFormat format, double seconds, LineFinder finder) {
    Objects.requireNonNull(format, "format");
    int frames = frames(format, seconds);
    TargetDataLine line = open(format, finder);
    try {
      line.start();
      return record(line::read, format, frames);
    } finally {
      line.stop();
      line.close();
    }
  }

  /**
   * Reads {@code frames} frames of 16-bit PCM from a source; stops early if the source ends
   * (reads nothing).
   *
   * @throws AudioCaptureException if the source delivers no complete frame
   */
  public static AudioClip record(Source source, AudioFormat format, int frames) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
    if (frames < 1) {
      throw new IllegalArgumentException("record at least 1 frame, not " + frames);
    }
    byte[] bytes = new byte[Math.multiplyExact(frames, BYTES_PER_SAMPLE * format.channels())];
    float[] out = toFloats(bytes, fill(source, bytes), format.channels());
    if (out.length == 0) {
      throw new AudioCaptureException("the audio capture line delivered no audio");
    }
    return AudioClip.of(format, out);
  }

  /**
   * Streams {@code seconds} of audio from the default capture line into {@code audio} (whose
   * format it captures), {@code hopFrames} frames at a time, calling {@code onHop} after each.
   *
   * @throws AudioCaptureException if no capture line supports the format or it cannot be opened
   * @throws IllegalArgumentException if {@code seconds} or {@code hopFrames} is not positive
   */
  public static void stream(double seconds, TensorAudio audio, int hopFrames,
      Consumer<TensorAudio> onHop) {
    stream(seconds, audio, hopFrames, onHop, Microphone::systemLine);
  }

  static void stream(double seconds, TensorAudio audio, int hopFrames,
      Consumer<TensorAudio> onHop, LineFinder finder) {
    Objects.requireNonNull(audio, "audio");
    int frames = frames(audio.format(), seconds);
    TargetDataLine line = open(audio.format(), finder);
    try {
      line.start();
      stream(line::read, audio, hopFrames, frames, onHop);
    } finally {
      line.stop();
      line.close();
    }
  }

  /**
   * Reads up to {@code frames} frames of 16-bit PCM from a source into {@code audio}, {@code
   * hopFrames} at a time, calling {@code onHop} with the buffer after each hop (the last one may
   * be shorter); stops early when the source ends.
   *
   * @return the number of frames read
   * @throws IllegalArgumentException if {@code hopFrames} or {@code frames} is not positive
   */
  public static long stream(Source source, TensorAudio audio, int hopFrames, long frames,
      Consumer<TensorAudio> onHop) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(onHop, "onHop");
    if (hopFrames < 1 || frames < 1) {
      throw new IllegalArgumentException("hop and duration must be at least 1 frame, were "
          + hopFrames + " and " + frames);
    }
    int channels = audio.format().channels();
    byte[] bytes = new byte[Math.multiplyExact(hopFrames, BYTES_PER_SAMPLE * channels)];
    long read = 0;
    while (read < frames) {
      int want = (int) Math.min(hopFrames, frames - read);
      int filled = fill(source, bytes, want * BYTES_PER_SAMPLE * channels);
      float[] samples = toFloats(bytes, filled, channels);
      if (samples.length == 0) {
        break;
      }
      audio.load(samples);
      read += samples.length / channels;
      onHop.accept(audio);
      if (samples.length / channels < want) {
        break;
      }
    }
    return read;
  }

  private static TargetDataLine open(AudioFormat format, LineFinder finder) {
    javax.sound.sampled.AudioFormat pcm = new javax.sound.sampled.AudioFormat(
        format.sampleRate(), 8 * BYTES_PER_SAMPLE, format.channels(), true, false);
    try {
      TargetDataLine line = finder.find(new DataLine.Info(TargetDataLine.class, pcm));
      line.open(pcm);
      return line;
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      throw new AudioCaptureException("cannot open an audio capture line for " + format + ": "
          + e.getMessage(), e);
    }
  }

  private static TargetDataLine systemLine(DataLine.Info info) throws LineUnavailableException {
    if (!AudioSystem.isLineSupported(info)) {
      javax.sound.sampled.AudioFormat pcm = info.getFormats()[0];
      throw new AudioCaptureException("no audio capture line (microphone) supports "
          + new AudioFormat((int) pcm.getSampleRate(), pcm.getChannels()) + ", 16-bit PCM");
    }
    return (TargetDataLine) AudioSystem.getLine(info);
  }

  private static int fill(Source source, byte[] bytes) {
    return fill(source, bytes, bytes.length);
  }

  /** Reads until {@code length} bytes are in or the source ends; returns the count. */
  private static int fill(Source source, byte[] bytes, int length) {
    int filled = 0;
    while (filled < length) {
      int n = source.read(bytes, filled, Math.min(length - filled, 8192));
      if (n <= 0) {
        break;
      }
      filled += n;
    }
    return filled;
  }

  /** The whole frames of {@code length} bytes of 16-bit little-endian PCM, as floats. */
  private static float[] toFloats(byte[] bytes, int length, int channels) {
    int samples = length / (BYTES_PER_SAMPLE * channels) * channels;
    float[] out = new float[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (short) ((bytes[2 * i] & 0xFF) | bytes[2 * i + 1] << 8) / 32768f;
    }
    return out;
  }

  private static int frames(AudioFormat format, double seconds) {
    if (!(seconds > 0) || seconds * format.sampleRate() > Integer.MAX_VALUE / 8) {
      throw new IllegalArgumentException("seconds to record must be positive and fit in memory,"
          + " was " + seconds);
    }
    return (int) Math.ceil(seconds * format.sampleRate());
  }
}
