package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.engine.Differential;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.AddOptions;
import dev.jlite.schema.model.ArgMaxOptions;
import dev.jlite.schema.model.BatchMatMulOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ConcatenationOptions;
import dev.jlite.schema.model.GatherOptions;
import dev.jlite.schema.model.LeakyReluOptions;
import dev.jlite.schema.model.MulOptions;
import dev.jlite.schema.model.Padding;
import dev.jlite.schema.model.Pool2DOptions;
import dev.jlite.schema.model.ReducerOptions;
import dev.jlite.schema.model.ResizeBilinearOptions;
import dev.jlite.schema.model.ResizeNearestNeighborOptions;
import dev.jlite.schema.model.SoftmaxOptions;
import dev.jlite.schema.model.SplitOptions;
import dev.jlite.schema.model.SqueezeOptions;
import dev.jlite.schema.model.StridedSliceOptions;
import dev.jlite.schema.model.SubOptions;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.testing.TfLiteOracleException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One tiny int16 (zero point 0) model per op of the quantization issue that TFLite 2.19 runs in
 * int16, each checked byte for byte against TFLite: a regression sweep of jlite's int16 coverage.
 * The int16x8 weight ops (int8 weights, int64 bias) get one row each here and their full sweeps
 * in {@link QuantizedConvTest} and {@link QuantizedTransposeConvTest}.
 */
class Int16CoverageTest {
  private static final byte I16 = TensorType.INT16;

  /** A one-op model: int16 input(s) of the given shape, one int16 output. */
  private static byte[] unary(int code, byte optionsType,
      ToIntFunction<FlatBufferBuilder> options,
      float inScale, float outScale, int... shape) {
    MiscQuantModel m = new MiscQuantModel();
    int x = m.input(I16, inScale, 0, shape);
    int y = m.output(I16, outScale, 0);
    return m.op(code, optionsType, options, new int[] {x}, y).build();
  }

  private static byte[] binary(int code, byte optionsType,
      ToIntFunction<FlatBufferBuilder> options,
      float aScale, float bScale, float outScale, int[] aShape, int[] bShape) {
    MiscQuantModel m = new MiscQuantModel();
    int a = m.input(I16, aScale, 0, aShape);
    int b = m.input(I16, bScale, 0, bShape);
    int y = m.output(I16, outScale, 0);
    return m.op(code, optionsType, options, new int[] {a, b}, y).build();
  }

  /** A one-op model whose second input is a constant int32 tensor (axes, shapes, paddings). */
  private static byte[] withConstant(int code, byte optionsType,
      ToIntFunction<FlatBufferBuilder> options,
      int[] shape, int[] constShape, int... constant) {
    MiscQuantModel m = new MiscQuantModel();
    int x = m.input(I16, 0.01f, 0, shape);
    int c = m.constant(constShape, constant);
    int y = m.output(I16, 0.01f, 0);
    return m.op(code, optionsType, options, new int[] {x, c}, y).build();
  }

  static Map<String, Supplier<byte[]>> models() {
    Map<String, Supplier<byte[]>> m = new LinkedHashMap<>();
    m.put("ADD", () -> binary(BuiltinOperator.ADD, BuiltinOptions.AddOptions,
        fbb -> AddOptions.createAddOptions(fbb, ActivationFunctionType.NONE, false),
        0.01f, 0.02f, 0.03f, new int[] {2, 3, 4}, new int[] {3, 4}));
    m.put("SUB", () -> binary(BuiltinOperator.SUB, BuiltinOptions.SubOptions,
        fbb -> SubOptions.createSubOptions(fbb, ActivationFunctionType.RELU, false),
        0.01f, 0.02f, 0.03f, new int[] {2, 3, 4}, new int[] {2, 3, 4}));
    // pot_scale_int16 with power-of-two scales takes TFLite's shift-only int16 path.
    m.put("ADD pot_scale_int16", () -> binary(BuiltinOperator.ADD, BuiltinOptions.AddOptions,
        fbb -> AddOptions.createAddOptions(fbb, ActivationFunctionType.NONE, true),
        1f / 1024, 1f / 512, 1f / 512, new int[] {2, 3, 4}, new int[] {2, 3, 4}));
    m.put("ADD pot_scale_int16 both rescaled", () -> binary(BuiltinOperator.ADD,
        BuiltinOptions.AddOptions,
        fbb -> AddOptions.createAddOptions(fbb, ActivationFunctionType.NONE, true),
        1f / 1024, 1f / 256, 1f / 512, new int[] {2, 3, 4}, new int[] {2, 3, 4}));
    m.put("SUB pot_scale_int16", () -> binary(BuiltinOperator.SUB, BuiltinOptions.SubOptions,
        fbb -> SubOptions.createSubOptions(fbb, ActivationFunctionType.RELU6, true),
        1f / 2048, 1f / 4096, 1f / 2048, new int[] {2, 3, 4}, new int[] {4}));
    m.put("MUL", () -> binary(BuiltinOperator.MUL, BuiltinOptions.MulOptions,
        fbb -> MulOptions.createMulOptions(fbb, ActivationFunctionType.NONE),
        0.01f, 0.02f, 0.5f, new int[] {2, 3, 4}, new int[] {4}));
    m.put("MAXIMUM", () -> binary(BuiltinOperator.MAXIMUM, (byte) 0, null,
        0.01f, 0.01f, 0.01f, new int[] {2, 3, 4}, new int[] {3, 4}));
    m.put("MINIMUM", () -> binary(BuiltinOperator.MINIMUM, (byte) 0, null,
        0.01f, 0.01f, 0.01f, new int[] {2, 3, 4}, new int[] {2, 3, 4}));
    m.put("CONCATENATION", () -> binary(BuiltinOperator.CONCATENATION,
        BuiltinOptions.ConcatenationOptions,
        fbb -> ConcatenationOptions.createConcatenationOptions(fbb, 1,
            ActivationFunctionType.NONE),
        0.01f, 0.01f, 0.01f, new int[] {2, 3, 4}, new int[] {2, 5, 4}));
    m.put("PRELU", () -> binary(BuiltinOperator.PRELU, (byte) 0, null,
        0.01f, 0.002f, 0.01f, new int[] {2, 3, 4}, new int[] {4}));
    m.put("BATCH_MATMUL", () -> binary(BuiltinOperator.BATCH_MATMUL,
        BuiltinOptions.BatchMatMulOptions,
        fbb -> BatchMatMulOptions.createBatchMatMulOptions(fbb, false, false, false),
        0.01f, 0.02f, 0.5f, new int[] {2, 3, 4}, new int[] {2, 4, 5}));
    QuantizedConvTest.Quant wide = new QuantizedConvTest.Quant(I16, 0.001f, 0, true, 0,
        0.002f, 0);
    QuantizedConvTest.Quant widePerTensor = new QuantizedConvTest.Quant(I16, 0.0005f, 0, false,
        0, 0.0001f, 0);
    QuantizedConvTest.Case conv = new QuantizedConvTest.Case(QuantizedConvTest.Op.CONV,
        new int[] {1, 6, 5, 3}, new int[] {4, 3, 2, 3}, Padding.SAME, 2, 1,
        ActivationFunctionType.RELU, wide, true);
    m.put("CONV_2D", () -> conv.model(3, conv.filterScales(3), false));
    QuantizedConvTest.Case depthwise = new QuantizedConvTest.Case(
        QuantizedConvTest.Op.DEPTHWISE, new int[] {1, 5, 7, 2}, new int[] {1, 3, 2, 4},
        Padding.VALID, 1, 1, ActivationFunctionType.NONE, wide, true);
    m.put("DEPTHWISE_CONV_2D", () -> depthwise.model(4, depthwise.filterScales(4), false));
    QuantizedConvTest.Case fc = new QuantizedConvTest.Case(QuantizedConvTest.Op.FC,
        new int[] {2, 9}, new int[] {5, 9}, Padding.SAME, 1, 1, ActivationFunctionType.NONE,
        widePerTensor, true);
    m.put("FULLY_CONNECTED", () -> fc.model(5, fc.filterScales(5), false));
    QuantizedTransposeConvTest.Case transposeConv = new QuantizedTransposeConvTest.Case(
        new int[] {1, 3, 4, 2}, new int[] {3, 3, 3, 2}, 6, 8, Padding.SAME, 2, 2,
        ActivationFunctionType.NONE, true, new QuantizedTransposeConvTest.Quant(I16, 0.002f, 0,
            new float[] {0.01f, 0.02f, 0.015f}, 0, 0.004f, 0), true, true);
    m.put("TRANSPOSE_CONV", () -> transposeConv.model(6, false));
    m.put("AVERAGE_POOL_2D", () -> unary(BuiltinOperator.AVERAGE_POOL_2D,
        BuiltinOptions.Pool2DOptions, fbb -> Pool2DOptions.createPool2DOptions(fbb,
            Padding.SAME, 2, 2, 3, 3, ActivationFunctionType.NONE),
        0.01f, 0.01f, 1, 7, 6, 3));
    m.put("MAX_POOL_2D", () -> unary(BuiltinOperator.MAX_POOL_2D,
        BuiltinOptions.Pool2DOptions, fbb -> Pool2DOptions.createPool2DOptions(fbb,
            Padding.VALID, 1, 2, 2, 2, ActivationFunctionType.RELU6),
        0.01f, 0.01f, 1, 7, 6, 3));
    m.put("SOFTMAX", () -> unary(BuiltinOperator.SOFTMAX, BuiltinOptions.SoftmaxOptions,
        fbb -> SoftmaxOptions.createSoftmaxOptions(fbb, 1f), 0.001f, 1f / 32768, 3, 7));
    m.put("LOGISTIC", () -> unary(BuiltinOperator.LOGISTIC, (byte) 0, null,
        0.001f, 1f / 32768, 3, 7));
    m.put("TANH", () -> unary(BuiltinOperator.TANH, (byte) 0, null,
        0.001f, 1f / 32768, 3, 7));
    m.put("HARD_SWISH", () -> unary(BuiltinOperator.HARD_SWISH, (byte) 0, null,
        0.001f, 0.002f, 3, 7));
    m.put("RELU", () -> unary(BuiltinOperator.RELU, (byte) 0, null, 0.01f, 0.02f, 3, 7));
    m.put("RELU6", () -> unary(BuiltinOperator.RELU6, (byte) 0, null, 0.001f, 0.0005f, 3, 7));
    m.put("LEAKY_RELU", () -> unary(BuiltinOperator.LEAKY_RELU,
        BuiltinOptions.LeakyReluOptions, fbb -> LeakyReluOptions.createLeakyReluOptions(fbb,
            0.2f), 0.01f, 0.02f, 3, 7));
    m.put("QUANTIZE", () -> unary(BuiltinOperator.QUANTIZE, (byte) 0, null,
        0.01f, 0.03f, 3, 7));
    m.put("SQUEEZE", () -> unary(BuiltinOperator.SQUEEZE, BuiltinOptions.SqueezeOptions,
        fbb -> SqueezeOptions.createSqueezeOptions(fbb,
            SqueezeOptions.createSqueezeDimsVector(fbb, new int[] {1})), 0.01f, 0.01f, 3, 1, 7));
    m.put("MEAN", () -> withConstant(BuiltinOperator.MEAN, BuiltinOptions.ReducerOptions,
        fbb -> ReducerOptions.createReducerOptions(fbb, true), new int[] {2, 3, 4},
        new int[] {1}, -1));
    m.put("SUM", () -> withConstant(BuiltinOperator.SUM, BuiltinOptions.ReducerOptions,
        fbb -> ReducerOptions.createReducerOptions(fbb, false), new int[] {2, 3, 4},
        new int[] {2}, 0, 2));
    m.put("RESHAPE", () -> withConstant(BuiltinOperator.RESHAPE, (byte) 0, null,
        new int[] {2, 3, 4}, new int[] {2}, 4, 6));
    m.put("PAD", () -> withConstant(BuiltinOperator.PAD, (byte) 0, null,
        new int[] {2, 3, 4}, new int[] {3, 2}, 0, 1, 2, 0, 1, 1));
    m.put("TRANSPOSE", () -> withConstant(BuiltinOperator.TRANSPOSE, (byte) 0, null,
        new int[] {2, 3, 4}, new int[] {3}, 2, 0, 1));
    m.put("GATHER", () -> withConstant(BuiltinOperator.GATHER, BuiltinOptions.GatherOptions,
        fbb -> GatherOptions.createGatherOptions(fbb, 1, 0), new int[] {2, 3, 4},
        new int[] {4}, 2, 0, 1, 2));
    m.put("RESIZE_BILINEAR", () -> withConstant(BuiltinOperator.RESIZE_BILINEAR,
        BuiltinOptions.ResizeBilinearOptions,
        fbb -> ResizeBilinearOptions.createResizeBilinearOptions(fbb, false, true),
        new int[] {1, 3, 4, 2}, new int[] {2}, 5, 7));
    m.put("RESIZE_NEAREST_NEIGHBOR", () -> withConstant(
        BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, BuiltinOptions.ResizeNearestNeighborOptions,
        fbb -> ResizeNearestNeighborOptions.createResizeNearestNeighborOptions(fbb, false,
            true), new int[] {1, 3, 4, 2}, new int[] {2}, 5, 7));
    m.put("STRIDED_SLICE", () -> {
      MiscQuantModel s = new MiscQuantModel();
      int x = s.input(I16, 0.01f, 0, 4, 5, 6);
      int begin = s.constant(new int[] {3}, 0, 1, -1);
      int end = s.constant(new int[] {3}, 4, 5, 0);
      int strides = s.constant(new int[] {3}, 2, 1, -2);
      int y = s.output(I16, 0.01f, 0);
      return s.op(BuiltinOperator.STRIDED_SLICE, BuiltinOptions.StridedSliceOptions,
          fbb -> StridedSliceOptions.createStridedSliceOptions(fbb, 0, 0, 0, 0, 0, false),
          new int[] {x, begin, end, strides}, y).build();
    });
    m.put("SPLIT", () -> {
      MiscQuantModel s = new MiscQuantModel();
      int axis = s.constant(new int[] {}, 2);
      int x = s.input(I16, 0.01f, 0, 2, 3, 4);
      int y0 = s.output(I16, 0.01f, 0);
      int y1 = s.output(I16, 0.01f, 0);
      return s.op(BuiltinOperator.SPLIT, BuiltinOptions.SplitOptions,
          fbb -> SplitOptions.createSplitOptions(fbb, 2), new int[] {axis, x}, y0, y1).build();
    });
    m.put("ARG_MAX", () -> {
      MiscQuantModel s = new MiscQuantModel();
      int x = s.input(I16, 0.01f, 0, 2, 3, 4);
      int axis = s.constant(new int[] {1}, 1);
      int y = s.plainOutput(TensorType.INT32);
      return s.op(BuiltinOperator.ARG_MAX, BuiltinOptions.ArgMaxOptions,
          fbb -> ArgMaxOptions.createArgMaxOptions(fbb, TensorType.INT32), new int[] {x, axis},
          y).build();
    });
    m.put("DEQUANTIZE", () -> {
      MiscQuantModel s = new MiscQuantModel();
      int x = s.input(I16, 0.01f, 0, 2, 3, 4);
      int y = s.plainOutput(TensorType.FLOAT32);
      return s.op(BuiltinOperator.DEQUANTIZE, (byte) 0, null, new int[] {x}, y).build();
    });
    // TFLite copies int16 stored values whatever the scales.
    m.put("CONCATENATION rescaled", () -> binary(BuiltinOperator.CONCATENATION,
        BuiltinOptions.ConcatenationOptions,
        fbb -> ConcatenationOptions.createConcatenationOptions(fbb, -1,
            ActivationFunctionType.NONE),
        0.01f, 0.03f, 0.02f, new int[] {2, 3, 4}, new int[] {2, 3, 2}));
    m.put("CONCATENATION int16 zero point", () -> {
      MiscQuantModel s2 = new MiscQuantModel();
      int a = s2.input(I16, 0.01f, 0, 2, 3);
      int b = s2.input(I16, 0.01f, 4, 2, 3);
      int y = s2.output(I16, 0.01f, 0);
      return s2.op(BuiltinOperator.CONCATENATION, BuiltinOptions.ConcatenationOptions,
          fbb -> ConcatenationOptions.createConcatenationOptions(fbb, 0,
              ActivationFunctionType.NONE), new int[] {a, b}, y).build();
    });
    m.put("MAXIMUM rescaled", () -> binary(BuiltinOperator.MAXIMUM, (byte) 0, null,
        0.01f, 0.03f, 0.02f, new int[] {2, 3, 4}, new int[] {3, 4}));
    m.put("MUL rescaled up", () -> binary(BuiltinOperator.MUL, BuiltinOptions.MulOptions,
        fbb -> MulOptions.createMulOptions(fbb, ActivationFunctionType.RELU_N1_TO_1),
        0.5f, 0.3f, 0.0001f, new int[] {2, 3, 4}, new int[] {2, 1, 4}));
    m.put("SOFTMAX beta", () -> unary(BuiltinOperator.SOFTMAX, BuiltinOptions.SoftmaxOptions,
        fbb -> SoftmaxOptions.createSoftmaxOptions(fbb, 0.3f), 0.0005f, 1f / 32768, 2, 3, 9));
    m.put("LOGISTIC general scale", () -> unary(BuiltinOperator.LOGISTIC, (byte) 0, null,
        0.00037f, 1f / 32768, 3, 7));
    m.put("TANH general scale", () -> unary(BuiltinOperator.TANH, (byte) 0, null,
        0.00037f, 1f / 32768, 3, 7));
    m.put("LOGISTIC pot scale", () -> unary(BuiltinOperator.LOGISTIC, (byte) 0, null,
        1f / 4096, 1f / 32768, 3, 7));
    m.put("TANH pot scale", () -> unary(BuiltinOperator.TANH, (byte) 0, null,
        1f / 4096, 1f / 32768, 3, 7));
    m.put("LEAKY_RELU negative alpha", () -> unary(BuiltinOperator.LEAKY_RELU,
        BuiltinOptions.LeakyReluOptions, fbb -> LeakyReluOptions.createLeakyReluOptions(fbb,
            -1.7f), 0.01f, 0.005f, 3, 7));
    m.put("RELU same scale", () -> unary(BuiltinOperator.RELU, (byte) 0, null,
        0.01f, 0.01f, 3, 7));
    m.put("RELU_N1_TO_1", () -> unary(BuiltinOperator.RELU_N1_TO_1, (byte) 0, null,
        0.0001f, 0.0002f, 3, 7));
    m.put("AVERAGE_POOL_2D rescaled", () -> unary(BuiltinOperator.AVERAGE_POOL_2D,
        BuiltinOptions.Pool2DOptions, fbb -> Pool2DOptions.createPool2DOptions(fbb,
            Padding.VALID, 1, 1, 2, 3, ActivationFunctionType.RELU),
        0.01f, 0.01f, 2, 5, 6, 3));
    m.put("MEAN spatial", () -> withConstant(BuiltinOperator.MEAN,
        BuiltinOptions.ReducerOptions, fbb -> ReducerOptions.createReducerOptions(fbb, true),
        new int[] {2, 3, 4, 5}, new int[] {2}, 1, 2));
    m.put("RESIZE_BILINEAR align_corners", () -> withConstant(BuiltinOperator.RESIZE_BILINEAR,
        BuiltinOptions.ResizeBilinearOptions,
        fbb -> ResizeBilinearOptions.createResizeBilinearOptions(fbb, true, false),
        new int[] {2, 3, 4, 2}, new int[] {2}, 7, 3));
    m.put("RESIZE_NEAREST_NEIGHBOR align_corners", () -> withConstant(
        BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, BuiltinOptions.ResizeNearestNeighborOptions,
        fbb -> ResizeNearestNeighborOptions.createResizeNearestNeighborOptions(fbb, true,
            false), new int[] {1, 3, 4, 2}, new int[] {2}, 8, 5));
    m.put("GATHER negative axis", () -> withConstant(BuiltinOperator.GATHER,
        BuiltinOptions.GatherOptions, fbb -> GatherOptions.createGatherOptions(fbb, -1, 0),
        new int[] {2, 3, 4}, new int[] {2, 2}, 3, 0, 1, 1));
    m.put("SPLIT rescaled", () -> {
      MiscQuantModel s2 = new MiscQuantModel();
      int axis = s2.constant(new int[] {}, -1);
      int x = s2.input(I16, 0.01f, 0, 2, 3, 4);
      int y0 = s2.output(I16, 0.02f, 0);
      int y1 = s2.output(I16, 0.005f, 0);
      return s2.op(BuiltinOperator.SPLIT, BuiltinOptions.SplitOptions,
          fbb -> SplitOptions.createSplitOptions(fbb, 2), new int[] {axis, x}, y0, y1).build();
    });
    m.put("TRANSPOSE rescaled", () -> {
      MiscQuantModel s2 = new MiscQuantModel();
      int x = s2.input(I16, 0.01f, 0, 2, 3, 4);
      int perm = s2.constant(new int[] {3}, 1, 2, 0);
      int y = s2.output(I16, 0.07f, 0);
      return s2.op(BuiltinOperator.TRANSPOSE, (byte) 0, null, new int[] {x, perm}, y).build();
    });
    m.put("AVERAGE_POOL_2D input zero point", () -> {
      MiscQuantModel s2 = new MiscQuantModel();
      int x = s2.input(I16, 0.01f, 3, 1, 4, 4, 2);
      int y = s2.output(I16, 0.03f, 0);
      return s2.op(BuiltinOperator.AVERAGE_POOL_2D, BuiltinOptions.Pool2DOptions,
          fbb -> Pool2DOptions.createPool2DOptions(fbb, Padding.VALID, 2, 2, 2, 2,
              ActivationFunctionType.NONE), new int[] {x}, y).build();
    });
    m.put("RELU input zero point", () -> unaryZeroPoint(BuiltinOperator.RELU));
    m.put("TANH input zero point", () -> unaryZeroPoint(BuiltinOperator.TANH));
    m.put("LEAKY_RELU input zero point", () -> unaryZeroPoint(BuiltinOperator.LEAKY_RELU));
    m.put("QUANTIZE input zero point", () -> unaryZeroPoint(BuiltinOperator.QUANTIZE));
    m.put("ADD input zero point", () -> {
      MiscQuantModel s2 = new MiscQuantModel();
      int a = s2.input(I16, 0.01f, 3, 2, 3);
      int b = s2.input(I16, 0.01f, 0, 2, 3);
      int y = s2.output(I16, 0.02f, 0);
      return s2.op(BuiltinOperator.ADD, (byte) 0, null, new int[] {a, b}, y).build();
    });
    // Comparisons look at int16 stored values only, whatever the scales; TFLite refuses int16
    // in LESS_EQUAL, GREATER and NOT_EQUAL.
    int[] comparisons = {BuiltinOperator.EQUAL, BuiltinOperator.LESS,
        BuiltinOperator.LESS_EQUAL, BuiltinOperator.GREATER, BuiltinOperator.GREATER_EQUAL,
        BuiltinOperator.NOT_EQUAL};
    String[] names = {"EQUAL", "LESS", "LESS_EQUAL", "GREATER", "GREATER_EQUAL", "NOT_EQUAL"};
    for (int i = 0; i < comparisons.length; i++) {
      int code = comparisons[i];
      m.put(names[i], () -> {
        MiscQuantModel s2 = new MiscQuantModel();
        int a = s2.input(I16, 0.01f, 0, 2, 3);
        int b = s2.input(I16, 0.03f, 0, 3);
        int y = s2.plainOutput(TensorType.BOOL);
        return s2.op(code, (byte) 0, null, new int[] {a, b}, y).build();
      });
    }
    m.put("REDUCE_MAX", () -> withConstant(BuiltinOperator.REDUCE_MAX,
        BuiltinOptions.ReducerOptions, fbb -> ReducerOptions.createReducerOptions(fbb, false),
        new int[] {2, 3, 4}, new int[] {1}, 1));
    m.put("REDUCE_MIN", () -> withConstant(BuiltinOperator.REDUCE_MIN,
        BuiltinOptions.ReducerOptions, fbb -> ReducerOptions.createReducerOptions(fbb, true),
        new int[] {2, 3, 4}, new int[] {2}, 0, -1));
    m.put("REDUCE_PROD", () -> withConstant(BuiltinOperator.REDUCE_PROD,
        BuiltinOptions.ReducerOptions, fbb -> ReducerOptions.createReducerOptions(fbb, false),
        new int[] {2, 3, 4}, new int[] {1}, -1));
    m.put("ABS", () -> unary(BuiltinOperator.ABS, (byte) 0, null, 0.001f, 0.0007f, 3, 7));
    m.put("FLOOR_DIV", () -> binary(BuiltinOperator.FLOOR_DIV, (byte) 0, null, 0.01f, 0.02f,
        0.03f, new int[] {2, 3, 4}, new int[] {4}));
    m.put("EXP", () -> unary(BuiltinOperator.EXP, (byte) 0, null, 0.0002f, 0.001f, 3, 70));
    m.put("EXP small range", () -> unary(BuiltinOperator.EXP, (byte) 0, null, 0.00003f,
        0.0001f, 2, 50));
    m.put("EXP saturating", () -> unary(BuiltinOperator.EXP, (byte) 0, null, 0.001f,
        0.0005f, 2, 50));
    m.put("PADV2", () -> {
      MiscQuantModel s2 = new MiscQuantModel();
      int x = s2.input(I16, 0.01f, 0, 2, 3);
      int pads = s2.constant(new int[] {2, 2}, 1, 0, 2, 1);
      int value = s2.input(I16, 0.01f, 0, 1);
      int y = s2.output(I16, 0.01f, 0);
      return s2.op(BuiltinOperator.PADV2, (byte) 0, null, new int[] {x, pads, value}, y)
          .build();
    });
    m.put("QUANTIZE from float", () -> {
      MiscQuantModel s2 = new MiscQuantModel();
      int x = s2.plainInput(TensorType.FLOAT32, 2, 3, 4);
      int y = s2.output(I16, 0.0003f, 0);
      return s2.op(BuiltinOperator.QUANTIZE, (byte) 0, null, new int[] {x}, y).build();
    });
    m.put("QUANTIZE to int8", () -> {
      MiscQuantModel s2 = new MiscQuantModel();
      int x = s2.input(I16, 0.001f, 0, 2, 3, 4);
      int y = s2.output(TensorType.INT8, 0.1f, -3);
      return s2.op(BuiltinOperator.QUANTIZE, (byte) 0, null, new int[] {x}, y).build();
    });
    m.put("QUANTIZE from int8", () -> {
      MiscQuantModel s2 = new MiscQuantModel();
      int x = s2.input(TensorType.INT8, 0.1f, 5, 2, 3, 4);
      int y = s2.output(I16, 0.001f, 0);
      return s2.op(BuiltinOperator.QUANTIZE, (byte) 0, null, new int[] {x}, y).build();
    });
    return m;
  }

  /**
   * Models TFLite 2.19 does not run, with what jlite's refusal says: PRELU, HARD_SWISH and
   * RELU_N1_TO_1 fail in TFLite's eval, the others in its prepare.
   */
  private static final Map<String, String> REFUSED = Map.ofEntries(
      Map.entry("PRELU",
          "(PRELU): input (tensor 0) has type INT16"),
      Map.entry("HARD_SWISH",
          "(HARD_SWISH): HARD_SWISH on INT16 is not supported"),
      Map.entry("ARG_MAX",
          "(ARG_MAX): input (tensor 0) has type INT16"),
      Map.entry("ADD pot_scale_int16 both rescaled",
          "power-of-two int16 ADD can rescale only one input"),
      Map.entry("CONCATENATION int16 zero point",
          "int16 input 1 needs zero point 0"),
      Map.entry("RELU_N1_TO_1",
          "RELU_N1_TO_1 on INT16 is not supported"),
      Map.entry("QUANTIZE from int8",
          "output (tensor 1) has type INT16, expected [UINT8, INT8]"),
      Map.entry("RELU input zero point",
          "int16 RELU needs zero points 0"),
      Map.entry("TANH input zero point",
          "int16 TANH needs zero points 0"),
      Map.entry("LEAKY_RELU input zero point",
          "int16 LEAKY_RELU needs zero points 0"),
      Map.entry("QUANTIZE input zero point",
          "int16 input zero point must be 0"),
      Map.entry("NOT_EQUAL",
          "(NOT_EQUAL): input 0 (tensor 0) has type INT16"),
      Map.entry("LESS_EQUAL",
          "(LESS_EQUAL): input 0 (tensor 0) has type INT16"),
      Map.entry("GREATER",
          "(GREATER): input 0 (tensor 0) has type INT16"),
      Map.entry("ADD input zero point",
          "int16 ADD needs zero points 0"));

  /** A one-input op whose int16 input has zero point 3 (TFLite needs 0). */
  private static byte[] unaryZeroPoint(int code) {
    MiscQuantModel s = new MiscQuantModel();
    int x = s.input(I16, 0.001f, 3, 2, 3);
    int y = s.output(I16, 1f / 32768, 0);
    return s.op(code, (byte) 0, null, new int[] {x}, y).build();
  }

  static Stream<Arguments> supported() {
    return models().entrySet().stream().filter(e -> !REFUSED.containsKey(e.getKey()))
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  static Stream<Arguments> refused() {
    return models().entrySet().stream().filter(e -> REFUSED.containsKey(e.getKey()))
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("supported")
  void int16MatchesTfLite(String op, Supplier<byte[]> model) {
    Differential.assertMatchesTfLite(model.get(), 41);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void int16RefusedByTfLiteIsRefusedInPrepare(String op, Supplier<byte[]> model) {
    assertThatThrownBy(() -> MiscQuantModel.prepare(model.get()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(REFUSED.get(op));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void tfLiteRefusesTheseInt16Models(String op, Supplier<byte[]> model) {
    assertThatThrownBy(() -> Differential.assertMatchesTfLite(model.get(), 41))
        .isInstanceOf(TfLiteOracleException.class);
  }

  private static short[] runShorts(byte[] model, short[] a, short[] b) {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(a);
      interpreter.getInputTensor(1).copyFrom(b);
      interpreter.invoke();
      short[] out = new short[interpreter.getOutputTensor(0).numElements()];
      interpreter.getOutputTensor(0).copyTo(out);
      return out;
    }
  }

  @Test
  void floorDivRoundsDownAndWrapsTheOneOverflow() {
    // -7 / 2 = -3.5 floors to -4; 7 / -2 to -4; -32768 / -1 = 32768 wraps to -32768.
    byte[] model = binary(BuiltinOperator.FLOOR_DIV, (byte) 0, null, 1f, 1f, 1f,
        new int[] {3}, new int[] {3});
    assertThat(runShorts(model, new short[] {-7, 7, Short.MIN_VALUE}, new short[] {2, -2, -1}))
        .containsExactly((short) -4, (short) -4, Short.MIN_VALUE);
  }

  @Test
  void floorDivByZeroFailsInEval() {
    byte[] model = binary(BuiltinOperator.FLOOR_DIV, (byte) 0, null, 1f, 1f, 1f,
        new int[] {2}, new int[] {2});
    assertThatThrownBy(() -> runShorts(model, new short[] {1, 2}, new short[] {3, 0}))
        .isInstanceOf(InferenceException.class).hasMessageContaining("division by zero");
  }
}
