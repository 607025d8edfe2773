package dev.jlite.metadata;

/**
 * The audio input of a classifier, as the official {@code InputAudioTensorMd}: metadata name and
 * description (either may be {@code null}), sample rate in Hz and channel count (0 when unknown).
 */
public record AudioInput(String name, String description, int sampleRate, int channels) {
  public AudioInput {
    if (sampleRate < 0) {
      throw new MetadataException("sample_rate should be non-negative, but got " + sampleRate
          + ".");
    }
    if (channels < 0) {
      throw new MetadataException("channels should be non-negative, but got " + channels + ".");
    }
  }

  TensorMetadata metadata() {
    return TensorInfo.plain(name, description, null, null,
        new AudioProperties(sampleRate, channels), null).build();
  }
}
