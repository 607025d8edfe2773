package dev.jlite.task.audio;

/**
 * The format of audio samples: frames per second and interleaved channels per frame (TFLite's
 * {@code TensorAudioFormat}).
 *
 * @param sampleRate frames per second, at least 1
 * @param channels samples per frame, at least 1; multi-channel samples are interleaved
 */
public record AudioFormat(int sampleRate, int channels) {
  /**
   * @throws IllegalArgumentException if the sample rate or channel count is below 1
   */
  public AudioFormat {
    if (sampleRate < 1) {
      throw new IllegalArgumentException("sample rate must be at least 1 Hz, was " + sampleRate);
    }
    if (channels < 1) {
      throw new IllegalArgumentException("channel count must be at least 1, was " + channels);
    }
  }

  /** Mono audio at the given rate. */
  public static AudioFormat mono(int sampleRate) {
    return new AudioFormat(sampleRate, 1);
  }

  @Override
  public String toString() {
    return sampleRate + " Hz, " + channels + (channels == 1 ? " channel" : " channels");
  }
}
