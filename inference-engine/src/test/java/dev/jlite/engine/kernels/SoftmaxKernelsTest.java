package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.LogSoftmaxOptions;
import dev.jlite.schema.model.SoftmaxOptions;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SoftmaxKernelsTest {
  static byte[] softmax(int[] shape, float beta) {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, shape);
    int y = m.output(TensorType.FLOAT32);
    return m.op(BuiltinOperator.SOFTMAX, BuiltinOptions.SoftmaxOptions,
        fbb -> SoftmaxOptions.createSoftmaxOptions(fbb, beta), ReduceOpModel.in(x), y).build();
  }

  static byte[] logSoftmax(int[] shape) {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, shape);
    int y = m.output(TensorType.FLOAT32);
    return m.op(BuiltinOperator.LOG_SOFTMAX, BuiltinOptions.LogSoftmaxOptions, fbb -> {
      LogSoftmaxOptions.startLogSoftmaxOptions(fbb);
      return LogSoftmaxOptions.endLogSoftmaxOptions(fbb);
    }, ReduceOpModel.in(x), y).build();
  }

  static List<Arguments> sweep() {
    int[][] shapes = {{1}, {5}, {3, 10}, {2, 3, 7}, {1, 4, 4, 6}, {2, 1, 1, 1001}};
    float[] betas = {1f, 0.5f, 2.5f, 0f};
    List<Arguments> cases = new ArrayList<>();
    for (int[] shape : shapes) {
      for (float beta : betas) {
        cases.add(Arguments.of(shape, beta));
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void softmaxMatchesTfLite(int[] shape, float beta) {
    Differential.assertMatchesTfLite(softmax(shape, beta), 3, 2);
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void logSoftmaxMatchesTfLite(int[] shape, float beta) {
    Differential.assertMatchesTfLite(logSoftmax(shape), (long) (beta * 10), 2);
  }

  @Test
  void largeInputsDoNotOverflow() {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(1000f).putFloat(999f).putFloat(-1000f).putFloat(1000f);
    Differential.assertMatchesTfLite(softmax(new int[] {4}, 1f), b.array());
    Differential.assertMatchesTfLite(logSoftmax(new int[] {4}), b.array());
    float[] out = ReduceOpModel.runFloats(softmax(new int[] {4}, 1f),
        new float[] {1000, 999, -1000, 1000});
    double e = Math.exp(-1);
    assertThat(out[0]).isCloseTo((float) (1 / (2 + e)), Offset.offset(1e-6f));
    assertThat(out[1]).isCloseTo((float) (e / (2 + e)), Offset.offset(1e-6f));
    assertThat(out[2]).isEqualTo(0f);
  }

  @Test
  void handComputedRows() {
    float[] out = ReduceOpModel.runFloats(softmax(new int[] {2, 2}, 2f), new float[] {0, 1, 3, 3});
    double e2 = Math.exp(2);
    assertThat(out[0]).isCloseTo((float) (1 / (1 + e2)), Offset.offset(1e-6f));
    assertThat(out[1]).isCloseTo((float) (e2 / (1 + e2)), Offset.offset(1e-6f));
    assertThat(out[2]).isEqualTo(0.5f);
    float[] log = ReduceOpModel.runFloats(logSoftmax(new int[] {3}), new float[] {1, 1, 1});
    assertThat(log).containsOnly((float) -Math.log(3));
  }

  @Test
  void scalarInputIsRejected() {
    assertThatThrownBy(() -> ReduceOpModel.prepare(softmax(new int[0], 1f)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("SOFTMAX")
        .hasMessageContaining("is a scalar");
  }

  @Test
  void integerInputIsRejectedForNow() {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.INT32, 3);
    int y = m.output(TensorType.INT32);
    byte[] model = m.op(BuiltinOperator.LOG_SOFTMAX, ReduceOpModel.in(x), y).build();
    assertThatThrownBy(() -> ReduceOpModel.prepare(model)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("has type INT32, expected FLOAT32");
  }
}
