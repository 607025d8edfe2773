package dev.jlite.engine.kernels;

/** IEEE 754 binary16 (half precision) values, stored as raw 16-bit patterns in {@code short}s. */
final class Float16 {
  private Float16() {}

  /**
   * The float32 of a half's bit pattern. Exact for every pattern: binary32 has more exponent and
   * significand bits, so normals, subnormals (which become float32 normals), signed zeros and
   * infinities map to the same value, and NaNs stay NaN with their sign and payload.
   */
  static float toFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int significand = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | significand << 13);
    }
    if (exponent != 0) {
      // Rebias the exponent from 15 to 127.
      return Float.intBitsToFloat(sign | (exponent + 112) << 23 | significand << 13);
    }
    // Zero or subnormal: significand * 2^-24, exact in float32.
    float magnitude = significand * 0x1p-24f;
    return sign != 0 ? -magnitude : magnitude;
  }
}
