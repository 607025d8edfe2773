package dev.jlite.schema;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.schema.model.BuiltinOperator;
import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * One operator of a subgraph, as {@link SubgraphBuilder#addOperator(OperatorSpec)} writes it.
 *
 * <p>Options tables are written by a function that receives the model's {@link FlatBufferBuilder}
 * and returns the offset of the table it wrote, so that every options table of the schema works
 * through its generated {@code createXxxOptions} method:
 *
 * <pre>{@code
 * OperatorSpec conv = OperatorSpec.builtin(BuiltinOperator.CONV_2D)
 *     .inputs(input, filter, bias)
 *     .outputs(output)
 *     .options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(
 *         fbb, Padding.SAME, 1, 1, ActivationFunctionType.RELU, 1, 1, TensorType.FLOAT32))
 *     .build();
 * }</pre>
 *
 * Tensor indices are written as given; -1 marks an optional input that is absent.
 *
 * <p>Instances are immutable. The option writers are kept and run each time the model is built, so
 * they must be deterministic.
 */
public final class OperatorSpec {
  private final int builtinCode;
  private final String customCode;
  private final int version;
  private final long opcodeIndex;
  private final int[] inputs;
  private final int[] outputs;
  private final int[] intermediates;
  private final byte optionsType;
  private final ToIntFunction<FlatBufferBuilder> options;
  private final byte options2Type;
  private final ToIntFunction<FlatBufferBuilder> options2;
  private final byte[] customOptions;

  private OperatorSpec(Builder builder) {
    this.builtinCode = builder.builtinCode;
    this.customCode = builder.customCode;
    this.version = builder.version;
    this.opcodeIndex = builder.opcodeIndex;
    this.inputs = builder.inputs;
    this.outputs = builder.outputs;
    this.intermediates = builder.intermediates;
    this.optionsType = builder.optionsType;
    this.options = builder.options;
    this.options2Type = builder.options2Type;
    this.options2 = builder.options2;
    this.customOptions = builder.customOptions;
  }

  /** An operator running a builtin kernel, a {@code BuiltinOperator} code; version 1 unless set. */
  public static Builder builtin(int builtinCode) {
    Checks.nonNegative(builtinCode, "builtin operator code");
    return new Builder(builtinCode, null, -1);
  }

  /** A custom operator (builtin code {@code CUSTOM}) with this custom code, such as a kernel name. */
  public static Builder custom(String customCode) {
    Checks.notNull(customCode, "custom code");
    return new Builder(BuiltinOperator.CUSTOM, customCode, -1);
  }

  /**
   * An operator whose {@code opcode_index} is written exactly as given (as an unsigned 32-bit number),
   * without registering an operator code: for operator codes added with {@link
   * ModelBuilder#addRawOperatorCode} and for hostile models that point outside the operator codes.
   */
  public static Builder withOpcodeIndex(int opcodeIndex) {
    return new Builder(-1, null, Integer.toUnsignedLong(opcodeIndex));
  }

  int builtinCode() {
    return builtinCode;
  }

  String customCode() {
    return customCode;
  }

  int version() {
    return version;
  }

  /** The opcode index to write as is, or -1 to register the operator's code. */
  long opcodeIndex() {
    return opcodeIndex;
  }

  int[] inputs() {
    return inputs;
  }

  int[] outputs() {
    return outputs;
  }

  int[] intermediates() {
    return intermediates;
  }

  byte optionsType() {
    return optionsType;
  }

  ToIntFunction<FlatBufferBuilder> options() {
    return options;
  }

  byte options2Type() {
    return options2Type;
  }

  ToIntFunction<FlatBufferBuilder> options2() {
    return options2;
  }

  byte[] customOptions() {
    return customOptions;
  }

  @Override
  public String toString() {
    String code = opcodeIndex >= 0 ? "opcodeIndex=" + opcodeIndex
        : customCode != null ? "custom " + customCode : ModelFile.builtinName(builtinCode);
    return "OperatorSpec[" + code + " v" + version + ", inputs=" + Arrays.toString(inputs) + ", outputs="
        + Arrays.toString(outputs) + "]";
  }

  /** Collects the fields of an {@link OperatorSpec}. */
  public static final class Builder {
    private final int builtinCode;
    private final String customCode;
    private final long opcodeIndex;
    private int version = 1;
    private int[] inputs = new int[0];
    private int[] outputs = new int[0];
    private int[] intermediates;
    private byte optionsType;
    private ToIntFunction<FlatBufferBuilder> options;
    private byte options2Type;
    private ToIntFunction<FlatBufferBuilder> options2;
    private byte[] customOptions;

    private Builder(int builtinCode, String customCode, long opcodeIndex) {
      this.builtinCode = builtinCode;
      this.customCode = customCode;
      this.opcodeIndex = opcodeIndex;
    }

    /** The operator version, part of the operator code; ignored with {@link #withOpcodeIndex}. */
    public Builder version(int version) {
      this.version = Checks.positive(version, "operator version");
      return this;
    }

    public Builder inputs(int... inputs) {
      this.inputs = Checks.notNull(inputs, "inputs").clone();
      return this;
    }

    public Builder outputs(int... outputs) {
      this.outputs = Checks.notNull(outputs, "outputs").clone();
      return this;
    }

    /** Tensors for intermediate results (used by quantized LSTMs); not written unless set. */
    public Builder intermediates(int... intermediates) {
      this.intermediates = Checks.notNull(intermediates, "intermediates").clone();
      return this;
    }

    /**
     * The {@code builtin_options} union: a {@code BuiltinOptions} type code and a function that writes
     * the table and returns its offset. The type is written as given, so a type that does not match the
     * table (or the operator) can be tested.
     */
    public Builder options(byte builtinOptionsType, ToIntFunction<FlatBufferBuilder> writer) {
      this.optionsType = builtinOptionsType;
      this.options = Checks.notNull(writer, "builtin options writer");
      return this;
    }

    /** The {@code builtin_options_2} union (StableHLO options): a {@code BuiltinOptions2} type code and writer. */
    public Builder options2(byte builtinOptions2Type, ToIntFunction<FlatBufferBuilder> writer) {
      this.options2Type = builtinOptions2Type;
      this.options2 = Checks.notNull(writer, "builtin options 2 writer");
      return this;
    }

    /**
     * The raw {@code custom_options} bytes, usually a FlexBuffer map
     * ({@code com.google.flatbuffers.FlexBuffersBuilder} writes one).
     */
    public Builder customOptions(byte[] customOptions) {
      this.customOptions = Checks.notNull(customOptions, "custom options").clone();
      return this;
    }

    public OperatorSpec build() {
      return new OperatorSpec(this);
    }
  }
}
