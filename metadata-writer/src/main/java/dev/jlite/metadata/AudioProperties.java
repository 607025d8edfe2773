package dev.jlite.metadata;

/**
 * The tensor holds audio samples; metadata schema table {@code AudioProperties} (schema 1.3.0).
 *
 * @param sampleRate samples per second
 * @param channels number of channels
 */
public record AudioProperties(long sampleRate, long channels) implements ContentProperties {
  public AudioProperties {
    Checks.uint("AudioProperties.sample_rate", sampleRate);
    Checks.uint("AudioProperties.channels", channels);
  }
}
