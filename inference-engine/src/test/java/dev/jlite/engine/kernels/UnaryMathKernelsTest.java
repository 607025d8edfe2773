package dev.jlite.engine.kernels;

import static dev.jlite.engine.kernels.OpModel.floats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UnaryMathKernelsTest {
  /** Shapes compared with TFLite (the TFLite binding cannot hand over empty tensors). */
  private static final int[][] SHAPES = {{}, {7}, {2, 3}, {1, 2, 3, 4}, {2, 1, 3, 2, 2}};
  private static final int[][] EMPTY_SHAPES = {{0}, {2, 0, 3}};

  /** Operator code, name, and the input range that exercises it. */
  private record FloatOp(int code, String name, float lo, float hi) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final FloatOp[] FLOAT_OPS = {
      new FloatOp(BuiltinOperator.EXP, "EXP", -20, 20),
      new FloatOp(BuiltinOperator.LOG, "LOG", 0, 1000),
      new FloatOp(BuiltinOperator.SQRT, "SQRT", 0, 1000),
      new FloatOp(BuiltinOperator.RSQRT, "RSQRT", 0, 1000),
      new FloatOp(BuiltinOperator.ABS, "ABS", -100, 100),
      new FloatOp(BuiltinOperator.NEG, "NEG", -100, 100),
      new FloatOp(BuiltinOperator.SQUARE, "SQUARE", -100, 100),
      new FloatOp(BuiltinOperator.SIN, "SIN", -100, 100),
      new FloatOp(BuiltinOperator.COS, "COS", -100, 100),
      new FloatOp(BuiltinOperator.FLOOR, "FLOOR", -100, 100),
      new FloatOp(BuiltinOperator.CEIL, "CEIL", -100, 100),
      new FloatOp(BuiltinOperator.ROUND, "ROUND", -100, 100),
      new FloatOp(BuiltinOperator.SIGN, "SIGN", -2, 2)};

  static byte[] unary(int code, byte inType, byte outType, int... shape) {
    OpModel m = new OpModel();
    int in = m.input(inType, shape);
    int out = m.output(outType, shape);
    return m.op(OperatorSpec.builtin(code).inputs(in).outputs(out).build()).build();
  }

  static Stream<Arguments> floatCases() {
    List<Arguments> cases = new ArrayList<>();
    for (FloatOp op : FLOAT_OPS) {
      for (int[] shape : SHAPES) {
        cases.add(Arguments.of(op, shape));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("floatCases")
  void floatMatchesTfLite(FloatOp op, int[] shape) {
    byte[] model = unary(op.code, TensorType.FLOAT32, TensorType.FLOAT32, shape);
    Random random = new Random(op.code * 31L + shape.length);
    Differential.assertMatchesTfLite(model,
        OpModel.randomFloats(random, OpModel.elements(shape), op.lo, op.hi));
    Differential.assertMatchesTfLite(model, 5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("integerCases")
  void integerMatchesTfLite(String name, int code, byte type) {
    for (int[] shape : SHAPES) {
      Differential.assertMatchesTfLite(unary(code, type, type, shape), shape.length);
    }
  }

  static Stream<Arguments> integerCases() {
    return Stream.of(
        Arguments.of("ABS int32", BuiltinOperator.ABS, TensorType.INT32),
        Arguments.of("ABS int16", BuiltinOperator.ABS, TensorType.INT16),
        Arguments.of("NEG int32", BuiltinOperator.NEG, TensorType.INT32),
        Arguments.of("NEG int64", BuiltinOperator.NEG, TensorType.INT64),
        Arguments.of("SIGN int32", BuiltinOperator.SIGN, TensorType.INT32));
  }

  @Test
  void emptyTensorsGiveEmptyOutputs() {
    for (FloatOp op : FLOAT_OPS) {
      for (int[] shape : EMPTY_SHAPES) {
        byte[] model = unary(op.code, TensorType.FLOAT32, TensorType.FLOAT32, shape);
        assertThat(OpModel.outputShape(model, 0, new byte[0])).containsExactly(shape);
      }
    }
  }

  @Test
  void specialValuesMatchTfLite() {
    // No subnormals: TFLite on x86 flushes some of them (sqrt(-1e-40) is -0, every subnormal's
    // log is log(2^-150)); jlite follows IEEE (see logOfSubnormalIsExact).
    float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        -1f, 1e30f, -1e30f, 0.5f, 1.5f, 2.5f, -0.5f, -2.5f, 8388607.5f, 88.8f, -104f,
        Float.MIN_NORMAL};
    for (FloatOp op : FLOAT_OPS) {
      Differential.assertMatchesTfLite(
          unary(op.code, TensorType.FLOAT32, TensorType.FLOAT32, special.length), floats(special));
    }
    // Not Integer.MIN_VALUE: its std::abs is undefined and TFLite's build aborts on it.
    Differential.assertMatchesTfLite(unary(BuiltinOperator.ABS, TensorType.INT32, TensorType.INT32,
        3), OpModel.ints(Integer.MIN_VALUE + 1, Integer.MAX_VALUE, -7));
    Differential.assertMatchesTfLite(unary(BuiltinOperator.ABS, TensorType.INT16, TensorType.INT16,
        3), OpModel.shorts(Short.MIN_VALUE, Short.MAX_VALUE, (short) -7));
  }

  private static float[] runFloat(int code, float... x) {
    return OpModel.toFloats(OpModel.run(
        unary(code, TensorType.FLOAT32, TensorType.FLOAT32, x.length), floats(x))[0]);
  }

  @Test
  void logOfSubnormalIsExact() {
    assertThat(runFloat(BuiltinOperator.LOG, 1e-40f)[0]).isEqualTo((float) Math.log(1e-40f));
  }

  @Test
  void roundsHalfToEven() {
    assertThat(runFloat(BuiltinOperator.ROUND, 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 2.4f, -2.6f))
        .containsExactly(0f, 2f, 2f, -0f, -2f, -2f, 2f, -3f);
  }

  @Test
  void handComputedValues() {
    assertThat(runFloat(BuiltinOperator.RSQRT, 4f, 0.25f, 0f)).containsExactly(0.5f, 2f,
        Float.POSITIVE_INFINITY);
    assertThat(runFloat(BuiltinOperator.LOG, 1f, 0f, -1f)).containsExactly(0f,
        Float.NEGATIVE_INFINITY, Float.NaN);
    assertThat(runFloat(BuiltinOperator.SIGN, Float.NaN, -0f, 3f, -2f)).containsExactly(0f, 0f,
        1f, -1f);
    assertThat(runFloat(BuiltinOperator.SQUARE, -3f, 0.5f)).containsExactly(9f, 0.25f);
    assertThat(runFloat(BuiltinOperator.FLOOR, -1.5f, 1.5f)).containsExactly(-2f, 1f);
    assertThat(runFloat(BuiltinOperator.CEIL, -1.5f, 1.5f)).containsExactly(-1f, 2f);
    assertThat(runFloat(BuiltinOperator.EXP, 0f, 1f)).containsExactly(1f, (float) Math.E);
    assertThat(OpModel.toLongs(OpModel.run(unary(BuiltinOperator.NEG, TensorType.INT64,
        TensorType.INT64, 2), OpModel.longs(5_000_000_000L, Long.MIN_VALUE))[0]))
        .containsExactly(-5_000_000_000L, Long.MIN_VALUE);
    // |INT32_MIN| wraps around to itself (undefined in C++, where TFLite aborts).
    assertThat(OpModel.toInts(OpModel.run(unary(BuiltinOperator.ABS, TensorType.INT32,
        TensorType.INT32, 2), OpModel.ints(Integer.MIN_VALUE, -3))[0]))
        .containsExactly(Integer.MIN_VALUE, 3);
    assertThat(OpModel.toInts(OpModel.run(unary(BuiltinOperator.SIGN, TensorType.INT32,
        TensorType.INT32, 3), OpModel.ints(-9, 0, 4))[0])).containsExactly(-1, 0, 1);
  }

  @Test
  void rejectsTypesTfLiteDoesNotTake() {
    OpModel.assertRejected(unary(BuiltinOperator.SQUARE, TensorType.INT32, TensorType.INT32, 2),
        "SQUARE", "has type INT32");
    OpModel.assertRejected(unary(BuiltinOperator.ABS, TensorType.INT64, TensorType.INT64, 2),
        "ABS", "has type INT64");
    OpModel.assertRejected(unary(BuiltinOperator.EXP, TensorType.FLOAT32, TensorType.INT32, 2),
        "output", "has type INT32");
  }

  static Stream<Arguments> quantizedAbs() {
    return Stream.of(
        Arguments.of(TensorType.INT8, 0.1f, -5, 0.1f, -5),
        Arguments.of(TensorType.INT8, 0.1f, 20, 0.05f, -128),
        Arguments.of(TensorType.INT8, 0.02f, 0, 0.3f, 3),
        Arguments.of(TensorType.INT16, 0.001f, 0, 0.001f, 0),
        Arguments.of(TensorType.INT16, 0.001f, 0, 0.0004f, 0),
        Arguments.of(TensorType.INT16, 0.001f, 0, 0.07f, 0));
  }

  @ParameterizedTest
  @MethodSource("quantizedAbs")
  void quantizedAbsMatchesTfLite(byte type, float inScale, int inZero, float outScale,
      int outZero) {
    MiscQuantModel m = new MiscQuantModel();
    int x = m.input(type, inScale, inZero, 3, 17);
    int y = m.output(type, outScale, outZero);
    Differential.assertMatchesTfLite(m.op(BuiltinOperator.ABS, (byte) 0, null, new int[] {x}, y)
        .build(), 8);
  }

  @Test
  void quantizedAbsByHand() {
    // Zero point -5, same scale: q -8 is -0.3 -> |-3| + -5 = -2; q 127 -> 132 - 5 = 127.
    MiscQuantModel m = new MiscQuantModel();
    int x = m.input(TensorType.INT8, 0.1f, -5, 3);
    int y = m.output(TensorType.INT8, 0.1f, -5);
    byte[] model = m.op(BuiltinOperator.ABS, (byte) 0, null, new int[] {x}, y).build();
    assertThat(MiscQuantModel.runBytes(model, new byte[] {-8, 127, -5}))
        .containsExactly(-2, 127, -5);
  }

  @Test
  void rejectsInt16ExpWithZeroPointOrWithoutQuantization() {
    MiscQuantModel m = new MiscQuantModel();
    int x = m.input(TensorType.INT16, 0.001f, 0, 2);
    int y = m.output(TensorType.INT16, 0.001f, 5);
    OpModel.assertRejected(m.op(BuiltinOperator.EXP, (byte) 0, null, new int[] {x}, y).build(),
        "int16 EXP needs zero points 0");
    OpModel.assertRejected(unary(BuiltinOperator.EXP, TensorType.INT16, TensorType.INT16, 2),
        "int16 EXP needs quantized input");
  }

  @Test
  void rejectsInt16AbsWithZeroPoint() {
    MiscQuantModel m = new MiscQuantModel();
    int x = m.input(TensorType.INT16, 0.5f, 2, 2);
    int y = m.output(TensorType.INT16, 0.5f, 0);
    OpModel.assertRejected(m.op(BuiltinOperator.ABS, (byte) 0, null, new int[] {x}, y).build(),
        "int16 ABS needs zero points 0");
  }

  @Test
  void rejectsWrongArity() {
    OpModel m = new OpModel();
    int a = m.input(TensorType.FLOAT32, 2);
    int b = m.input(TensorType.FLOAT32, 2);
    int out = m.output(TensorType.FLOAT32, 2);
    m.op(OperatorSpec.builtin(BuiltinOperator.EXP).inputs(a, b).outputs(out).build());
    OpModel.assertRejected(m.build(), "EXP", "expects 1 inputs, has 2");
  }
}
