package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuantizedComparisonTest {
  private static final int[] OPS = {BuiltinOperator.EQUAL, BuiltinOperator.NOT_EQUAL,
      BuiltinOperator.LESS, BuiltinOperator.LESS_EQUAL, BuiltinOperator.GREATER,
      BuiltinOperator.GREATER_EQUAL};

  static byte[] comparison(int op, byte type, int[] shapeA, int[] shapeB, int[] shapeOut,
      QuantizationSpec qa, QuantizationSpec qb) {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int a = g.addTensor(TensorSpec.builder("a", type, shapeA).quantization(qa).build());
    TensorSpec.Builder tb = TensorSpec.builder("b", type, shapeB);
    int b = g.addTensor((qb == null ? tb : tb.quantization(qb)).build());
    int out = g.addTensor("out", TensorType.BOOL, shapeOut);
    g.addOperator(OperatorSpec.builtin(op).inputs(a, b).outputs(out).build());
    g.inputs(a, b).outputs(out);
    return m.buildUnverified();
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (int op : OPS) {
      for (byte type : new byte[] {TensorType.UINT8, TensorType.INT8}) {
        cases.add(Arguments.of(op, type));
      }
    }
    return cases.stream();
  }

  /** Every pair of 8-bit values, same and different parameters, and broadcast shapes. */
  @ParameterizedTest
  @MethodSource("cases")
  void matchesTfLite(int op, byte type) {
    int lo = type == TensorType.UINT8 ? 0 : -128;
    byte[] a = new byte[256 * 256];
    byte[] b = new byte[256 * 256];
    for (int i = 0; i < a.length; i++) {
      a[i] = (byte) (i >> 8);
      b[i] = (byte) i;
    }
    int[] shape = {256, 256};
    float[][] scales = {{0.1f, 0.1f}, {0.1f, 0.05f}, {0.013f, 0.7f}, {0.5f, 0.25f}};
    long[][] zeros = {{lo + 128, lo + 128}, {lo + 10, lo + 30}, {lo + 200, lo}, {lo, lo + 255}};
    for (int k = 0; k < scales.length; k++) {
      Differential.assertMatchesTfLite(comparison(op, type, shape, shape, shape,
          QuantizationSpec.perTensor(scales[k][0], zeros[k][0]),
          QuantizationSpec.perTensor(scales[k][1], zeros[k][1])), a, b);
    }
    Differential.assertMatchesTfLite(comparison(op, type, new int[] {2, 3, 4}, new int[] {4},
        new int[] {2, 3, 4}, QuantizationSpec.perTensor(0.02f, lo + 5),
        QuantizationSpec.perTensor(0.03f, lo + 70)), 9);
    Differential.assertMatchesTfLite(comparison(op, type, new int[] {3, 1}, new int[] {1, 5},
        new int[] {3, 5}, QuantizationSpec.perTensor(0.2f, lo + 5),
        QuantizationSpec.perTensor(0.3f, lo + 7)), 10);
  }

  /** Scales of 1 and more give multipliers above 1, which are legal (RELIABILITY row 49). */
  @ParameterizedTest
  @MethodSource("cases")
  void acceptsScalesAboveOne(int op, byte type) {
    int lo = type == TensorType.UINT8 ? 0 : -128;
    byte[] model = comparison(op, type, new int[] {4, 16}, new int[] {4, 16}, new int[] {4, 16},
        QuantizationSpec.perTensor(2f, lo + 100), QuantizationSpec.perTensor(3.5f, lo + 120));
    Differential.assertMatchesTfLite(model, 12);
    byte[] large = comparison(op, type, new int[] {4, 16}, new int[] {4, 16}, new int[] {4, 16},
        QuantizationSpec.perTensor(3e9f, lo + 100), QuantizationSpec.perTensor(0.7f, lo + 120));
    Differential.assertMatchesTfLite(large, 13);
  }

  @Test
  void comparesRealValuesAcrossParametersByHand() {
    // a: 0.5 * (q - 0) = 1.0 and 2.0; b: 0.25 * (q - 4) = 1.0 and 1.5.
    byte[] model = comparison(BuiltinOperator.GREATER_EQUAL, TensorType.UINT8, new int[] {2},
        new int[] {2}, new int[] {2}, QuantizationSpec.perTensor(0.5f, 0),
        QuantizationSpec.perTensor(0.25f, 4));
    byte[] out = OpModel.toBytes(OpModel.run(model, new byte[] {2, 4}, new byte[] {8, 10})[0]);
    assertThat(out).containsExactly(1, 1);
    byte[] equal = comparison(BuiltinOperator.EQUAL, TensorType.UINT8, new int[] {2},
        new int[] {2}, new int[] {2}, QuantizationSpec.perTensor(0.5f, 0),
        QuantizationSpec.perTensor(0.25f, 4));
    byte[] same = OpModel.toBytes(OpModel.run(equal, new byte[] {2, 4}, new byte[] {8, 10})[0]);
    assertThat(same).containsExactly(1, 0);
  }

  @Test
  void rejectsHostileQuantization() {
    int[] s = {2};
    OpModel.assertRejected(comparison(BuiltinOperator.LESS, TensorType.INT8, s, s, s,
        QuantizationSpec.perTensor(0.1f, 0), null), "operator 0 (LESS)",
        "input 1 (tensor 1, INT8) has no quantization parameters");
    OpModel.assertRejected(comparison(BuiltinOperator.EQUAL, TensorType.UINT8, s, s, s,
        QuantizationSpec.perTensor(0f, 0), QuantizationSpec.perTensor(0.1f, 0)),
        "input 0 scale 0.0 is not a positive finite number");
  }
}
