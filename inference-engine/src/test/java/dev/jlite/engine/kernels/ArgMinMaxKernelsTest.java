package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.ArgMaxOptions;
import dev.jlite.schema.model.ArgMinOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.TensorType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArgMinMaxKernelsTest {
  static ShapeOpModel arg(boolean max, byte type, byte outType, int axis, int... shape) {
    ShapeOpModel m = ShapeOpModel.of(max ? BuiltinOperator.ARG_MAX : BuiltinOperator.ARG_MIN)
        .input(type, shape).scalar(axis).output(outType);
    return max
        ? m.options(BuiltinOptions.ArgMaxOptions,
            fbb -> ArgMaxOptions.createArgMaxOptions(fbb, outType))
        : m.options(BuiltinOptions.ArgMinOptions,
            fbb -> ArgMinOptions.createArgMinOptions(fbb, outType));
  }

  static Stream<Arguments> rankAxes() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (boolean max : new boolean[] {true, false}) {
      for (int rank = 1; rank <= 5; rank++) {
        for (int axis = -rank; axis < rank; axis++) {
          b.add(Arguments.of(max, rank, axis));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest
  @MethodSource("rankAxes")
  void argMinMaxMatchTfLite(boolean max, int rank, int axis) {
    int[] shape = TransposeKernelsTest.shapeOfRank(rank);
    Differential.assertMatchesTfLite(arg(max, TensorType.FLOAT32, TensorType.INT32, axis, shape)
        .build(), rank * 10 + axis);
    Differential.assertMatchesTfLite(arg(max, TensorType.FLOAT32, TensorType.INT64, axis, shape)
        .build(), rank * 10 + axis);
  }

  @ParameterizedTest
  @MethodSource("argTypes")
  void argMinMaxOfEveryTypeTfLiteHas(byte type) {
    for (boolean max : new boolean[] {true, false}) {
      // Small dimensions with 8-bit and bool values make ties common.
      Differential.assertMatchesTfLite(arg(max, type, TensorType.INT32, 1, 4, 37).build(), 9);
      Differential.assertMatchesTfLite(arg(max, type, TensorType.INT64, 0, 6, 5).build(), 10);
    }
  }

  static Stream<Arguments> argTypes() {
    return ReshapeKernelsTest.typesExcept(TensorType.INT16, TensorType.INT64);
  }

  @Test
  void tiesGoToTheFirstIndexAndEveryTypeComparesByValue() {
    try (Interpreter interpreter = arg(true, TensorType.FLOAT32, TensorType.INT32, 0, 4)
        .open()) {
      int[] out = new int[1];
      interpreter.run(new float[] {1, 3, 3, 2}, out);
      assertThat(out).containsExactly(1);
    }
    try (Interpreter interpreter = arg(false, TensorType.INT32, TensorType.INT64, -1, 2, 3)
        .open()) {
      long[] out = new long[2];
      interpreter.run(new int[][] {{5, 1, 1}, {0, 0, 0}}, out);
      assertThat(out).containsExactly(1L, 0L);
    }
    try (Interpreter interpreter = arg(true, TensorType.INT64, TensorType.INT32, 0, 3).open()) {
      int[] out = new int[1];
      interpreter.run(new long[] {-1L << 40, 1L << 40, 5}, out);
      assertThat(out).containsExactly(1);
    }
    try (Interpreter interpreter = arg(true, TensorType.UINT8, TensorType.INT32, 0, 3).open()) {
      int[] out = new int[1];
      interpreter.run(new byte[] {127, (byte) 200, (byte) 128}, out);
      assertThat(out).containsExactly(1);
    }
  }

  /** RELIABILITY row 25: an axis out of range. */
  @Test
  void rejectsAxisOutOfRange() {
    for (int axis : new int[] {2, -3, 100000}) {
      assertThatThrownBy(() -> arg(true, TensorType.FLOAT32, TensorType.INT32, axis, 2, 3).open())
          .isInstanceOf(InvalidModelException.class).hasMessageContaining("ARG_MAX")
          .hasMessageContaining("axis " + axis + " is out of range for input rank 2");
    }
  }

  @Test
  void rejectsOutputTypeThatDiffersFromTheOption() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.ARG_MIN).input(TensorType.FLOAT32, 3).scalar(0)
        .output(TensorType.INT32).options(BuiltinOptions.ArgMinOptions,
            fbb -> ArgMinOptions.createArgMinOptions(fbb, TensorType.INT64)).build();
    assertThatThrownBy(() -> new Interpreter(java.nio.ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("output_type INT64 differs from the output type INT32");
  }
}
