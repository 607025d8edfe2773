package dev.jlite.schema.testing;

import java.util.Arrays;

/**
 * What real TFLite reports about one tensor. Immutable; arrays are copied out.
 */
public final class OracleTensorInfo {
  private final String name;
  private final int type;
  private final String typeName;
  private final int[] shape;
  private final int[] shapeSignature;
  private final long bytes;
  private final float[] scales;
  private final int[] zeroPoints;
  private final int quantizedDimension;

  OracleTensorInfo(String name, int type, String typeName, int[] shape, int[] shapeSignature, long bytes,
      float[] scales, int[] zeroPoints, int quantizedDimension) {
    this.name = name;
    this.type = type;
    this.typeName = typeName;
    this.shape = shape;
    this.shapeSignature = shapeSignature;
    this.bytes = bytes;
    this.scales = scales;
    this.zeroPoints = zeroPoints;
    this.quantizedDimension = quantizedDimension;
  }

  /** The tensor's name; empty if the model gives none. */
  public String name() {
    return name;
  }

  /**
   * The type as a schema {@code dev.jlite.schema.model.TensorType} code (TFLite's runtime
   * {@code TfLiteType} numbers differ), or -1 for a runtime type without a schema code.
   */
  public int type() {
    return type;
  }

  /** TFLite's name for the type, such as {@code FLOAT32} or {@code INT8}. */
  public String typeName() {
    return typeName;
  }

  public int[] shape() {
    return shape.clone();
  }

  /** The shape with -1 for dimensions unknown until run time; the shape if the model gives no signature. */
  public int[] shapeSignature() {
    return shapeSignature.clone();
  }

  /** Size of the tensor's data in bytes. */
  public long bytes() {
    return bytes;
  }

  /** Quantization scales: one per tensor, or one per channel; empty if not quantized. */
  public float[] scales() {
    return scales.clone();
  }

  /** Quantization zero points, as many as {@link #scales()}. */
  public int[] zeroPoints() {
    return zeroPoints.clone();
  }

  public int quantizedDimension() {
    return quantizedDimension;
  }

  @Override
  public String toString() {
    return "OracleTensorInfo[" + name + ", " + typeName + Arrays.toString(shape) + ", signature "
        + Arrays.toString(shapeSignature) + ", " + bytes + " bytes"
        + (scales.length == 0 ? "" : ", scales " + Arrays.toString(scales) + ", zero points "
            + Arrays.toString(zeroPoints) + ", dimension " + quantizedDimension) + "]";
  }
}
