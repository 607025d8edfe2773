package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ReducerOptions;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReduceKernelsQuantizedTest {
  static byte[] reduce(int op, byte type, float inScale, int inZero, float outScale,
      int outZero, int[] shape, int[] axes, boolean keepDims) {
    MiscQuantModel m = new MiscQuantModel();
    int x = m.input(type, inScale, inZero, shape);
    int a = m.constant(new int[] {axes.length}, axes);
    int y = m.output(type, outScale, outZero);
    return m.op(op, BuiltinOptions.ReducerOptions,
        fbb -> ReducerOptions.createReducerOptions(fbb, keepDims), new int[] {x, a}, y).build();
  }

  static List<Arguments> sweep() {
    // {type, input scale, input zero point, output scale, output zero point}
    Object[][] quant = {
        {TensorType.UINT8, 0.1f, 128, 0.1f, 128},
        {TensorType.UINT8, 0.1f, 100, 0.05f, 3},
        {TensorType.UINT8, 0.02f, 0, 0.5f, 255},
        {TensorType.UINT8, 0.07f, 120, 0.3f, 10},
        {TensorType.INT8, 0.07f, -100, 0.9f, 5},
        {TensorType.INT8, 0.1f, -3, 0.1f, -3},
        {TensorType.INT8, 0.1f, 10, 0.3f, -20},
        {TensorType.INT8, 0.5f, -128, 0.01f, 0}};
    Object[][] reductions = {
        {new int[] {1, 5, 6, 7}, new int[] {1, 2}, true},
        {new int[] {2, 4, 3, 16}, new int[] {2, 1}, true},
        {new int[] {1, 5, 6, 7}, new int[] {1, 2}, false},
        {new int[] {1, 5, 6, 7}, new int[] {-3, -2}, true},
        {new int[] {3, 4, 5}, new int[] {-1}, false},
        {new int[] {3, 4, 5}, new int[] {0, 2}, true},
        {new int[] {6, 9}, new int[] {0}, false},
        {new int[] {2, 3, 4}, new int[] {0, 1, 2}, false}};
    List<Arguments> cases = new ArrayList<>();
    for (int op : new int[] {BuiltinOperator.MEAN, BuiltinOperator.SUM}) {
      for (Object[] q : quant) {
        for (Object[] r : reductions) {
          cases.add(Arguments.of(op, q[0], q[1], q[2], q[3], q[4], r[0], r[1], r[2]));
        }
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void matchesTfLiteBitForBit(int op, byte type, float inScale, int inZero, float outScale,
      int outZero, int[] shape, int[] axes, boolean keepDims) {
    Differential.assertMatchesTfLite(reduce(op, type, inScale, inZero, outScale, outZero, shape,
        axes, keepDims), 13);
  }

  @Test
  void meanRoundsThroughTheFixedPointMultiplier() {
    // 1 / 2 folded into the multiplier: (-3 + -2) * 0.5 = -2.5 and (3 + 2) * 0.5 = 2.5 go
    // through gemmlowp's rounding doubling high multiply, which breaks ties upwards: -2 and 3.
    byte[] model = reduce(BuiltinOperator.MEAN, TensorType.INT8, 1f, 0, 1f, 0,
        new int[] {2, 2}, new int[] {1}, false);
    assertThat(MiscQuantModel.runBytes(model, new byte[] {-3, -2, 3, 2})).containsExactly(-2, 3);
  }

  @Test
  void sumSaturatesAtTheTypeRange() {
    // 200 + 100 = 300 does not fit uint8: 255.
    byte[] model = reduce(BuiltinOperator.SUM, TensorType.UINT8, 1f, 0, 1f, 0,
        new int[] {2}, new int[] {0}, false);
    assertThat(MiscQuantModel.runBytes(model, new byte[] {(byte) 200, 100}))
        .containsExactly((byte) 255);
  }

  @Test
  void sumRescalesIntoTheOutputParameters() {
    // Input scale 0.5, zero point 2 (values 1.0 and 2.0) into scale 1, zero point 0: 3.
    byte[] model = reduce(BuiltinOperator.SUM, TensorType.INT8, 0.5f, 2, 1f, 0,
        new int[] {2}, new int[] {0}, false);
    assertThat(MiscQuantModel.runBytes(model, new byte[] {4, 6})).containsExactly(3);
  }

  static List<Arguments> extremes() {
    List<Arguments> cases = new ArrayList<>();
    Object[][] reductions = {
        {new int[] {1, 5, 6, 7}, new int[] {1, 2}, true},
        {new int[] {3, 4, 5}, new int[] {-1}, false},
        {new int[] {3, 4, 5}, new int[] {0, 2}, true},
        {new int[] {2, 3, 4}, new int[] {0, 1, 2}, false}};
    for (int op : new int[] {BuiltinOperator.REDUCE_MAX, BuiltinOperator.REDUCE_MIN}) {
      for (byte type : new byte[] {TensorType.UINT8, TensorType.INT8}) {
        for (Object[] r : reductions) {
          cases.add(Arguments.of(op, type, r[0], r[1], r[2]));
        }
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("extremes")
  void maxAndMinCompareStoredValuesLikeTfLite(int op, byte type, int[] shape, int[] axes,
      boolean keepDims) {
    int zero = type == TensorType.UINT8 ? 120 : -7;
    Differential.assertMatchesTfLite(reduce(op, type, 0.2f, zero, 0.2f, zero, shape, axes,
        keepDims), 19);
  }

  @Test
  void maxWithDifferentParametersIsRejected() {
    assertThatThrownBy(() -> MiscQuantModel.prepare(reduce(BuiltinOperator.REDUCE_MAX,
        TensorType.INT8, 0.2f, 0, 0.4f, 0, new int[] {2, 2}, new int[] {1}, false)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input and output must share scale and zero point");
  }

  @Test
  void hostileQuantizationIsRejected() {
    assertThatThrownBy(() -> MiscQuantModel.prepare(reduce(BuiltinOperator.MEAN,
        TensorType.UINT8, 0.1f, 0, Float.NaN, 0, new int[] {2, 2}, new int[] {1}, false)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("output scale NaN is not a positive finite number");
    assertThatThrownBy(() -> MiscQuantModel.prepare(reduce(BuiltinOperator.SUM,
        TensorType.INT8, 0.1f, -129, 0.1f, 0, new int[] {2, 2}, new int[] {1}, false)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input zero point -129 is outside INT8");
  }

  static List<Arguments> int16Sweep() {
    // {input scale, output scale}: equal, ratio < 1, ratio > 1.
    float[][] scales = {{0.01f, 0.01f}, {0.002f, 0.007f}, {0.05f, 0.003f}};
    Object[][] reductions = {
        {new int[] {1, 5, 6, 7}, new int[] {1, 2}, true},
        {new int[] {2, 4, 3, 16}, new int[] {2, 1}, true},
        {new int[] {1, 5, 6, 7}, new int[] {1, 2}, false},
        {new int[] {1, 5, 6, 7}, new int[] {-3, -2}, true},
        {new int[] {3, 4, 5}, new int[] {-1}, false},
        {new int[] {3, 4, 5}, new int[] {0, 2}, true},
        {new int[] {6, 9}, new int[] {0}, false},
        {new int[] {2, 3, 4}, new int[] {0, 1, 2}, false},
        {new int[] {2, 3, 4}, new int[] {2, -1, 0}, true},
        {new int[] {1, 5, 6, 7}, new int[] {2, 1}, true},
        {new int[] {2, 4, 3, 16}, new int[] {1, 2}, true},
        {new int[] {2, 6, 2, 40}, new int[] {1, 2}, true}};
    List<Arguments> cases = new ArrayList<>();
    for (float[] s : scales) {
      for (Object[] r : reductions) {
        cases.add(Arguments.of(BuiltinOperator.MEAN, s[0], s[1], r[0], r[1], r[2]));
      }
    }
    for (int op : new int[] {BuiltinOperator.SUM, BuiltinOperator.REDUCE_MAX,
        BuiltinOperator.REDUCE_MIN}) {
      for (Object[] r : reductions) {
        cases.add(Arguments.of(op, 0.01f, 0.01f, r[0], r[1], r[2]));
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("int16Sweep")
  void int16MatchesTfLiteBitForBit(int op, float inScale, float outScale, int[] shape,
      int[] axes, boolean keepDims) {
    Differential.assertMatchesTfLite(reduce(op, TensorType.INT16, inScale, 0, outScale, 0,
        shape, axes, keepDims), 29);
  }

  private static short[] runShorts(byte[] model, short... input) {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(input);
      interpreter.invoke();
      short[] out = new short[interpreter.getOutputTensor(0).numElements()];
      interpreter.getOutputTensor(0).copyTo(out);
      return out;
    }
  }

  @Test
  void int16SumWrapsLikeTfLitesSixteenBitAccumulator() {
    // 30000 + 10000 = 40000 wraps to 40000 - 65536 = -25536.
    byte[] model = reduce(BuiltinOperator.SUM, TensorType.INT16, 1f, 0, 1f, 0,
        new int[] {2}, new int[] {0}, false);
    assertThat(runShorts(model, (short) 30000, (short) 10000)).containsExactly((short) -25536);
  }

  @Test
  void int16MeanRoundsThroughTheFixedPointMultiplier() {
    // As for int8: -2.5 and 2.5 round half up, to -2 and 3.
    byte[] model = reduce(BuiltinOperator.MEAN, TensorType.INT16, 0.5f, 0, 0.5f, 0,
        new int[] {2, 2}, new int[] {1}, false);
    assertThat(runShorts(model, (short) -3, (short) -2, (short) 3, (short) 2))
        .containsExactly((short) -2, (short) 3);
  }

  @Test
  void int16NeedsZeroPointZeroAndSharedScaleForSum() {
    assertThatThrownBy(() -> MiscQuantModel.prepare(reduce(BuiltinOperator.MEAN,
        TensorType.INT16, 0.1f, 3, 0.1f, 0, new int[] {2, 2}, new int[] {1}, false)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("int16 input and output need zero point 0");
    assertThatThrownBy(() -> MiscQuantModel.prepare(reduce(BuiltinOperator.SUM,
        TensorType.INT16, 0.1f, 0, 0.2f, 0, new int[] {2, 2}, new int[] {1}, false)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input and output must share scale and zero point");
  }

  static List<Arguments> products() {
    // {type, input scale, input zero point, output scale, output zero point}
    Object[][] quant = {
        {TensorType.INT8, 0.05f, 0, 0.05f, 0},
        {TensorType.INT8, 0.05f, -10, 0.8f, 7},
        {TensorType.INT8, 0.2f, 20, 0.01f, -5},
        {TensorType.INT16, 0.0005f, 0, 0.0005f, 0},
        {TensorType.INT16, 0.001f, 0, 0.04f, 0},
        {TensorType.INT16, 0.01f, 0, 0.0001f, 0}};
    Object[][] reductions = {
        {new int[] {3, 4, 5}, new int[] {-1}, false},
        {new int[] {3, 4, 5}, new int[] {0, 2}, true},
        {new int[] {6, 2}, new int[] {0}, false},
        {new int[] {2, 3, 2}, new int[] {0, 1, 2}, false},
        {new int[] {1, 3, 3, 2}, new int[] {1, 2}, true}};
    List<Arguments> cases = new ArrayList<>();
    for (Object[] q : quant) {
      for (Object[] r : reductions) {
        cases.add(Arguments.of(q[0], q[1], q[2], q[3], q[4], r[0], r[1], r[2]));
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("products")
  void prodMatchesTfLiteBitForBit(byte type, float inScale, int inZero, float outScale,
      int outZero, int[] shape, int[] axes, boolean keepDims) {
    Differential.assertMatchesTfLite(reduce(BuiltinOperator.REDUCE_PROD, type, inScale, inZero,
        outScale, outZero, shape, axes, keepDims), 31);
  }

  @Test
  void prodOfUint8IsRejectedAsTfLiteDoes() {
    assertThatThrownBy(() -> MiscQuantModel.prepare(reduce(BuiltinOperator.REDUCE_PROD,
        TensorType.UINT8, 0.1f, 0, 0.1f, 0, new int[] {2, 2}, new int[] {1}, false)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("UINT8");
  }

  @Test
  void prodRescalesEveryStep() {
    // Scale 0.5 in and 0.125 out over 2 values: each step scales by 0.5 / 0.125^(1/2) = sqrt(2)
    // (with 16-bit multiplier precision): 6 * 4 = 24 -> 33.94 -> 34, then 34 * 1.4142 = 48.08
    // -> 48, i.e. 3.0 * 2.0 = 6.0 at scale 0.125.
    byte[] model = reduce(BuiltinOperator.REDUCE_PROD, TensorType.INT8, 0.5f, 0, 0.125f, 0,
        new int[] {2}, new int[] {0}, false);
    assertThat(MiscQuantModel.runBytes(model, new byte[] {6, 4})).containsExactly(48);
  }
}
