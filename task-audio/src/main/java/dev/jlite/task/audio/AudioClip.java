package dev.jlite.task.audio;

import java.util.Objects;

/**
 * A whole piece of audio, as decoded from a WAV file or captured: its format and its interleaved
 * float samples (nominally in [-1, 1]). Immutable.
 */
public final class AudioClip {
  private final AudioFormat format;
  private final float[] samples;

  private AudioClip(AudioFormat format, float[] samples) {
    this.format = format;
    this.samples = samples;
  }

  /**
   * A clip of the given interleaved samples (copied).
   *
   * @throws IllegalArgumentException if the count is not a whole number of frames
   */
  public static AudioClip of(AudioFormat format, float[] samples) {
    Objects.requireNonNull(format, "format");
    if (samples.length % format.channels() != 0) {
      throw new IllegalArgumentException(samples.length + " samples are not a whole number of "
          + format.channels() + "-channel frames");
    }
    return new AudioClip(format, samples.clone());
  }

  public AudioFormat format() {
    return format;
  }

  /** The number of frames (samples per channel). */
  public int frames() {
    return samples.length / format.channels();
  }

  /** The duration in seconds. */
  public double seconds() {
    return (double) frames() / format.sampleRate();
  }

  /** A copy of the interleaved samples. */
  public float[] samples() {
    return samples.clone();
  }

  /** Interleaved sample {@code i}. */
  public float sample(int i) {
    return samples[i];
  }

  /**
   * This clip in another format: resampled with {@link Resampler}'s windowed sinc when the rates
   * differ, several channels averaged into one for mono, and mono copied into every channel.
   *
   * @throws IllegalArgumentException if the channel counts differ and neither is 1
   */
  public AudioClip convertTo(AudioFormat target) {
    Objects.requireNonNull(target, "target");
    float[] mixed = samples;
    int from = format.channels();
    int to = target.channels();
    if (from != to) {
      int frames = frames();
      if (to == 1) {
        mixed = new float[frames];
        for (int f = 0; f < frames; f++) {
          double sum = 0;
          for (int c = 0; c < from; c++) {
            sum += samples[f * from + c];
          }
          mixed[f] = (float) (sum / from);
        }
      } else if (from == 1) {
        mixed = new float[frames * to];
        for (int f = 0; f < frames; f++) {
          for (int c = 0; c < to; c++) {
            mixed[f * to + c] = samples[f];
          }
        }
      } else {
        throw new IllegalArgumentException("cannot convert " + from + "-channel audio to " + to
            + " channels");
      }
    }
    float[] resampled =
        Resampler.resample(mixed, to, format.sampleRate(), target.sampleRate());
    return new AudioClip(target, resampled);
  }
}
