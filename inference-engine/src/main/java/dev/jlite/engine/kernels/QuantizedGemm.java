package dev.jlite.engine.kernels;

import java.util.Arrays;

/**
 * The 8-bit quantized matrix product of CONV_2D and FULLY_CONNECTED, computed exactly on the float
 * {@link Sgemm}: with the offsets applied, inputs and weights are integers of magnitude at most
 * 255, so every product is an integer below 2^16 and every partial sum of a column is at most
 * {@code maxInput * sum_k |w[k]|}. While that bound stays within 2^24 each float addition is exact
 * and the float result is the integer accumulator. Where a column's bound is larger, the depth is
 * cut into chunks for which it holds; each chunk's exact sum is converted and added in int32 (which
 * wraps, as TFLite's accumulator does). The bias is added in int32 too, then the accumulator is
 * requantized ({@link Requantizer}).
 *
 * <p>Weights are {@code [groups * groupOut][depth]} (an output channel's weights contiguous),
 * packed as one B per group and chunk: rows {@code bounds[c] .. bounds[c+1]-1}, {@code groupOut}
 * columns.
 */
final class QuantizedGemm {
  /** Every integer of magnitude up to 2^24 is a float, so sums that stay within are exact. */
  private static final long EXACT = 1L << 24;

  private final Sgemm gemm;
  private final int groups;
  private final int groupOut;
  private final int depth;
  private final int panels;
  private final int packedPerGroup;
  private final int maxInput;
  /** Chunk starts along the depth, then {@code depth}. */
  private int[] bounds;
  private final float[] packed;
  /** The bias row handed to the float product: zeros (the int32 bias is added afterwards). */
  private final float[] zeros;
  /** The weights plus the filter offset as floats, {@code [channel][depth]}, for packing. */
  private float[] values;

  /**
   * @param maxInput the largest magnitude of an input value plus the input offset
   */
  QuantizedGemm(Sgemm gemm, int groups, int groupOut, int depth, long packedSize, int maxInput) {
    this.gemm = gemm;
    this.groups = groups;
    this.groupOut = groupOut;
    this.depth = depth;
    this.maxInput = maxInput;
    panels = gemm.panels(groupOut);
    packedPerGroup = (int) gemm.packedSize(depth, groupOut);
    packed = new float[(int) packedSize];
    zeros = new float[panels * gemm.panelWidth()];
  }

  /** The largest magnitude of an 8-bit input value plus {@code inputOffset}. */
  static int maxInput(boolean unsigned, int inputOffset) {
    int lo = (unsigned ? 0 : -128) + inputOffset;
    int hi = (unsigned ? 255 : 127) + inputOffset;
    return Math.max(Math.abs(lo), Math.abs(hi));
  }

  /**
   * Packs constant weights {@code raw[off ..]} plus {@code filterOffset}, cutting the depth where
   * these weights need it.
   */
  void packConstant(byte[] raw, int off, boolean unsigned, int filterOffset) {
    convert(raw, off, unsigned, filterOffset);
    bounds = cut(values, groups * groupOut);
    packValues();
    values = null;
  }

  /**
   * Prepares for weights that change from run to run ({@link #pack}): chunks for the largest
   * magnitude the type allows.
   */
  void prepareVariable(boolean unsigned) {
    values = new float[groups * groupOut * depth];
    bounds = cut(unsigned ? 255 : 128);
  }

  /** Packs the weights of this run, after {@link #prepareVariable}. */
  void pack(byte[] raw, int off, boolean unsigned, int filterOffset) {
    convert(raw, off, unsigned, filterOffset);
    packValues();
  }

  private void convert(byte[] raw, int off, boolean unsigned, int filterOffset) {
    if (values == null) {
      values = new float[groups * groupOut * depth];
    }
    for (int i = 0; i < values.length; i++) {
      int v = raw[off + i];
      values[i] = (unsigned ? v & 0xff : v) + filterOffset;
    }
  }

  private void packValues() {
    for (int g = 0; g < groups; g++) {
      for (int c = 0; c + 1 < bounds.length; c++) {
        gemm.pack(values, g * groupOut * depth + bounds[c], 1, depth, bounds[c + 1] - bounds[c],
            groupOut, packed, g * packedPerGroup + panels * gemm.panelWidth() * bounds[c]);
      }
    }
  }

  /** Chunks for weights of magnitude up to {@code maxWeight}. */
  private int[] cut(int maxWeight) {
    int step = (int) Math.max(1, EXACT / ((long) maxInput * maxWeight));
    int count = (depth + step - 1) / step;
    int[] starts = new int[count + 1];
    for (int c = 0; c < count; c++) {
      starts[c] = c * step;
    }
    starts[count] = depth;
    return starts;
  }

  /** Greedy chunks: each ends before the step that would take some column past the bound. */
  private int[] cut(float[] w, int channels) {
    long limit = EXACT / maxInput;
    long[] sums = new long[channels];
    int[] starts = new int[depth + 1];
    int count = 1;
    for (int k = 0; k < depth; k++) {
      boolean over = false;
      for (int ch = 0; ch < channels; ch++) {
        sums[ch] += (long) Math.abs(w[ch * depth + k]);
        over |= sums[ch] > limit;
      }
      if (over) {
        starts[count++] = k;
        for (int ch = 0; ch < channels; ch++) {
          sums[ch] = (long) Math.abs(w[ch * depth + k]);
        }
      }
    }
    starts[count] = depth;
    return Arrays.copyOf(starts, count + 1);
  }

  /** The number of depth chunks (1 when the whole product is exact in float). */
  int chunks() {
    return bounds.length - 1;
  }

  /** Floats a thread's product buffer needs for {@code rows} rows of up to {@code panelCount}. */
  long bufferSize(int rows, int panelCount) {
    return (long) rows * panelCount * gemm.panelWidth();
  }

  /**
   * Rows {@code A[r][i] = a[aOff + r*lda + i]} times group {@code g}'s panels {@code [p0, p1)},
   * plus the bias, requantized into {@code out} (row {@code r}, column {@code j} of the group at
   * {@code outOff + r*ldo + j}).
   *
   * @param sums per-thread float buffer of {@link #bufferSize} floats from {@code sumsOff}
   * @param acc per-thread int buffer of {@link #bufferSize} (used when there are several chunks)
   */
  void multiply(float[] a, int aOff, int lda, int rows, int g, int p0, int p1, float[] sums,
      int sumsOff, int[] acc, float[] tile, int[] bias, Requantizer requantizer, byte[] out,
      int outOff, int ldo) {
    int nr = gemm.panelWidth();
    int width = (p1 - p0) * nr;
    int chunks = bounds.length - 1;
    for (int c = 0; c < chunks; c++) {
      int k0 = bounds[c];
      gemm.multiply(a, aOff + k0, lda, 1, rows, bounds[c + 1] - k0, packed,
          g * packedPerGroup + panels * nr * k0, p0, p1, groupOut, zeros, 0,
          Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, sums, sumsOff - p0 * nr, width, tile);
      if (chunks > 1) {
        int n = rows * width;
        if (c == 0) {
          for (int i = 0; i < n; i++) {
            acc[i] = (int) sums[sumsOff + i];
          }
        } else {
          for (int i = 0; i < n; i++) {
            acc[i] += (int) sums[sumsOff + i];
          }
        }
      }
    }
    int j0 = p0 * nr;
    int j1 = Math.min(groupOut, p1 * nr);
    int channel0 = g * groupOut;
    for (int r = 0; r < rows; r++) {
      int o = outOff + r * ldo + j0;
      if (chunks > 1) {
        requantizer.fromInts(acc, r * width, bias, channel0 + j0, j1 - j0, out, o);
      } else {
        requantizer.fromFloats(sums, sumsOff + r * width, bias, channel0 + j0, j1 - j0, out, o);
      }
    }
  }
}
