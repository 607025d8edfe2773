package dev.jlite.engine;

import dev.jlite.engine.kernels.BuiltinKernels;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.Model;
import dev.jlite.schema.model.OperatorCode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Maps operators to kernels: builtin operators by code, custom operators by name. Immutable.
 *
 * <pre>{@code
 * OpResolver all = OpResolver.builtin();                        // every operator jlite implements
 * OpResolver mine = OpResolver.builder().addAll(all)
 *     .addCustom("MyOp", MyOpKernel::new).build();              // plus a custom operator
 * OpResolver lean = OpResolver.forModel(modelFile, all);        // only what one model needs
 * }</pre>
 */
public final class OpResolver {
  private static final OpResolver BUILTIN = builtinResolver();

  private final Map<Integer, KernelFactory> builtins;
  private final Map<String, KernelFactory> customs;

  private OpResolver(Map<Integer, KernelFactory> builtins, Map<String, KernelFactory> customs) {
    this.builtins = Map.copyOf(builtins);
    this.customs = Map.copyOf(customs);
  }

  /** All builtin operators jlite implements, and the custom operators it ships. */
  public static OpResolver builtin() {
    return BUILTIN;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A resolver holding only the operators a model uses, taken from {@code source}.
   *
   * @throws UnsupportedOperatorException naming every operator of the model that source lacks
   */
  public static OpResolver forModel(ModelFile model, OpResolver source) {
    Builder builder = builder();
    TreeSet<String> missing = new TreeSet<>();
    Model m = model.model();
    OperatorCode code = new OperatorCode();
    for (int i = 0; i < m.operatorCodesLength(); i++) {
      m.operatorCodes(code, i);
      int builtin = Math.max(code.builtinCode(), code.deprecatedBuiltinCode());
      if (builtin == BuiltinOperator.CUSTOM) {
        KernelFactory factory = source.findCustom(code.customCode());
        if (factory == null) {
          missing.add(code.customCode());
        } else {
          builder.addCustom(code.customCode(), factory);
        }
      } else {
        KernelFactory factory = source.findBuiltin(builtin);
        if (factory == null) {
          missing.add(ModelFile.builtinName(builtin));
        } else {
          builder.addBuiltin(builtin, factory);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new UnsupportedOperatorException(model.source() + ": no kernel for " + missing);
    }
    return builder.build();
  }

  /** The kernel factory for a builtin operator code, or null. */
  public KernelFactory findBuiltin(int builtinCode) {
    return builtins.get(builtinCode);
  }

  /** The kernel factory for a custom operator name, or null. */
  public KernelFactory findCustom(String name) {
    return name == null ? null : customs.get(name);
  }

  /** Number of operators (builtin and custom) this resolver knows. */
  public int size() {
    return builtins.size() + customs.size();
  }

  private static OpResolver builtinResolver() {
    Builder builder = builder();
    BuiltinKernels.registerAll(builder);
    return builder.build();
  }

  /** Collects operators; later registrations of the same operator replace earlier ones. */
  public static final class Builder {
    private final Map<Integer, KernelFactory> builtins = new HashMap<>();
    private final Map<String, KernelFactory> customs = new HashMap<>();

    private Builder() {}

    public Builder addBuiltin(int builtinCode, KernelFactory factory) {
      if (builtinCode < 0 || builtinCode == BuiltinOperator.CUSTOM) {
        throw new IllegalArgumentException("not a builtin operator code: " + builtinCode);
      }
      builtins.put(builtinCode, Objects.requireNonNull(factory, "factory"));
      return this;
    }

    public Builder addCustom(String name, KernelFactory factory) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("custom operator name must not be empty");
      }
      customs.put(name, Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /** Adds every operator of another resolver. */
    public Builder addAll(OpResolver other) {
      builtins.putAll(other.builtins);
      customs.putAll(other.customs);
      return this;
    }

    public OpResolver build() {
      return new OpResolver(builtins, customs);
    }
  }
}
