package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.L2NormOptions;
import dev.jlite.schema.model.LocalResponseNormalizationOptions;
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

class NormalizationKernelsTest {
  static byte[] l2(int[] shape, byte activation) {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, shape);
    int y = m.output(TensorType.FLOAT32);
    return m.op(BuiltinOperator.L2_NORMALIZATION, BuiltinOptions.L2NormOptions,
        fbb -> L2NormOptions.createL2NormOptions(fbb, activation), ReduceOpModel.in(x), y).build();
  }

  static byte[] lrn(int[] shape, int radius, float bias, float alpha, float beta) {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, shape);
    int y = m.output(TensorType.FLOAT32);
    return m.op(BuiltinOperator.LOCAL_RESPONSE_NORMALIZATION,
        BuiltinOptions.LocalResponseNormalizationOptions,
        fbb -> LocalResponseNormalizationOptions.createLocalResponseNormalizationOptions(fbb,
            radius, bias, alpha, beta), ReduceOpModel.in(x), y).build();
  }

  static List<int[]> l2Shapes() {
    return List.of(new int[] {1}, new int[] {6}, new int[] {3, 4}, new int[] {2, 3, 5},
        new int[] {1, 2, 3, 17});
  }

  @ParameterizedTest
  @MethodSource("l2Shapes")
  void l2MatchesTfLite(int[] shape) {
    Differential.assertMatchesTfLite(l2(shape, ActivationFunctionType.NONE), 9);
  }

  @Test
  void l2OfZerosUsesTheEpsilonFloor() {
    byte[] zeros = new byte[12];
    Differential.assertMatchesTfLite(l2(new int[] {3}, ActivationFunctionType.NONE), zeros);
    ByteBuffer tiny = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    tiny.putFloat(1e-7f).putFloat(-2e-7f);
    Differential.assertMatchesTfLite(l2(new int[] {2}, ActivationFunctionType.NONE), tiny.array());
    float[] out = ReduceOpModel.runFloats(l2(new int[] {2}, ActivationFunctionType.NONE),
        new float[] {1e-7f, -2e-7f});
    assertThat(out[0]).isCloseTo(0.1f, Offset.offset(1e-6f));
    assertThat(out[1]).isCloseTo(-0.2f, Offset.offset(1e-6f));
  }

  @Test
  void l2HandComputed() {
    float[] out = ReduceOpModel.runFloats(l2(new int[] {2, 2}, ActivationFunctionType.NONE),
        new float[] {3, 4, 0, -2});
    assertThat(out).containsExactly(0.6f, 0.8f, 0f, -1f);
  }

  @Test
  void l2WithActivationIsRejected() {
    assertThatThrownBy(() -> ReduceOpModel.prepare(l2(new int[] {4}, ActivationFunctionType.RELU)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("L2_NORMALIZATION")
        .hasMessageContaining("fused activation");
  }

  @Test
  void l2OfRankFiveIsRejected() {
    assertThatThrownBy(() -> ReduceOpModel.prepare(l2(new int[] {1, 1, 1, 1, 2},
        ActivationFunctionType.NONE))).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("rank 1 to 4");
  }

  static List<Arguments> lrnSweep() {
    List<Arguments> cases = new ArrayList<>();
    int[][] shapes = {{1, 1, 1, 6}, {2, 3, 2, 9}, {1, 2, 2, 1}};
    float[][] params = {{1f, 1f, 0.5f}, {2f, 0.001f, 0.75f}, {0.5f, 2f, 1.5f}};
    for (int[] shape : shapes) {
      for (int radius : new int[] {0, 1, 2, 5, 20}) {
        for (float[] p : params) {
          cases.add(Arguments.of(shape, radius, p[0], p[1], p[2]));
        }
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("lrnSweep")
  void lrnMatchesTfLite(int[] shape, int radius, float bias, float alpha, float beta) {
    Differential.assertMatchesTfLite(lrn(shape, radius, bias, alpha, beta), 4);
  }

  @Test
  void lrnHandComputedWindowIncludesBothEnds() {
    // radius 1: channel 1 sums x0^2 + x1^2 + x2^2 = 1 + 4 + 9.
    float[] out = ReduceOpModel.runFloats(lrn(new int[] {1, 1, 1, 3}, 1, 1f, 1f, 1f),
        new float[] {1, 2, 3});
    assertThat(out[0]).isCloseTo(1f / 6, Offset.offset(1e-6f));
    assertThat(out[1]).isCloseTo(2f / 15, Offset.offset(1e-6f));
    assertThat(out[2]).isCloseTo(3f / 14, Offset.offset(1e-6f));
  }

  @Test
  void lrnNegativeRadiusIsRejected() {
    assertThatThrownBy(() -> ReduceOpModel.prepare(lrn(new int[] {1, 1, 1, 3}, -1, 1f, 1f, 1f)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("radius -1");
  }

  @Test
  void lrnNeedsRankFour() {
    assertThatThrownBy(() -> ReduceOpModel.prepare(lrn(new int[] {3, 3}, 1, 1f, 1f, 1f)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("rank 4");
  }
}
