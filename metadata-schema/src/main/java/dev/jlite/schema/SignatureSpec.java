package dev.jlite.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A signature definition: a key naming an entry point, the subgraph it runs, and names for that
 * subgraph's input and output tensors, as {@link ModelBuilder#addSignature(SignatureSpec)} writes it.
 *
 * <p>Inputs and outputs are written in the order they were added. Indices are written as given (as
 * unsigned 32-bit numbers), without checks.
 *
 * <p>Instances are immutable.
 */
public final class SignatureSpec {
  /** One name-to-tensor entry of a signature. */
  public record Entry(String name, int tensorIndex) {
    public Entry {
      Checks.notNull(name, "signature tensor name");
    }
  }

  private final String key;
  private final int subgraphIndex;
  private final List<Entry> inputs;
  private final List<Entry> outputs;

  private SignatureSpec(Builder builder) {
    this.key = builder.key;
    this.subgraphIndex = builder.subgraphIndex;
    this.inputs = List.copyOf(builder.inputs);
    this.outputs = List.copyOf(builder.outputs);
  }

  /** A builder for the signature {@code key} of subgraph {@code subgraphIndex}. */
  public static Builder builder(String key, int subgraphIndex) {
    return new Builder(key, subgraphIndex);
  }

  public String key() {
    return key;
  }

  public int subgraphIndex() {
    return subgraphIndex;
  }

  public List<Entry> inputs() {
    return inputs;
  }

  public List<Entry> outputs() {
    return outputs;
  }

  @Override
  public String toString() {
    return "SignatureSpec[" + key + ", subgraph " + subgraphIndex + ", inputs=" + inputs + ", outputs="
        + outputs + "]";
  }

  /** Collects the entries of a {@link SignatureSpec}. */
  public static final class Builder {
    private final String key;
    private final int subgraphIndex;
    private final List<Entry> inputs = new ArrayList<>();
    private final List<Entry> outputs = new ArrayList<>();

    private Builder(String key, int subgraphIndex) {
      this.key = Checks.notNull(key, "signature key");
      this.subgraphIndex = subgraphIndex;
    }

    public Builder input(String name, int tensorIndex) {
      inputs.add(new Entry(name, tensorIndex));
      return this;
    }

    public Builder output(String name, int tensorIndex) {
      outputs.add(new Entry(name, tensorIndex));
      return this;
    }

    public SignatureSpec build() {
      return new SignatureSpec(this);
    }
  }
}
