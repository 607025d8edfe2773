package dev.jlite.engine.kernels;

import dev.jlite.engine.OpResolver;

/** Registers every kernel jlite ships, family by family. */
public final class BuiltinKernels {
  private BuiltinKernels() {}

  public static void registerAll(OpResolver.Builder builder) {
    ElementwiseBinaryKernels.register(builder);
    PoolKernels.register(builder);
    ReduceKernels.register(builder);
    SoftmaxKernels.register(builder);
    NormalizationKernels.register(builder);
    ResizeKernels.register(builder);
    LstmKernels.register(builder);
    FftKernels.register(builder);
    DensifyKernel.register(builder);
    CumsumKernel.register(builder);
  }
}
