package dev.jlite.task.core;

import java.util.Arrays;

/**
 * A feature vector from one output of an embedding model (text or image): floats, or, when the
 * embedder quantizes, signed bytes ({@code round(value * 128)} clamped to [-128, 127]). Immutable.
 */
public final class Embedding {
  private final int outputIndex;
  private final float[] values;
  private final byte[] quantized;

  private Embedding(int outputIndex, float[] values, byte[] quantized) {
    this.outputIndex = outputIndex;
    this.values = values;
    this.quantized = quantized;
  }

  /** A float embedding (copied). */
  public static Embedding ofFloats(int outputIndex, float[] values) {
    return new Embedding(outputIndex, values.clone(), null);
  }

  /** A quantized embedding (copied). */
  public static Embedding ofQuantized(int outputIndex, byte[] values) {
    return new Embedding(outputIndex, null, values.clone());
  }

  /**
   * An embedding from an output's float values as TFLite's embedders post-process them:
   * optionally divided by their L2 norm (accumulated in float; a zero vector stays zero), then
   * optionally quantized to signed bytes {@code round(x * 128)} (halves away from zero, as C's
   * {@code roundf}), clamped to [-128, 127]. The array is not kept.
   */
  public static Embedding fromOutput(int outputIndex, float[] values, boolean l2Normalize,
      boolean quantize) {
    float[] v = values.clone();
    if (l2Normalize) {
      float squared = 0f;
      for (float x : v) {
        squared += x * x;
      }
      if (squared != 0f) {
        float inverse = 1f / (float) Math.sqrt(squared);
        for (int i = 0; i < v.length; i++) {
          v[i] *= inverse;
        }
      }
    }
    if (!quantize) {
      return new Embedding(outputIndex, v, null);
    }
    byte[] q = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      float scaled = v[i] * 128;
      double magnitude = Math.floor(Math.abs(scaled) + 0.5);
      long rounded = (long) (scaled < 0 ? -magnitude : magnitude);
      q[i] = (byte) Math.max(-128, Math.min(rounded, 127));
    }
    return new Embedding(outputIndex, null, q);
  }

  /** The index of the output tensor this embedding comes from. */
  public int outputIndex() {
    return outputIndex;
  }

  public boolean isQuantized() {
    return quantized != null;
  }

  public int dimension() {
    return quantized != null ? quantized.length : values.length;
  }

  /**
   * The float values; a copy.
   *
   * @throws IllegalStateException if the embedding is quantized
   */
  public float[] values() {
    if (values == null) {
      throw new IllegalStateException("this embedding is quantized; read quantizedValues()");
    }
    return values.clone();
  }

  /**
   * The quantized values; a copy.
   *
   * @throws IllegalStateException if the embedding holds floats
   */
  public byte[] quantizedValues() {
    if (quantized == null) {
      throw new IllegalStateException("this embedding holds floats; read values()");
    }
    return quantized.clone();
  }

  /**
   * The cosine similarity of two embeddings of the same kind and dimension, computed in double as
   * TFLite does.
   *
   * @throws IllegalArgumentException if one is quantized and the other not, their dimensions
   *     differ, they are empty, or one has norm 0
   */
  public static double cosineSimilarity(Embedding u, Embedding v) {
    if (u.isQuantized() != v.isQuantized()) {
      throw new IllegalArgumentException(
          "cannot compare a quantized embedding with a float embedding");
    }
    if (u.dimension() != v.dimension()) {
      throw new IllegalArgumentException("cannot compare embeddings of different sizes ("
          + u.dimension() + " vs " + v.dimension() + ")");
    }
    if (u.dimension() == 0) {
      throw new IllegalArgumentException("cannot compare empty embeddings");
    }
    double dot = 0;
    double normU = 0;
    double normV = 0;
    for (int i = 0; i < u.dimension(); i++) {
      double a = u.isQuantized() ? u.quantized[i] : u.values[i];
      double b = v.isQuantized() ? v.quantized[i] : v.values[i];
      dot += a * b;
      normU += a * a;
      normV += b * b;
    }
    if (normU <= 0 || normV <= 0) {
      throw new IllegalArgumentException("cannot compare an embedding whose norm is 0");
    }
    return dot / Math.sqrt(normU * normV);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e && e.outputIndex == outputIndex
        && Arrays.equals(e.values, values) && Arrays.equals(e.quantized, quantized);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * outputIndex + Arrays.hashCode(values)) + Arrays.hashCode(quantized);
  }

  @Override
  public String toString() {
    return "Embedding{output " + outputIndex + ", " + dimension()
        + (isQuantized() ? " quantized" : " floats") + "}";
  }
}
