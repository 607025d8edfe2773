package dev.jlite.task.audio;

import java.util.Objects;

/**
 * A fixed-size ring buffer of the most recent audio samples, as TFLite's {@code TensorAudio}: it
 * holds {@code frames × channels} interleaved float samples, starts as silence, and every {@code
 * load} appends samples and drops the oldest so that it always keeps the newest ones. Not
 * thread-safe.
 */
public final class TensorAudio {
  private final AudioFormat format;
  private final float[] ring;
  private int next;

  private TensorAudio(AudioFormat format, int frames) {
    this.format = format;
    this.ring = new float[frames * format.channels()];
  }

  /**
   * A silent buffer holding {@code frames} frames of the given format.
   *
   * @throws IllegalArgumentException if {@code frames} is below 1, or the samples would not fit
   *     in an array
   */
  public static TensorAudio create(AudioFormat format, int frames) {
    Objects.requireNonNull(format, "format");
    if (frames < 1) {
      throw new IllegalArgumentException("a TensorAudio holds at least 1 frame, not " + frames);
    }
    if ((long) frames * format.channels() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(frames + " frames of " + format.channels()
          + " channels are more samples than an array holds");
    }
    return new TensorAudio(format, frames);
  }

  public AudioFormat format() {
    return format;
  }

  /** The number of samples held: frames × channels. */
  public int bufferSize() {
    return ring.length;
  }

  /**
   * Appends interleaved float samples (nominally in [-1, 1]); if there are more than the buffer
   * holds, only the newest are kept.
   *
   * @throws IllegalArgumentException if the count is not a whole number of frames
   */
  public void load(float[] samples) {
    load(samples, 0, samples.length);
  }

  /**
   * Appends {@code length} interleaved samples of {@code samples} from {@code offset}.
   *
   * @throws IllegalArgumentException if the range is outside the array or its length is not a
   *     whole number of frames
   */
  public void load(float[] samples, int offset, int length) {
    checkRange(offset, length, samples.length);
    checkFrames(length);
    int skip = Math.max(0, length - ring.length);
    for (int i = offset + skip; i < offset + length; i++) {
      ring[next] = samples[i];
      next = next + 1 == ring.length ? 0 : next + 1;
    }
  }

  /**
   * Appends 16-bit PCM samples, each divided by 32767 ({@code Short.MAX_VALUE}) as TFLite's Java
   * {@code TensorAudio} does (its C++ WAV decoder, like {@link WavReader}, divides by 32768).
   *
   * @throws IllegalArgumentException if the count is not a whole number of frames
   */
  public void load(short[] samples) {
    load(samples, 0, samples.length);
  }

  /**
   * Appends {@code length} 16-bit PCM samples of {@code samples} from {@code offset}, scaled as
   * {@link #load(short[])}.
   *
   * @throws IllegalArgumentException if the range is outside the array or its length is not a
   *     whole number of frames
   */
  public void load(short[] samples, int offset, int length) {
    checkRange(offset, length, samples.length);
    checkFrames(length);
    int skip = Math.max(0, length - ring.length);
    for (int i = offset + skip; i < offset + length; i++) {
      ring[next] = samples[i] * 1f / Short.MAX_VALUE;
      next = next + 1 == ring.length ? 0 : next + 1;
    }
  }

  /** The samples held, oldest first, interleaved. */
  public float[] samples() {
    float[] out = new float[ring.length];
    int tail = ring.length - next;
    System.arraycopy(ring, next, out, 0, tail);
    System.arraycopy(ring, 0, out, tail, next);
    return out;
  }

  private static void checkRange(int offset, int length, int size) {
    if (offset < 0 || length < 0 || offset > size - length) {
      throw new IllegalArgumentException("samples [" + offset + ", " + offset + " + " + length
          + ") are not inside an array of " + size);
    }
  }

  private void checkFrames(int length) {
    if (length % format.channels() != 0) {
      throw new IllegalArgumentException(length + " samples are not a whole number of "
          + format.channels() + "-channel frames");
    }
  }
}
