package dev.jlite.engine;

import dev.jlite.schema.model.SparsityParameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor of an interpreter: its description (name, type, shape, quantization) and, for kernels, its
 * data.
 *
 * <p>Data lives in a Java array of the type's {@linkplain DataType storage kind} ({@code float[]} for
 * FLOAT32, {@code byte[]} for UINT8/INT8/BOOL, {@code int[]} for INT32, …) starting at
 * {@link #offset()}: tensors whose lifetimes do not overlap share one array (the arena). Constant
 * tensors keep their data in the model file ({@link #constantData()}); their array form is made once, on
 * first request. Kernels read and write through the typed accessors; applications copy data with
 * {@link Interpreter#run} and friends or {@link #copyTo(Object)}.
 */
public final class Tensor {
  private final int index;
  private final String name;
  private final DataType type;
  private final int[] shapeSignature;
  private final QuantizationParams quantization;
  private final ByteBuffer constant;
  private final boolean variable;
  private SparsityParameters sparsity;
  private int[] shape;
  private int elements;
  private boolean dynamic;
  private Object data;
  private int offset;

  Tensor(int index, String name, DataType type, int[] shape, int[] shapeSignature,
      QuantizationParams quantization, ByteBuffer constant, boolean variable) {
    this.index = index;
    this.name = name;
    this.type = type;
    this.shapeSignature = shapeSignature;
    this.quantization = quantization;
    this.constant = constant;
    this.variable = variable;
    setShape(shape);
  }

  /** Index of the tensor in its subgraph. */
  public int index() {
    return index;
  }

  public String name() {
    return name;
  }

  public DataType dataType() {
    return type;
  }

  /** The current shape (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * The shape the model was converted with, with -1 for dimensions that may change; equal to the
   * shape when the model declares no signature.
   */
  public int[] shapeSignature() {
    return shapeSignature.clone();
  }

  public int numDimensions() {
    return shape.length;
  }

  /** Size of dimension {@code i}; negative {@code i} counts from the end. */
  public int dim(int i) {
    return shape[i < 0 ? shape.length + i : i];
  }

  public int numElements() {
    return elements;
  }

  /** Bytes of the tensor's raw little-endian form (string tensors: of their TFLite encoding). */
  public int numBytes() {
    if (type == DataType.STRING) {
      return data == null ? 0 : StringTensors.encodedSize(strings(), offset, elements);
    }
    return elements * type.byteSize();
  }

  public QuantizationParams quantizationParams() {
    return quantization;
  }

  /** Whether the data comes from the model file and never changes. */
  public boolean isConstant() {
    return constant != null;
  }

  /** Whether the tensor keeps its value across runs (a model variable). */
  public boolean isVariable() {
    return variable;
  }

  /**
   * The model's sparsity parameters of a sparse constant (whose {@link #constantData()} then holds
   * only the stored values, in traversal order), or null for a dense tensor. The loader has checked
   * them against the shape and the buffer.
   */
  public SparsityParameters sparsity() {
    return sparsity;
  }

  void setSparsity(SparsityParameters sparsity) {
    this.sparsity = sparsity;
  }

  /** Whether the shape is known only when the producing operator runs. */
  public boolean isDynamic() {
    return dynamic;
  }

  /**
   * The constant data as stored in the model: a read-only, little-endian, zero-copy view; null for
   * non-constant tensors.
   */
  public ByteBuffer constantData() {
    return constant == null ? null : constant.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Offset of element 0 in the backing array (the arena is shared by many tensors). */
  public int offset() {
    return offset;
  }

  public float[] floats() {
    return (float[]) array(DataType.Storage.FLOAT);
  }

  public double[] doubles() {
    return (double[]) array(DataType.Storage.DOUBLE);
  }

  /** Backing array of UINT8, INT8, BOOL and INT4 tensors (UINT8 values are the unsigned bytes). */
  public byte[] bytes() {
    return (byte[]) array(DataType.Storage.BYTE);
  }

  /** Backing array of INT16, UINT16, FLOAT16 and BFLOAT16 tensors (raw 16-bit patterns). */
  public short[] shorts() {
    return (short[]) array(DataType.Storage.SHORT);
  }

  public int[] ints() {
    return (int[]) array(DataType.Storage.INT);
  }

  public long[] longs() {
    return (long[]) array(DataType.Storage.LONG);
  }

  /** Backing array of STRING tensors: one byte string per element. */
  public byte[][] strings() {
    return (byte[][]) array(DataType.Storage.STRING);
  }

  /**
   * Fills the tensor from a Java array of matching shape and type (or a flat array with its element
   * count), or from a ByteBuffer with exactly its raw bytes; for inputs before {@link
   * Interpreter#invoke()}.
   *
   * @throws IllegalArgumentException naming the expected and the given shape, type or size
   */
  public void copyFrom(Object source) {
    if (constant != null) {
      throw new IllegalStateException("tensor " + index + " '" + name + "' is a constant");
    }
    TensorCopier.copyIn(this, source, "tensor " + index);
  }

  /** Copies the tensor's data into a Java array of matching shape and type, or a ByteBuffer. */
  public void copyTo(Object destination) {
    TensorCopier.copyOut(this, destination);
  }

  private Object array(DataType.Storage expected) {
    if (type.storage() != expected) {
      throw new IllegalStateException("tensor " + index + " '" + name + "' is " + type
          + ", not stored as " + expected.name().toLowerCase() + "s");
    }
    if (data == null) {
      if (constant == null) {
        throw new IllegalStateException("tensor " + index + " '" + name
            + "' has no data: allocateTensors() has not run");
      }
      data = ConstantArrays.materialize(type, constant, elements);
      offset = 0;
    }
    return data;
  }

  Object data() {
    return data;
  }

  void bind(Object array, int elementOffset) {
    this.data = array;
    this.offset = elementOffset;
  }

  void setDynamic(boolean dynamic) {
    this.dynamic = dynamic;
  }

  /** Sets the shape; the caller re-plans memory (or, for dynamic tensors, reallocates). */
  void setShape(int[] newShape) {
    long count = 1;
    for (int d : newShape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(newShape));
      }
      count *= d;
      if (count * Math.max(1, type.byteSize()) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + Arrays.toString(newShape) + " of " + type
            + " exceeds 2 GiB");
      }
    }
    this.shape = newShape.clone();
    this.elements = (int) count;
  }

  boolean hasShape(int[] other) {
    return Arrays.equals(shape, other);
  }

  /** For dynamic tensors: makes sure an own array holds the current element count. */
  void ensureOwnCapacity() {
    int needed = elements * type.storageWidth();
    if (data == null || offset != 0 || ArenaArrays.length(data) < needed) {
      data = ArenaArrays.allocate(type.storage(), Math.max(needed, 1));
      offset = 0;
    }
  }

  @Override
  public String toString() {
    return "Tensor[" + index + " '" + name + "' " + type + " " + Arrays.toString(shape) + "]";
  }
}
