package dev.jlite.engine.kernels;

import java.util.function.DoubleUnaryOperator;

/**
 * TFLite's 513-entry int16 lookup tables built in float (LUTPopulate for int16 with a float
 * transform, as EXP uses) and their interpolating lookup. The table samples the function at 512
 * points of the input range plus the end point, each sample nudged by half the error of linear
 * interpolation at its interval's midpoint; every step is float arithmetic, as TFLite's.
 */
final class Int16FloatLut {
  private Int16FloatLut() {}

  /** The table for {@code transform}, evaluated in double and rounded to float as C's expf. */
  static short[] populate(float inScale, int inZero, float outScale, int outZero,
      DoubleUnaryOperator transform) {
    float inMin = inScale * (Short.MIN_VALUE - inZero);
    float inMax = inScale * (Short.MAX_VALUE - inZero);
    float outMin = outScale * (Short.MIN_VALUE - outZero);
    float outMax = outScale * (Short.MAX_VALUE - outZero);
    int steps = 512;
    float step = (inMax - inMin) / steps;
    float halfStep = step / 2;
    float inv = 65536f / (outMax - outMin);
    short[] t = new short[steps + 1];
    for (int i = 0; i < steps; i++) {
      float val = apply(transform, inMin + i * step);
      float mid = apply(transform, inMin + i * step + halfStep);
      float next = apply(transform, inMin + (i + 1) * step);
      float sample = round(val * inv);
      float interpolated = round((next * inv + round(val * inv)) / 2);
      float midpoint = round(mid * inv);
      float bias = round((interpolated - midpoint) / 2);
      t[i] = clamp(sample - bias);
    }
    t[steps] = clamp(round(apply(transform, inMax) * inv));
    return t;
  }

  /** TFLite's LUTLookup for int16: 9 bits index the table, 7 bits interpolate to the next. */
  static short lookup(int value, short[] t) {
    int index = 256 + (value >> 7);
    int offset = value & 0x7f;
    int base = t[index];
    int slope = (short) (t[index + 1] - t[index]);
    return (short) (base + (short) ((slope * offset + 64) >> 7));
  }

  private static float apply(DoubleUnaryOperator transform, float x) {
    return (float) transform.applyAsDouble(x);
  }

  /** std::round on a float: half away from zero. */
  private static float round(float x) {
    return (float) Math.copySign(Math.floor(Math.abs((double) x) + 0.5), x);
  }

  private static short clamp(float x) {
    return (short) Math.min(Math.max(x, Short.MIN_VALUE), Short.MAX_VALUE);
  }
}
