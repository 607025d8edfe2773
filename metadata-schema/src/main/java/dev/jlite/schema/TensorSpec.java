package dev.jlite.schema;

import com.google.flatbuffers.FlatBufferBuilder;
import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * One tensor of a subgraph, as {@link SubgraphBuilder#addTensor(TensorSpec)} writes it.
 *
 * <p>The type is a {@code dev.jlite.schema.model.TensorType} code. Shape, shape signature and buffer
 * index are written as given, without checks against each other, so that tests can describe
 * impossible tensors; {@link ModelBuilder#build()} then reports them, {@link
 * ModelBuilder#buildUnverified()} does not.
 *
 * <p>Instances are immutable; arrays are copied in and out.
 */
public final class TensorSpec {
  private final String name;
  private final byte type;
  private final int[] shape;
  private final int[] shapeSignature;
  private final int buffer;
  private final QuantizationSpec quantization;
  private final boolean variable;
  private final boolean hasRank;
  private final ToIntFunction<FlatBufferBuilder> sparsity;

  private TensorSpec(Builder builder) {
    this.name = builder.name;
    this.type = builder.type;
    this.shape = builder.shape;
    this.shapeSignature = builder.shapeSignature;
    this.buffer = builder.buffer;
    this.quantization = builder.quantization;
    this.variable = builder.variable;
    this.hasRank = builder.hasRank;
    this.sparsity = builder.sparsity;
  }

  /** A tensor without constant data (buffer 0), quantization or shape signature. */
  public static TensorSpec of(String name, byte type, int... shape) {
    return builder(name, type, shape).build();
  }

  /** A builder for a tensor with the given name, {@code TensorType} and shape (empty for a scalar). */
  public static Builder builder(String name, byte type, int... shape) {
    return new Builder(name, type, shape);
  }

  public String name() {
    return name;
  }

  /** The {@code TensorType} code. */
  public byte type() {
    return type;
  }

  public int[] shape() {
    return shape.clone();
  }

  /** The shape with -1 for dimensions unknown until run time, or {@code null} if not written. */
  public int[] shapeSignature() {
    return shapeSignature == null ? null : shapeSignature.clone();
  }

  /** Index of the buffer holding the constant data; 0 (the empty buffer) for tensors computed at run time. */
  public int buffer() {
    return buffer;
  }

  /** The quantization parameters, or {@code null} if not written. */
  public QuantizationSpec quantization() {
    return quantization;
  }

  /** Whether the tensor is a variable (state kept across invocations). */
  public boolean isVariable() {
    return variable;
  }

  /** The {@code has_rank} flag: the rank is known even if the shape is empty. */
  public boolean hasRank() {
    return hasRank;
  }

  /** Writes the {@code SparsityParameters} table and returns its offset; null if dense. */
  public ToIntFunction<FlatBufferBuilder> sparsity() {
    return sparsity;
  }

  @Override
  public String toString() {
    return "TensorSpec[" + name + ", type=" + type + ", shape=" + Arrays.toString(shape)
        + (shapeSignature == null ? "" : ", shapeSignature=" + Arrays.toString(shapeSignature))
        + ", buffer=" + buffer + (quantization == null ? "" : ", " + quantization)
        + (variable ? ", variable" : "") + (hasRank ? ", hasRank" : "")
        + (sparsity == null ? "" : ", sparse") + "]";
  }

  /** Collects the fields of a {@link TensorSpec}. */
  public static final class Builder {
    private final String name;
    private final byte type;
    private final int[] shape;
    private int[] shapeSignature;
    private int buffer;
    private QuantizationSpec quantization;
    private boolean variable;
    private boolean hasRank;
    private ToIntFunction<FlatBufferBuilder> sparsity;

    private Builder(String name, byte type, int[] shape) {
      this.name = Checks.notNull(name, "tensor name");
      this.type = type;
      this.shape = Checks.notNull(shape, "shape of tensor " + name).clone();
    }

    public Builder shapeSignature(int... shapeSignature) {
      this.shapeSignature = Checks.notNull(shapeSignature, "shapeSignature of tensor " + name).clone();
      return this;
    }

    /**
     * The buffer holding the constant data, an index returned by one of the {@code addBuffer} methods
     * of {@link ModelBuilder}. Any value is written as given (as an unsigned 32-bit number), so
     * out-of-range indices can be tested.
     */
    public Builder buffer(int buffer) {
      this.buffer = buffer;
      return this;
    }

    public Builder quantization(QuantizationSpec quantization) {
      this.quantization = Checks.notNull(quantization, "quantization of tensor " + name);
      return this;
    }

    public Builder variable(boolean variable) {
      this.variable = variable;
      return this;
    }

    public Builder hasRank(boolean hasRank) {
      this.hasRank = hasRank;
      return this;
    }

    /**
     * Makes the tensor sparse: {@code writer} writes its {@code SparsityParameters} table (with the
     * generated {@code dev.jlite.schema.model} methods) and returns the table's offset. The buffer
     * then holds only the stored values. Written as given, so inconsistent parameters can be
     * tested.
     */
    public Builder sparsity(ToIntFunction<FlatBufferBuilder> writer) {
      this.sparsity = Checks.notNull(writer, "sparsity writer of tensor " + name);
      return this;
    }

    public TensorSpec build() {
      return new TensorSpec(this);
    }
  }
}
