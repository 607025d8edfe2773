package dev.jlite.engine.kernels;

import dev.jlite.engine.OpResolver;

/** Registers every kernel jlite ships, family by family. */
public final class BuiltinKernels {
  private BuiltinKernels() {}

  public static void registerAll(OpResolver.Builder builder) {
    ElementwiseBinaryKernels.register(builder);
    QuantizeKernels.register(builder);
    ConvKernels.register(builder);
    UnaryMathKernels.register(builder);
    ActivationKernels.register(builder);
    ComparisonKernels.register(builder);
    LogicalKernels.register(builder);
    SelectKernels.register(builder);
    CastKernels.register(builder);
    FillKernels.register(builder);
    AddNKernels.register(builder);
    DequantizeKernels.register(builder);
    ReshapeKernels.register(builder);
    TransposeKernels.register(builder);
    ConcatSplitKernels.register(builder);
    SliceKernels.register(builder);
    GatherKernels.register(builder);
    PadKernels.register(builder);
    TileKernels.register(builder);
    SpaceDepthKernels.register(builder);
    ArgMinMaxKernels.register(builder);
    PoolKernels.register(builder);
    ReduceKernels.register(builder);
    SoftmaxKernels.register(builder);
    NormalizationKernels.register(builder);
    ResizeKernels.register(builder);
    LstmKernels.register(builder);
    FftKernels.register(builder);
    DensifyKernel.register(builder);
    CumsumKernel.register(builder);
    DetectionPostProcess.register(builder);
  }
}
