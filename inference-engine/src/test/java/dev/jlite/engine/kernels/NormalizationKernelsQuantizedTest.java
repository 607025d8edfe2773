package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.L2NormOptions;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NormalizationKernelsQuantizedTest {
  static byte[] l2(byte type, float inScale, int inZero, float outScale, int outZero,
      int[] shape) {
    MiscQuantModel m = new MiscQuantModel();
    int x = m.input(type, inScale, inZero, shape);
    int y = m.output(type, outScale, outZero);
    return m.op(BuiltinOperator.L2_NORMALIZATION, BuiltinOptions.L2NormOptions,
        fbb -> L2NormOptions.createL2NormOptions(fbb, ActivationFunctionType.NONE),
        new int[] {x}, y).build();
  }

  static List<Arguments> sweep() {
    Object[][] quant = {{TensorType.UINT8, 0.1f, 128, 128}, {TensorType.UINT8, 0.02f, 3, 128},
        {TensorType.INT8, 0.1f, 0, 0}, {TensorType.INT8, 0.05f, -20, 0}};
    int[][] shapes = {{1}, {8}, {3, 17}, {2, 3, 1000}, {1, 2, 2, 5}};
    List<Arguments> cases = new ArrayList<>();
    for (Object[] q : quant) {
      for (int[] shape : shapes) {
        cases.add(Arguments.of(q[0], q[1], q[2], q[3], shape));
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void l2NormalizationMatchesTfLiteBitForBit(byte type, float scale, int zero, int outZero,
      int[] shape) {
    Differential.assertMatchesTfLite(l2(type, scale, zero, 1f / 128, outZero, shape), 29);
  }

  @Test
  void int8UnitVectorsByHand() {
    // (3, 4) / 5 = (0.6, 0.8) in units of 1/128: 76.8 -> 77, 102.4 -> 102.
    byte[] model = l2(TensorType.INT8, 1f, 0, 1f / 128, 0, new int[] {2});
    assertThat(MiscQuantModel.runBytes(model, new byte[] {3, 4})).containsExactly(77, 102);
  }

  @Test
  void unconventionalOutputIsRejected() {
    assertThatThrownBy(() -> MiscQuantModel.prepare(l2(TensorType.INT8, 0.1f, 0, 1f / 100, 0,
        new int[] {4}))).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("quantized output must have scale 1/128 and zero point 0");
  }
}
