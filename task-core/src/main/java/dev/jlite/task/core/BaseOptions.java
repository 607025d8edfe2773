package dev.jlite.task.core;

import dev.jlite.engine.Interpreter;
import dev.jlite.engine.OpResolver;
import java.util.Objects;

/**
 * Settings every task shares: how many threads inference uses and which kernels it may use.
 * Immutable; made with {@link #builder()}.
 */
public final class BaseOptions {
  /** The defaults: the runtime chooses the thread count, all builtin kernels. */
  public static final BaseOptions DEFAULT = builder().build();

  private final int numThreads;
  private final OpResolver opResolver;

  private BaseOptions(Builder b) {
    this.numThreads = b.numThreads;
    this.opResolver = b.opResolver;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Threads for inference; -1 (the default) lets the runtime decide, which means one thread. */
  public int numThreads() {
    return numThreads;
  }

  /** The kernels the task's interpreter may use. */
  public OpResolver opResolver() {
    return opResolver;
  }

  /** The interpreter options these settings stand for. */
  public Interpreter.Options interpreterOptions() {
    return Interpreter.Options.builder()
        .numThreads(numThreads == -1 ? 1 : numThreads)
        .opResolver(opResolver)
        .build();
  }

  public Builder toBuilder() {
    return new Builder().setNumThreads(numThreads).setOpResolver(opResolver);
  }

  /** Builds {@link BaseOptions}; setters follow TFLite's task library names. */
  public static final class Builder {
    private int numThreads = -1;
    private OpResolver opResolver = OpResolver.builtin();

    private Builder() {}

    /**
     * Threads for inference: at least 1, or -1 to let the runtime decide.
     *
     * @throws IllegalArgumentException for 0 or a value below -1
     */
    public Builder setNumThreads(int threads) {
      if (threads < 1 && threads != -1) {
        throw new IllegalArgumentException(
            "numThreads must be at least 1, or -1 for the default, was " + threads);
      }
      this.numThreads = threads;
      return this;
    }

    public Builder setOpResolver(OpResolver resolver) {
      this.opResolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    public BaseOptions build() {
      return new BaseOptions(this);
    }
  }
}
