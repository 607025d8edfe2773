package dev.jlite.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DepthwiseRow} with the Vector API. The interior of a 3x3 window row (every tap inside the
 * image) keeps the nine weight vectors of a channel block in registers and sweeps the pixels, nine
 * fused multiply-adds per output vector; borders and other window sizes accumulate each tap into
 * the output pixel in turn. Channels past the last full vector are done one by one.
 */
final class VectorDepthwiseRow implements DepthwiseRow {
  private static final VectorSpecies<Float> S =
      FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256
          ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Output pixels per sweep: their input (three rows of a few pixels) stays in L1. */
  private static final int BLOCK = 8;

  @Override
  public void row(float[] in, int inRow0, int inW, int channels, int fy0, int fy1,
      int rowStride, float[] w, int filterW, float[] bias, int outW, int strideW, int dilationW,
      int padW, float min, float max, float[] out, int outOff) {
    if (filterW == 3 && fy0 == 0 && fy1 == 3) {
      // Output columns whose three taps all fall inside the image.
      int lo = Math.min(outW, (padW + strideW - 1) / strideW);
      int last = inW - 1 - 2 * dilationW + padW;
      int hi = last < 0 ? lo : Math.max(lo, Math.min(outW, last / strideW + 1));
      general(in, inRow0, inW, channels, fy0, fy1, rowStride, w, filterW, bias, 0, lo, strideW,
          dilationW, padW, min, max, out, outOff);
      interior3x3(in, inRow0, channels, rowStride, w, bias, lo, hi, strideW, dilationW, padW,
          min, max, out, outOff);
      general(in, inRow0, inW, channels, fy0, fy1, rowStride, w, filterW, bias, hi, outW,
          strideW, dilationW, padW, min, max, out, outOff);
    } else {
      general(in, inRow0, inW, channels, fy0, fy1, rowStride, w, filterW, bias, 0, outW, strideW,
          dilationW, padW, min, max, out, outOff);
    }
  }

  private static void interior3x3(float[] in, int inRow0, int channels, int rowStride, float[] w,
      float[] bias, int ox0, int ox1, int strideW, int dilationW, int padW, float min, float max,
      float[] out, int outOff) {
    if (ox0 >= ox1) {
      return;
    }
    FloatVector lo = FloatVector.broadcast(S, min);
    FloatVector hi = FloatVector.broadcast(S, max);
    int vectorEnd = channels - channels % L;
    int tap = dilationW * channels;
    int step = strideW * channels;
    int r1 = rowStride;
    int r2 = 2 * rowStride;
    for (int bx = ox0; bx < ox1; bx += BLOCK) {
      int bx1 = Math.min(ox1, bx + BLOCK);
      for (int c = 0; c < vectorEnd; c += L) {
        FloatVector b = FloatVector.fromArray(S, bias, c);
        FloatVector w00 = FloatVector.fromArray(S, w, c);
        FloatVector w01 = FloatVector.fromArray(S, w, channels + c);
        FloatVector w02 = FloatVector.fromArray(S, w, 2 * channels + c);
        FloatVector w10 = FloatVector.fromArray(S, w, 3 * channels + c);
        FloatVector w11 = FloatVector.fromArray(S, w, 4 * channels + c);
        FloatVector w12 = FloatVector.fromArray(S, w, 5 * channels + c);
        FloatVector w20 = FloatVector.fromArray(S, w, 6 * channels + c);
        FloatVector w21 = FloatVector.fromArray(S, w, 7 * channels + c);
        FloatVector w22 = FloatVector.fromArray(S, w, 8 * channels + c);
        int s = inRow0 + (bx * strideW - padW) * channels + c;
        int o = outOff + bx * channels + c;
        for (int ox = bx; ox < bx1; ox++, s += step, o += channels) {
          FloatVector acc = FloatVector.fromArray(S, in, s).fma(w00, b);
          acc = FloatVector.fromArray(S, in, s + tap).fma(w01, acc);
          acc = FloatVector.fromArray(S, in, s + 2 * tap).fma(w02, acc);
          acc = FloatVector.fromArray(S, in, s + r1).fma(w10, acc);
          acc = FloatVector.fromArray(S, in, s + r1 + tap).fma(w11, acc);
          acc = FloatVector.fromArray(S, in, s + r1 + 2 * tap).fma(w12, acc);
          acc = FloatVector.fromArray(S, in, s + r2).fma(w20, acc);
          acc = FloatVector.fromArray(S, in, s + r2 + tap).fma(w21, acc);
          acc = FloatVector.fromArray(S, in, s + r2 + 2 * tap).fma(w22, acc);
          acc.max(lo).min(hi).intoArray(out, o);
        }
      }
    }
    for (int c = vectorEnd; c < channels; c++) {
      int s = inRow0 + (ox0 * strideW - padW) * channels + c;
      int o = outOff + ox0 * channels + c;
      for (int ox = ox0; ox < ox1; ox++, s += step, o += channels) {
        float acc = bias[c];
        for (int fy = 0; fy < 3; fy++) {
          for (int fx = 0; fx < 3; fx++) {
            acc = Math.fma(in[s + fy * rowStride + fx * tap], w[(fy * 3 + fx) * channels + c],
                acc);
          }
        }
        out[o] = Math.max(min, Math.min(max, acc));
      }
    }
  }

  /** Any window: each tap in turn is multiplied into the output pixel, which starts as bias. */
  private static void general(float[] in, int inRow0, int inW, int channels, int fy0, int fy1,
      int rowStride, float[] w, int filterW, float[] bias, int ox0, int ox1, int strideW,
      int dilationW, int padW, float min, float max, float[] out, int outOff) {
    FloatVector lo = FloatVector.broadcast(S, min);
    FloatVector hi = FloatVector.broadcast(S, max);
    int vectorEnd = channels - channels % L;
    int pixelStep = dilationW * channels;
    for (int ox = ox0; ox < ox1; ox++) {
      int ix0 = ox * strideW - padW;
      int fx0 = DepthwiseRow.firstColumn(ix0, dilationW);
      int fx1 = DepthwiseRow.endColumn(ix0, dilationW, inW, filterW);
      int o = outOff + ox * channels;
      int base = inRow0 + ix0 * channels;
      System.arraycopy(bias, 0, out, o, channels);
      for (int fy = fy0; fy < fy1; fy++) {
        for (int fx = fx0; fx < fx1; fx++) {
          int s = base + fy * rowStride + fx * pixelStep;
          int f = (fy * filterW + fx) * channels;
          int c = 0;
          for (; c < vectorEnd; c += L) {
            FloatVector.fromArray(S, in, s + c).fma(FloatVector.fromArray(S, w, f + c),
                FloatVector.fromArray(S, out, o + c)).intoArray(out, o + c);
          }
          for (; c < channels; c++) {
            out[o + c] = Math.fma(in[s + c], w[f + c], out[o + c]);
          }
        }
      }
      int c = 0;
      for (; c < vectorEnd; c += L) {
        FloatVector.fromArray(S, out, o + c).max(lo).min(hi).intoArray(out, o + c);
      }
      for (; c < channels; c++) {
        out[o + c] = Math.max(min, Math.min(max, out[o + c]));
      }
    }
  }
}
