package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.ArgMaxOptions;
import dev.jlite.schema.model.ArgMinOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ConcatenationOptions;
import dev.jlite.schema.model.GatherOptions;
import dev.jlite.schema.model.PackOptions;
import dev.jlite.schema.model.SplitOptions;
import dev.jlite.schema.model.SplitVOptions;
import dev.jlite.schema.model.StridedSliceOptions;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.model.UnpackOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Quantized tensors through the data-movement kernels (concatenation with requantization, pack,
 * unpack, split, reshape, squeeze, expand_dims, transpose, gather, slice, strided_slice, pad,
 * arg_max), bit for bit against TFLite.
 */
class DataMovementQuantizedTest {
  static final byte[] TYPES = {TensorType.UINT8, TensorType.INT8, TensorType.INT16};

  static byte[] concat(byte type, float[] scales, int[] zeros, float outScale, int outZero,
      int[][] shapes, int axis) {
    MiscQuantModel m = new MiscQuantModel();
    int[] in = new int[shapes.length];
    for (int i = 0; i < in.length; i++) {
      in[i] = m.input(type, scales[i], zeros[i], shapes[i]);
    }
    int y = m.output(type, outScale, outZero);
    return m.op(BuiltinOperator.CONCATENATION, BuiltinOptions.ConcatenationOptions,
        fbb -> ConcatenationOptions.createConcatenationOptions(fbb, axis,
            ActivationFunctionType.NONE), in, y).build();
  }

  static List<Arguments> uint8Rescaling() {
    // {scales..., output scale} and {zero points..., output zero point}
    Object[][] quant = {
        {new float[] {0.1f, 0.1f}, new int[] {128, 128}, 0.1f, 128},
        {new float[] {0.1f, 0.05f}, new int[] {128, 3}, 0.1f, 128},
        {new float[] {0.3f, 0.02f}, new int[] {0, 255}, 0.07f, 100},
        {new float[] {1f, 2.5f}, new int[] {10, 20}, 0.5f, 0},
        {new float[] {0.01f, 0.011f}, new int[] {127, 128}, 0.0105f, 127}};
    int[][][] shapes = {{{2, 3}, {2, 4}}, {{1, 4, 4, 3}, {1, 4, 4, 5}}, {{3, 2, 5}, {3, 1, 5}}};
    int[] axes = {1, -1, 1};
    List<Arguments> cases = new ArrayList<>();
    for (Object[] q : quant) {
      for (int s = 0; s < shapes.length; s++) {
        cases.add(Arguments.of(q[0], q[1], q[2], q[3], shapes[s], axes[s]));
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("uint8Rescaling")
  void uint8ConcatenationRequantizesLikeTfLite(float[] scales, int[] zeros, float outScale,
      int outZero, int[][] shapes, int axis) {
    Differential.assertMatchesTfLite(concat(TensorType.UINT8, scales, zeros, outScale, outZero,
        shapes, axis), 9, 2);
  }

  @Test
  void uint8ConcatenationRequantizesByHand() {
    // Input 1: scale 0.5, zero point 4, into scale 1, zero point 10:
    // q 4 -> 0.0 -> 10; q 5 -> 0.5 -> round(10.5 - ...) = 11 (half away); q 255 -> 125.5 -> 136.
    byte[] model = concat(TensorType.UINT8, new float[] {1f, 0.5f}, new int[] {10, 4}, 1f, 10,
        new int[][] {{1}, {3}}, 0);
    byte[] out = MiscQuantModel.runBytes(model, new byte[] {77}, new byte[] {4, 5, (byte) 255});
    assertThat(out).containsExactly(77, 10, 11, (byte) 136);
  }

  @ParameterizedTest
  @ValueSource(bytes = {TensorType.INT8, TensorType.INT16})
  void signedConcatenationWithSharedParametersCopies(byte type) {
    Differential.assertMatchesTfLite(concat(type, new float[] {0.2f, 0.2f, 0.2f},
        new int[] {0, 0, 0}, 0.2f, 0, new int[][] {{2, 2, 3}, {2, 1, 3}, {2, 4, 3}}, 1), 3);
  }

  @Test
  void int8ConcatenationWithDifferentParametersIsRejected() {
    byte[] model = concat(TensorType.INT8, new float[] {0.2f, 0.4f}, new int[] {0, 0}, 0.2f, 0,
        new int[][] {{2}, {2}}, 0);
    assertThatThrownBy(() -> MiscQuantModel.prepare(model))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("requantizing");
  }

  @Test
  void uint8ConcatenationWithHostileOutputScaleIsRejected() {
    byte[] model = concat(TensorType.UINT8, new float[] {0.2f, 0.4f}, new int[] {0, 0}, 0f, 0,
        new int[][] {{2}, {2}}, 0);
    assertThatThrownBy(() -> MiscQuantModel.prepare(model))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("output scale 0.0 is not a positive finite number");
  }

  @ParameterizedTest
  @MethodSource("types")
  void packUnpackAndSplitMatchTfLite(byte type) {
    MiscQuantModel pack = new MiscQuantModel();
    int a = pack.input(type, 0.3f, 1, 2, 3);
    int b = pack.input(type, 0.3f, 1, 2, 3);
    int y = pack.output(type, 0.3f, 1);
    Differential.assertMatchesTfLite(pack.op(BuiltinOperator.PACK, BuiltinOptions.PackOptions,
        fbb -> PackOptions.createPackOptions(fbb, 2, 1), new int[] {a, b}, y).build(), 4);

    MiscQuantModel unpack = new MiscQuantModel();
    int x = unpack.input(type, 0.3f, 1, 3, 2, 2);
    int[] outs = {unpack.output(type, 0.3f, 1), unpack.output(type, 0.3f, 1)};
    Differential.assertMatchesTfLite(unpack.op(BuiltinOperator.UNPACK,
        BuiltinOptions.UnpackOptions, fbb -> UnpackOptions.createUnpackOptions(fbb, 2, 1),
        new int[] {x}, outs).build(), 4);

    MiscQuantModel split = new MiscQuantModel();
    int axis = split.constant(new int[] {}, 2);
    int s = split.input(type, 0.3f, 1, 2, 3, 4);
    int[] parts = {split.output(type, 0.3f, 1), split.output(type, 0.3f, 1)};
    Differential.assertMatchesTfLite(split.op(BuiltinOperator.SPLIT, BuiltinOptions.SplitOptions,
        fbb -> SplitOptions.createSplitOptions(fbb, 2), new int[] {axis, s}, parts).build(), 4);
  }

  @ParameterizedTest
  @MethodSource("types")
  void reshapeSqueezeExpandAndTransposeMatchTfLite(byte type) {
    // TFLite's EXPAND_DIMS insists on zero point 0 for int16.
    int zero = type == TensorType.INT16 ? 0 : 2;
    MiscQuantModel reshape = new MiscQuantModel();
    int x = reshape.input(type, 0.5f, zero, 2, 3, 4);
    int shape = reshape.constant(new int[] {2}, 6, -1);
    Differential.assertMatchesTfLite(reshape.op(BuiltinOperator.RESHAPE, (byte) 0, null,
        new int[] {x, shape}, reshape.output(type, 0.5f, zero)).build(), 5);

    MiscQuantModel squeeze = new MiscQuantModel();
    int sx = squeeze.input(type, 0.5f, zero, 1, 3, 1, 4);
    Differential.assertMatchesTfLite(squeeze.op(BuiltinOperator.SQUEEZE, (byte) 0, null,
        new int[] {sx}, squeeze.output(type, 0.5f, zero)).build(), 5);

    MiscQuantModel expand = new MiscQuantModel();
    int ex = expand.input(type, 0.5f, zero, 3, 4);
    int dim = expand.constant(new int[] {}, -1);
    Differential.assertMatchesTfLite(expand.op(BuiltinOperator.EXPAND_DIMS, (byte) 0, null,
        new int[] {ex, dim}, expand.output(type, 0.5f, zero)).build(), 5);

    MiscQuantModel transpose = new MiscQuantModel();
    int tx = transpose.input(type, 0.5f, zero, 2, 3, 4, 5);
    int perm = transpose.constant(new int[] {4}, 3, 1, 0, 2);
    Differential.assertMatchesTfLite(transpose.op(BuiltinOperator.TRANSPOSE, (byte) 0, null,
        new int[] {tx, perm}, transpose.output(type, 0.5f, zero)).build(), 5);
  }

  @ParameterizedTest
  @MethodSource("types")
  void gatherSliceAndStridedSliceMatchTfLite(byte type) {
    MiscQuantModel gather = new MiscQuantModel();
    int params = gather.input(type, 0.25f, -1, 4, 3);
    int indices = gather.constant(new int[] {5}, 3, 0, 0, 2, 1);
    Differential.assertMatchesTfLite(gather.op(BuiltinOperator.GATHER,
        BuiltinOptions.GatherOptions, fbb -> GatherOptions.createGatherOptions(fbb, 0, 0),
        new int[] {params, indices}, gather.output(type, 0.25f, -1)).build(), 6);

    MiscQuantModel slice = new MiscQuantModel();
    int sx = slice.input(type, 0.25f, -1, 3, 4, 5);
    int begin = slice.constant(new int[] {3}, 1, 0, 2);
    int size = slice.constant(new int[] {3}, 2, -1, 2);
    Differential.assertMatchesTfLite(slice.op(BuiltinOperator.SLICE, (byte) 0, null,
        new int[] {sx, begin, size}, slice.output(type, 0.25f, -1)).build(), 6);

    MiscQuantModel strided = new MiscQuantModel();
    int st = strided.input(type, 0.25f, -1, 4, 6);
    int b = strided.constant(new int[] {2}, 3, 0);
    int e = strided.constant(new int[] {2}, 0, 6);
    int s = strided.constant(new int[] {2}, -1, 2);
    Differential.assertMatchesTfLite(strided.op(BuiltinOperator.STRIDED_SLICE,
        BuiltinOptions.StridedSliceOptions,
        fbb -> StridedSliceOptions.createStridedSliceOptions(fbb, 0, 0, 0, 0, 0, false),
        new int[] {st, b, e, s}, strided.output(type, 0.25f, -1)).build(), 6);
  }

  @ParameterizedTest
  @MethodSource("types")
  void padFillsWithTheZeroPoint(byte type) {
    MiscQuantModel pad = new MiscQuantModel();
    int x = pad.input(type, 0.1f, 7, 2, 3);
    int paddings = pad.constant(new int[] {2, 2}, 1, 0, 2, 1);
    Differential.assertMatchesTfLite(pad.op(BuiltinOperator.PAD, (byte) 0, null,
        new int[] {x, paddings}, pad.output(type, 0.1f, 7)).build(), 8);
  }

  /** TFLite's ARG_MAX has no int16 kernel. */
  @ParameterizedTest
  @ValueSource(bytes = {TensorType.UINT8, TensorType.INT8})
  void argMaxComparesStoredValues(byte type) {
    MiscQuantModel argMax = new MiscQuantModel();
    int ax = argMax.input(type, 0.1f, 7, 3, 5);
    int axis = argMax.constant(new int[] {}, 1);
    int y = argMax.plainOutput(TensorType.INT32);
    Differential.assertMatchesTfLite(argMax.op(BuiltinOperator.ARG_MAX,
        BuiltinOptions.ArgMaxOptions, fbb -> ArgMaxOptions.createArgMaxOptions(fbb,
            TensorType.INT32), new int[] {ax, axis}, y).build(), 8);
  }

  /** ARG_MIN over uint8 must compare unsigned values: 200 is not below 5. */
  @ParameterizedTest
  @ValueSource(bytes = {TensorType.UINT8, TensorType.INT8})
  void argMinComparesStoredValues(byte type) {
    MiscQuantModel argMin = new MiscQuantModel();
    int ax = argMin.input(type, 0.1f, 7, 4, 6);
    int axis = argMin.constant(new int[] {}, 0);
    int y = argMin.plainOutput(TensorType.INT32);
    byte[] model = argMin.op(BuiltinOperator.ARG_MIN, BuiltinOptions.ArgMinOptions,
        fbb -> ArgMinOptions.createArgMinOptions(fbb, TensorType.INT32), new int[] {ax, axis}, y)
        .build();
    Differential.assertMatchesTfLite(model, 8);
    byte[] in = new byte[24];
    in[0] = (byte) 200;
    in[6] = 5;
    in[12] = 9;
    in[18] = 9;
    Differential.assertMatchesTfLite(model, in);
  }

  @Test
  void padWritesTheZeroPointByHand() {
    MiscQuantModel pad = new MiscQuantModel();
    int x = pad.input(TensorType.UINT8, 0.1f, 7, 1, 2);
    int paddings = pad.constant(new int[] {2, 2}, 0, 0, 1, 1);
    byte[] model = pad.op(BuiltinOperator.PAD, (byte) 0, null, new int[] {x, paddings},
        pad.output(TensorType.UINT8, 0.1f, 7)).build();
    assertThat(MiscQuantModel.runBytes(model, new byte[] {(byte) 200, 1}))
        .containsExactly(7, (byte) 200, 1, 7);
  }

  static List<Arguments> types() {
    List<Arguments> cases = new ArrayList<>();
    for (byte t : TYPES) {
      cases.add(Arguments.of(t));
    }
    return cases;
  }

  @ParameterizedTest
  @ValueSource(bytes = {TensorType.UINT8, TensorType.INT8, TensorType.INT16})
  void splitCopiesStoredValuesIntoOutputsQuantizedDifferently(byte type) {
    MiscQuantModel m = new MiscQuantModel();
    int axis = m.constant(new int[] {}, 1);
    int x = m.input(type, 0.01f, 0, 2, 4, 3);
    int y0 = m.output(type, 0.03f, 0);
    int y1 = m.output(type, 0.5f, 0);
    Differential.assertMatchesTfLite(m.op(BuiltinOperator.SPLIT, BuiltinOptions.SplitOptions,
        fbb -> SplitOptions.createSplitOptions(fbb, 2), new int[] {axis, x}, y0, y1).build(), 5);
  }

  @ParameterizedTest
  @ValueSource(bytes = {TensorType.UINT8, TensorType.INT8, TensorType.INT16})
  void splitVCopiesStoredValuesIntoOutputsQuantizedDifferently(byte type) {
    MiscQuantModel m = new MiscQuantModel();
    int x = m.input(type, 0.01f, 0, 2, 5, 3);
    int sizes = m.constant(new int[] {2}, 1, 4);
    int axis = m.constant(new int[] {}, 1);
    int y0 = m.output(type, 0.01f, 0);
    int y1 = m.output(type, 0.2f, 0);
    Differential.assertMatchesTfLite(m.op(BuiltinOperator.SPLIT_V, BuiltinOptions.SplitVOptions,
        fbb -> SplitVOptions.createSplitVOptions(fbb, 2), new int[] {x, sizes, axis}, y0, y1)
        .build(), 6);
  }
}
