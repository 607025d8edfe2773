package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.BatchMatMulOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** BATCH_MATMUL on int8 and int16, bit-exact against TFLite 2.19. */
class QuantizedBatchMatMulTest {
  /** Quantization of both operands and the output (a NaN scale: no quantization). */
  record Quant(byte type, float lhsScale, int lhsZp, float rhsScale, int rhsZp, float outScale,
      int outZp) {
    @Override
    public String toString() {
      return (type == TensorType.INT16 ? "i16 " : "i8 ") + lhsScale + "/" + lhsZp + " x "
          + rhsScale + "/" + rhsZp + " -> " + outScale + "/" + outZp;
    }
  }

  /** One node: shapes, adjoint flags, whether the right side is a constant, quantization. */
  record Case(int[] lhs, int[] rhs, boolean adjX, boolean adjY, boolean constantRhs, Quant q) {
    byte[] model(long seed) {
      ModelBuilder model = new ModelBuilder();
      SubgraphBuilder g = model.addSubgraph("main");
      int a = g.addTensor(spec("lhs", lhs, q.lhsScale, q.lhsZp).build());
      TensorSpec.Builder rhsSpec = spec("rhs", rhs, q.rhsScale, q.rhsZp);
      if (constantRhs) {
        rhsSpec.buffer(model.addBuffer(randomValues(new Random(seed), rhs)));
      }
      int b = g.addTensor(rhsSpec.build());
      int out = g.addTensor(spec("output", new int[] {1, 1}, q.outScale, q.outZp).build());
      g.addOperator(OperatorSpec.builtin(BuiltinOperator.BATCH_MATMUL).inputs(a, b).outputs(out)
          .options(BuiltinOptions.BatchMatMulOptions,
              fbb -> BatchMatMulOptions.createBatchMatMulOptions(fbb, adjX, adjY, false))
          .build());
      if (constantRhs) {
        g.inputs(a);
      } else {
        g.inputs(a, b);
      }
      g.outputs(out);
      return model.buildUnverified();
    }

    private TensorSpec.Builder spec(String name, int[] shape, float scale, int zp) {
      TensorSpec.Builder spec = TensorSpec.builder(name, q.type, shape);
      return Float.isNaN(scale) ? spec : spec.quantization(QuantizationSpec.perTensor(scale, zp));
    }

    private byte[] randomValues(Random random, int[] shape) {
      byte[] bytes = new byte[OpModel.elements(shape) * (q.type == TensorType.INT16 ? 2 : 1)];
      random.nextBytes(bytes);
      return bytes;
    }

    byte[][] inputs(long seed) {
      Random random = new Random(seed + 1);
      return constantRhs ? new byte[][] {randomValues(random, lhs)}
          : new byte[][] {randomValues(random, lhs), randomValues(random, rhs)};
    }
  }

  static Stream<Arguments> cases() {
    Object[][] shapes = {
        {new int[] {3, 4}, new int[] {4, 5}, false, false},
        {new int[] {2, 7, 9}, new int[] {2, 9, 20}, false, false},
        {new int[] {2, 9, 7}, new int[] {2, 9, 20}, true, false},
        {new int[] {2, 7, 9}, new int[] {2, 20, 9}, false, true},
        {new int[] {2, 9, 7}, new int[] {2, 20, 9}, true, true},
        {new int[] {3, 1, 6, 5}, new int[] {4, 5, 3}, false, false},
        {new int[] {1, 2, 1, 6, 5}, new int[] {3, 1, 2, 5, 17}, false, false},
        {new int[] {4, 13, 40}, new int[] {40, 33}, false, false},
        {new int[] {2, 5, 8}, new int[] {3, 8}, false, true},
        {new int[] {1, 4, 20, 300}, new int[] {1, 4, 300, 24}, false, false},
    };
    Quant[] quants = {
        new Quant(TensorType.INT8, 0.05f, -3, 0.03f, 7, 0.1f, 5),
        new Quant(TensorType.INT8, 0.5f, 127, 0.5f, -128, 0.01f, -100),
        new Quant(TensorType.INT8, 0.013f, 0, 0.021f, 0, 0.9f, 0),
        new Quant(TensorType.INT16, 0.001f, 0, 0.002f, 0, 0.0005f, 0),
        new Quant(TensorType.INT16, 0.03f, 0, 0.07f, 0, 0.0001f, 0),
        new Quant(TensorType.INT16, 0.0001f, 0, 0.0003f, 0, 0.2f, 0),
    };
    List<Arguments> cases = new ArrayList<>();
    int k = 0;
    for (Object[] s : shapes) {
      for (Quant q : quants) {
        for (boolean constantRhs : new boolean[] {false, true}) {
          cases.add(Arguments.of(new Case((int[]) s[0], (int[]) s[1], (boolean) s[2],
              (boolean) s[3], constantRhs, q), k++));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesTfLite(Case c, int seed) {
    Differential.assertMatchesTfLite(c.model(seed), c.inputs(seed));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesTfLiteOnTwoThreads(Case c, int seed) {
    Differential.assertMatchesTfLite(c.model(seed + 1000), seed + 1000L, 2);
  }

  @Test
  void handComputedInt8() {
    // lhs [[-1, -2], [3, 4]] and rhs [[5, 6], [7, 8]] as int8 with zero points 1 and -1 (stored
    // as lhs + 1 and rhs - 1), scales 1: the product [[-19, -22], [43, 50]]; at output scale 2,
    // [[-9.5, -11], [21.5, 25]], ties rounding upward as ruy's do: [[-9, -11], [22, 25]]; plus
    // the zero point 3.
    Case c = new Case(new int[] {2, 2}, new int[] {2, 2}, false, false, false,
        new Quant(TensorType.INT8, 1f, 1, 1f, -1, 2f, 3));
    byte[] lhs = {0, -1, 4, 5};
    byte[] rhs = {4, 5, 6, 7};
    byte[] model = c.model(1);
    assertThat(OpModel.toBytes(OpModel.run(model, lhs, rhs)[0])).containsExactly(-6, -8, 25, 28);
    Differential.assertMatchesTfLite(model, lhs, rhs);
  }

  @Test
  void rejectsHostileQuantization() {
    int[] a = {2, 3};
    int[] b = {3, 2};
    OpModel.assertRejected(new Case(a, b, false, false, false,
        new Quant(TensorType.INT8, 0f, 0, 0.1f, 0, 0.1f, 0)).model(1), "BATCH_MATMUL",
        "lhs scale 0.0 is not a positive finite number");
    OpModel.assertRejected(new Case(a, b, false, false, false,
        new Quant(TensorType.INT8, 0.1f, 0, -0.1f, 0, 0.1f, 0)).model(1),
        "rhs scale -0.1 is not a positive finite number");
    OpModel.assertRejected(new Case(a, b, false, false, false,
        new Quant(TensorType.INT8, 0.1f, 0, 0.1f, 0, 0.1f, 200)).model(1),
        "output zero point 200 is outside INT8 [-128, 127]");
    OpModel.assertRejected(new Case(a, b, false, false, false,
        new Quant(TensorType.INT8, 0.1f, 0, 0.1f, 0, Float.NaN, 0)).model(1),
        "output (tensor 2, INT8) has no quantization parameters");
    OpModel.assertRejected(new Case(a, b, false, false, false,
        new Quant(TensorType.INT8, 0.1f, 0, 0.1f, 0, Float.POSITIVE_INFINITY, 0)).model(1),
        "output scale Infinity is not a positive finite number");
    OpModel.assertRejected(new Case(a, b, false, false, true,
        new Quant(TensorType.INT16, 0.1f, 0, 0.1f, 2, 0.1f, 0)).model(1),
        "int16 operands and output need zero point 0, tensor 1 has 2");
  }

  @Test
  void rejectsTypesTfLiteDoesNotMultiply() {
    // TFLite 2.19's BATCH_MATMUL takes float32, int8 and int16, both operands of one type.
    OpModel.assertRejected(new Case(new int[] {2, 3}, new int[] {3, 2}, false, false, false,
        new Quant(TensorType.UINT8, 0.1f, 0, 0.1f, 0, 0.1f, 0)).model(1),
        "lhs (tensor 0) has type UINT8, expected [FLOAT32, INT8, INT16]");
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    QuantizationSpec q = QuantizationSpec.perTensor(0.1f, 0);
    int a = g.addTensor(TensorSpec.builder("lhs", TensorType.INT8, 2, 3).quantization(q).build());
    int b = g.addTensor(TensorSpec.builder("rhs", TensorType.INT16, 3, 2).quantization(q).build());
    int out = g.addTensor(TensorSpec.builder("out", TensorType.INT8, 2, 2).quantization(q).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.BATCH_MATMUL).inputs(a, b).outputs(out)
        .build());
    g.inputs(a, b).outputs(out);
    OpModel.assertRejected(model.buildUnverified(), "rhs (tensor 1) has type INT16, expected INT8");
  }
}
