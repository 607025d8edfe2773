package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ReducerOptions;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReduceKernelsTest {
  static byte[] reduce(int op, byte type, int[] shape, int[] axes, boolean keepDims) {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(type, shape);
    int a = m.constant(new int[] {axes.length}, axes);
    int y = m.output(type);
    return m.op(op, BuiltinOptions.ReducerOptions,
        fbb -> ReducerOptions.createReducerOptions(fbb, keepDims), ReduceOpModel.in(x, a), y).build();
  }

  static List<Arguments> sweep() {
    int[] numeric = {BuiltinOperator.MEAN, BuiltinOperator.SUM, BuiltinOperator.REDUCE_PROD,
        BuiltinOperator.REDUCE_MAX, BuiltinOperator.REDUCE_MIN};
    Object[][] shapesAndAxes = {
        {new int[] {7}, new int[] {0}},
        {new int[] {7}, new int[] {-1}},
        {new int[] {3, 5}, new int[] {1}},
        {new int[] {3, 5}, new int[] {0}},
        {new int[] {3, 5}, new int[] {0, 1}},
        {new int[] {2, 3, 4}, new int[] {1}},
        {new int[] {2, 3, 4}, new int[] {0, 2}},
        {new int[] {2, 3, 4}, new int[] {-1, 2, 0}},
        {new int[] {2, 4, 4, 3}, new int[] {1, 2}},
        {new int[] {2, 4, 4, 3}, new int[] {2, 1}},
        {new int[] {2, 4, 4, 3}, new int[] {-3, -2, 1}},
        {new int[] {2, 4, 4, 3}, new int[] {3}},
        {new int[] {1, 2, 3, 2, 2}, new int[] {0, 3, 4}},
        {new int[] {}, new int[] {0}},
    };
    List<Arguments> cases = new ArrayList<>();
    for (int op : numeric) {
      for (byte type : new byte[] {TensorType.FLOAT32, TensorType.INT32, TensorType.INT64}) {
        for (Object[] sa : shapesAndAxes) {
          for (boolean keep : new boolean[] {false, true}) {
            cases.add(Arguments.of(op, type, sa[0], sa[1], keep));
          }
        }
      }
    }
    for (int op : new int[] {BuiltinOperator.REDUCE_ANY, BuiltinOperator.REDUCE_ALL}) {
      for (Object[] sa : shapesAndAxes) {
        cases.add(Arguments.of(op, TensorType.BOOL, sa[0], sa[1], sa.length % 2 == 0));
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void matchesTfLite(int op, byte type, int[] shape, int[] axes, boolean keepDims) {
    Differential.assertMatchesTfLite(reduce(op, type, shape, axes, keepDims), 5);
  }

  /** Long sums: float accumulation in input order like TFLite's, not a pairwise or double sum. */
  @ParameterizedTest
  @MethodSource("longSums")
  void longFloatSumsMatchTfLite(int op, int[] shape, int[] axes) {
    Differential.assertMatchesTfLite(reduce(op, TensorType.FLOAT32, shape, axes, false), 3);
  }

  static List<Arguments> longSums() {
    List<Arguments> cases = new ArrayList<>();
    for (int op : new int[] {BuiltinOperator.SUM, BuiltinOperator.MEAN}) {
      cases.add(Arguments.of(op, new int[] {1, 20000}, new int[] {1}));
      cases.add(Arguments.of(op, new int[] {4000, 8}, new int[] {0}));
      cases.add(Arguments.of(op, new int[] {1, 64, 64, 16}, new int[] {1, 2}));
      cases.add(Arguments.of(op, new int[] {50, 30, 20}, new int[] {0, 1, 2}));
    }
    return cases;
  }

  /**
   * Empty inputs, by TFLite's code (its test binding cannot feed a zero-byte input): the output is
   * filled with the reduction's neutral value; MEAN gives NaN.
   */
  @Test
  void emptyInputsGiveTheNeutralValue() {
    float[] none = new float[0];
    assertThat(ReduceOpModel.runFloats(reduce(BuiltinOperator.MEAN, TensorType.FLOAT32,
        new int[] {0, 2}, new int[] {0}, false), none)).containsExactly(Float.NaN, Float.NaN);
    assertThat(ReduceOpModel.runFloats(reduce(BuiltinOperator.SUM, TensorType.FLOAT32,
        new int[] {0, 2}, new int[] {0}, false), none)).containsExactly(0f, 0f);
    assertThat(ReduceOpModel.runFloats(reduce(BuiltinOperator.REDUCE_PROD, TensorType.FLOAT32,
        new int[] {0, 2}, new int[] {0}, false), none)).containsExactly(1f, 1f);
    assertThat(ReduceOpModel.runFloats(reduce(BuiltinOperator.REDUCE_MAX, TensorType.FLOAT32,
        new int[] {0, 2}, new int[] {0}, true), none))
        .containsExactly(-Float.MAX_VALUE, -Float.MAX_VALUE);
    assertThat(ReduceOpModel.runFloats(reduce(BuiltinOperator.REDUCE_MIN, TensorType.FLOAT32,
        new int[] {2, 0}, new int[] {1}, false), none))
        .containsExactly(Float.MAX_VALUE, Float.MAX_VALUE);
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(reduce(
        BuiltinOperator.REDUCE_ALL, TensorType.BOOL, new int[] {0, 1}, new int[] {0}, false)))) {
      interpreter.getInputTensor(0).copyFrom(new boolean[0]);
      interpreter.invoke();
      boolean[] out = new boolean[1];
      interpreter.getOutputTensor(0).copyTo(out);
      assertThat(out).containsExactly(true);
    }
  }

  @Test
  void axisFromAGraphInputMatchesTfLite() {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, 2, 3, 4);
    int a = m.input(TensorType.INT32, 2);
    int y = m.output(TensorType.FLOAT32);
    byte[] model = m.op(BuiltinOperator.SUM, BuiltinOptions.ReducerOptions,
        fbb -> ReducerOptions.createReducerOptions(fbb, true), ReduceOpModel.in(x, a), y).build();
    byte[] data = floats(24);
    Differential.assertMatchesTfLite(model, data, ints(-1, 0));
    Differential.assertMatchesTfLite(model, data, ints(1, 1));
  }

  @Test
  void handComputedMeanSumAndMax() {
    float[] input = {1, 2, 3, 4, 5, 6};
    assertThat(ReduceOpModel.runFloats(reduce(BuiltinOperator.MEAN, TensorType.FLOAT32,
        new int[] {2, 3}, new int[] {1}, false), input)).containsExactly(2f, 5f);
    assertThat(ReduceOpModel.runFloats(reduce(BuiltinOperator.SUM, TensorType.FLOAT32,
        new int[] {2, 3}, new int[] {0, -2}, true), input)).containsExactly(5f, 7f, 9f);
    assertThat(ReduceOpModel.runFloats(reduce(BuiltinOperator.REDUCE_MAX, TensorType.FLOAT32,
        new int[] {2, 3}, new int[] {0, 1}, false), input)).containsExactly(6f);
    assertThat(ReduceOpModel.runFloats(reduce(BuiltinOperator.REDUCE_PROD, TensorType.FLOAT32,
        new int[] {2, 3}, new int[] {0}, false), input)).containsExactly(4f, 10f, 18f);
  }

  @Test
  void integerMeanTruncatesTowardZero() {
    byte[] model = reduce(BuiltinOperator.MEAN, TensorType.INT32, new int[] {2, 2},
        new int[] {1}, false);
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      int[] out = new int[2];
      interpreter.run(new int[][] {{-3, -4}, {5, 4}}, out);
      assertThat(out).containsExactly(-3, 4);
    }
  }

  @Test
  void outputShapeDropsOrKeepsReducedAxes() {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(reduce(BuiltinOperator.SUM,
        TensorType.FLOAT32, new int[] {2, 3, 4}, new int[] {2, -1, 0}, false)))) {
      interpreter.allocateTensors();
      assertThat(interpreter.getOutputTensor(0).shape()).containsExactly(3);
    }
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(reduce(BuiltinOperator.SUM,
        TensorType.FLOAT32, new int[] {2, 3, 4}, new int[] {2, -1, 0}, true)))) {
      interpreter.allocateTensors();
      assertThat(interpreter.getOutputTensor(0).shape()).containsExactly(1, 3, 1);
    }
  }

  @Test
  void axisBelowMinusRankIsRejected() {
    byte[] model = reduce(BuiltinOperator.SUM, TensorType.FLOAT32, new int[] {2, 3},
        new int[] {-3}, false);
    assertThatThrownBy(() -> ReduceOpModel.prepare(model)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("SUM")
        .hasMessageContaining("axis -3 is out of range for input rank 2");
  }

  @Test
  void axisAtRankIsRejectedEvenWithKeepDims() {
    byte[] model = reduce(BuiltinOperator.MEAN, TensorType.FLOAT32, new int[] {2, 3},
        new int[] {2}, true);
    assertThatThrownBy(() -> ReduceOpModel.prepare(model)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("axis 2 is out of range");
  }

  @Test
  void badAxisFromAGraphInputFailsAtRun() {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, 2, 3);
    int a = m.input(TensorType.INT32, 1);
    int y = m.output(TensorType.FLOAT32);
    byte[] model = m.op(BuiltinOperator.REDUCE_MIN, BuiltinOptions.ReducerOptions,
        fbb -> ReducerOptions.createReducerOptions(fbb, false), ReduceOpModel.in(x, a), y).build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(new float[6]);
      interpreter.getInputTensor(1).copyFrom(new int[] {-100000});
      assertThatThrownBy(interpreter::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining("axis -100000 is out of range for input rank 2");
    }
  }

  @Test
  void nonBoolAnyIsRejected() {
    byte[] model = reduce(BuiltinOperator.REDUCE_ANY, TensorType.FLOAT32, new int[] {2},
        new int[] {0}, false);
    assertThatThrownBy(() -> ReduceOpModel.prepare(model)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("expected BOOL");
  }

  private static byte[] floats(int n) {
    ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putFloat((i * 7 % 11) - 5.5f);
    }
    return b.array();
  }

  private static byte[] ints(int... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }
}
