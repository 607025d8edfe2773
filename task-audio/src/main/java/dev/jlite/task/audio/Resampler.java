package dev.jlite.task.audio;

/**
 * Band-limited resampling by windowed-sinc interpolation: each output sample is the input convolved
 * with a low-pass sinc kernel centred on its exact (fractional) input position. The cut-off is the
 * lower of the two Nyquist frequencies, so downsampling removes what the new rate cannot hold
 * instead of folding it back; the kernel spans {@value #ZERO_CROSSINGS} zero crossings each side
 * under a Blackman window (stop band about -74 dB). Samples beyond the ends count as silence, and
 * the kernel is normalized to unit DC gain.
 */
final class Resampler {
  static final int ZERO_CROSSINGS = 16;

  private Resampler() {}

  /**
   * Resamples interleaved audio from {@code fromRate} to {@code toRate}; each channel separately.
   * The output has {@code ceil(frames × toRate / fromRate)} frames.
   */
  static float[] resample(float[] samples, int channels, int fromRate, int toRate) {
    int frames = samples.length / channels;
    if (fromRate == toRate) {
      return samples.clone();
    }
    long outFrames = ((long) frames * toRate + fromRate - 1) / fromRate;
    if (outFrames * channels > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("resampling " + frames + " frames from " + fromRate
          + " Hz to " + toRate + " Hz gives more samples than an array holds");
    }
    float[] out = new float[(int) outFrames * channels];
    double cutoff = Math.min(1.0, (double) toRate / fromRate);
    double halfWidth = ZERO_CROSSINGS / cutoff;
    double step = (double) fromRate / toRate;
    for (int n = 0; n < outFrames; n++) {
      double t = n * step;
      int first = (int) Math.ceil(t - halfWidth);
      int last = (int) Math.floor(t + halfWidth);
      double norm = 0;
      for (int k = first; k <= last; k++) {
        norm += kernel(k - t, cutoff, halfWidth);
      }
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        for (int k = Math.max(first, 0); k <= Math.min(last, frames - 1); k++) {
          sum += samples[k * channels + c] * kernel(k - t, cutoff, halfWidth);
        }
        out[n * channels + c] = (float) (sum / norm);
      }
    }
    return out;
  }

  private static double kernel(double x, double cutoff, double halfWidth) {
    if (Math.abs(x) >= halfWidth) {
      return 0;
    }
    double arg = Math.PI * cutoff * x;
    double sinc = x == 0 ? 1 : Math.sin(arg) / arg;
    double phase = Math.PI * (x / halfWidth + 1);
    double window = 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
    return cutoff * sinc * window;
  }
}
