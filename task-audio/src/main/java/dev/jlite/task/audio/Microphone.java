package dev.jlite.task.audio;

import java.util.Objects;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/**
 * Live capture from a microphone with {@code javax.sound.sampled}: signed 16-bit little-endian PCM
 * in the requested format, scaled by 1/32768 like WAV samples. The capture loop reads from a
 * {@link Source}, so anything that delivers PCM bytes as a {@code TargetDataLine} does can stand
 * in for the sound card.
 */
public final class Microphone {
  private Microphone() {}

  /**
   * Where captured bytes come from: the {@code read} of a {@code TargetDataLine} (blocks until
   * {@code length} bytes are read or the line stops; returns how many were read).
   */
  @FunctionalInterface
  public interface Source {
    int read(byte[] buffer, int offset, int length);
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

  /** Finds a capture line; the sound system, or a stand-in in tests. */
  @FunctionalInterface
  interface LineFinder {
    /**
     * A line for the format, not yet open.
     *
     * @throws AudioCaptureException if there is none
     */
    TargetDataLine find(DataLine.Info info) throws LineUnavailableException;
  }

  static AudioClip record(AudioFormat format, double seconds, LineFinder finder) {
    Objects.requireNonNull(format, "format");
    int frames = frames(format, seconds);
    javax.sound.sampled.AudioFormat pcm = new javax.sound.sampled.AudioFormat(
        format.sampleRate(), 16, format.channels(), true, false);
    TargetDataLine line;
    try {
      line = finder.find(new DataLine.Info(TargetDataLine.class, pcm));
      line.open(pcm);
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      throw new AudioCaptureException("cannot open an audio capture line for " + format + ": "
          + e.getMessage(), e);
    }
    try {
      line.start();
      return record(line::read, format, frames);
    } finally {
      line.stop();
      line.close();
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
    int frameBytes = 2 * format.channels();
    byte[] bytes = new byte[Math.multiplyExact(frames, frameBytes)];
    int filled = 0;
    while (filled < bytes.length) {
      int n = source.read(bytes, filled, Math.min(bytes.length - filled, 4096 * frameBytes));
      if (n <= 0) {
        break;
      }
      filled += n;
    }
    int samples = filled / frameBytes * format.channels();
    if (samples == 0) {
      throw new AudioCaptureException("the audio capture line delivered no audio");
    }
    float[] out = new float[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (short) ((bytes[2 * i] & 0xFF) | bytes[2 * i + 1] << 8) / 32768f;
    }
    return AudioClip.of(format, out);
  }

  private static int frames(AudioFormat format, double seconds) {
    if (!(seconds > 0) || seconds * format.sampleRate() > Integer.MAX_VALUE / 8) {
      throw new IllegalArgumentException("seconds to record must be positive and fit in memory,"
          + " was " + seconds);
    }
    return (int) Math.ceil(seconds * format.sampleRate());
  }
}
