package dev.jlite.engine.kernels;

import dev.jlite.engine.OpResolver;

/** Registers every kernel jlite ships, family by family. */
public final class BuiltinKernels {
  private BuiltinKernels() {}

  public static void registerAll(OpResolver.Builder builder) {
    ElementwiseBinaryKernels.register(builder);
    ReshapeKernels.register(builder);
    TransposeKernels.register(builder);
    ConcatSplitKernels.register(builder);
    SliceKernels.register(builder);
    GatherKernels.register(builder);
    PadKernels.register(builder);
    TileKernels.register(builder);
    SpaceDepthKernels.register(builder);
    ArgMinMaxKernels.register(builder);
  }
}
