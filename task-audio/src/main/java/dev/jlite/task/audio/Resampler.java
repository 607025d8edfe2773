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

  /** Rate ratios with at most this many distinct output phases get their weights cached. */
  private static final int MAX_CACHED_PHASES = 1024;

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
    // Output frame n sits at input position n * step / phases = base + phase / phases, so the
    // weights depend only on the phase; with a small ratio they repeat and are computed once.
    int gcd = gcd(fromRate, toRate);
    long step = fromRate / gcd;
    int phases = toRate / gcd;
    double cutoff = Math.min(1.0, (double) toRate / fromRate);
    double halfWidth = ZERO_CROSSINGS / cutoff;
    double[][] cache = phases <= MAX_CACHED_PHASES ? new double[phases][] : null;
    for (int n = 0; n < outFrames; n++) {
      long position = n * step;
      long base = position / phases;
      int phase = (int) (position % phases);
      double fraction = (double) phase / phases;
      int first = (int) Math.ceil(fraction - halfWidth);
      double[] weights = cache != null ? cache[phase] : null;
      if (weights == null) {
        weights = weights(fraction, first, (int) Math.floor(fraction + halfWidth), cutoff,
            halfWidth);
        if (cache != null) {
          cache[phase] = weights;
        }
      }
      long from = Math.max(base + first, 0);
      long to = Math.min(base + first + weights.length - 1, frames - 1);
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        for (long k = from; k <= to; k++) {
          sum += samples[(int) k * channels + c] * weights[(int) (k - base - first)];
        }
        out[n * channels + c] = (float) sum;
      }
    }
    return out;
  }

  /** The kernel at input offsets {@code first..last} from {@code fraction}, summing to 1. */
  private static double[] weights(double fraction, int first, int last, double cutoff,
      double halfWidth) {
    double[] weights = new double[last - first + 1];
    double sum = 0;
    for (int j = 0; j < weights.length; j++) {
      weights[j] = kernel(first + j - fraction, cutoff, halfWidth);
      sum += weights[j];
    }
    for (int j = 0; j < weights.length; j++) {
      weights[j] /= sum;
    }
    return weights;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
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
