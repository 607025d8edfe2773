package dev.jlite.task.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The windowed-sinc resampler on pure tones, whose resampled values are known exactly. */
class ResamplerTest {
  private static float[] tone(double hz, int rate, int frames) {
    float[] s = new float[frames];
    for (int i = 0; i < frames; i++) {
      s[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
    }
    return s;
  }

  /** The largest difference from the ideal tone, away from the ends (where silence is assumed). */
  private static double error(float[] actual, double hz, int rate, int margin) {
    double max = 0;
    for (int i = margin; i < actual.length - margin; i++) {
      max = Math.max(max, Math.abs(actual[i] - Math.sin(2 * Math.PI * hz * i / rate)));
    }
    return max;
  }

  @Test
  void downsamplesA440HzToneFrom44100To16000() {
    float[] out = Resampler.resample(tone(440, 44100, 44100), 1, 44100, 16000);
    assertThat(out).hasSize(16000);
    assertThat(error(out, 440, 16000, 64)).isLessThan(1e-3);
  }

  @Test
  void upsamplesA1kHzToneFrom8000To16000() {
    float[] out = Resampler.resample(tone(1000, 8000, 8000), 1, 8000, 16000);
    assertThat(out).hasSize(16000);
    assertThat(error(out, 1000, 16000, 64)).isLessThan(1e-3);
  }

  /** 16000 and 44101 share no factor: every output has its own phase (weights not cached). */
  @Test
  void coprimeRates() {
    float[] out = Resampler.resample(tone(440, 16000, 16000), 1, 16000, 44101);
    assertThat(out).hasSize(44101);
    assertThat(error(out, 440, 44101, 128)).isLessThan(1e-3);
  }

  @Test
  void removesWhatTheNewRateCannotHold() {
    // 6 kHz is above the 4 kHz Nyquist frequency of 8 kHz: it must vanish, not alias to 2 kHz.
    float[] out = Resampler.resample(tone(6000, 48000, 48000), 1, 48000, 8000);
    double peak = 0;
    for (int i = 64; i < out.length - 64; i++) {
      peak = Math.max(peak, Math.abs(out[i]));
    }
    assertThat(peak).isLessThan(1e-3);
  }

  @Test
  void keepsChannelsApartAndDcLevel() {
    float[] stereo = new float[2 * 22050];
    for (int i = 0; i < 22050; i++) {
      stereo[2 * i] = 0.25f;
      stereo[2 * i + 1] = -0.5f;
    }
    float[] out = Resampler.resample(stereo, 2, 22050, 16000);
    assertThat(out).hasSize(2 * 16000);
    assertThat(out[2 * 8000]).isCloseTo(0.25f, within(1e-5f));
    assertThat(out[2 * 8000 + 1]).isCloseTo(-0.5f, within(1e-5f));
  }

  @Test
  void sameRateIsACopy() {
    float[] in = {0.5f, -0.25f};
    assertThat(Resampler.resample(in, 1, 16000, 16000)).containsExactly(0.5f, -0.25f);
  }
}
