package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.engine.Differential;
import dev.jlite.engine.kernels.HybridTesting.Values;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.model.BatchMatMulOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** BATCH_MATMUL with a float left side and a constant int8 right side, against TFLite 2.19. */
class HybridBatchMatMulTest {
  record Case(int[] lhsBatch, int[] rhsBatch, int rows, int depth, int cols, boolean adjX,
      boolean adjY, boolean perChannel, boolean asymmetric, Values values) {
    int[] lhsShape() {
      int[] s = Arrays.copyOf(lhsBatch, lhsBatch.length + 2);
      s[lhsBatch.length] = adjX ? depth : rows;
      s[lhsBatch.length + 1] = adjX ? rows : depth;
      return s;
    }

    int[] rhsShape() {
      int[] s = Arrays.copyOf(rhsBatch, rhsBatch.length + 2);
      s[rhsBatch.length] = adjY ? cols : depth;
      s[rhsBatch.length + 1] = adjY ? depth : cols;
      return s;
    }

    int[] outShape() {
      int rank = Math.max(lhsBatch.length, rhsBatch.length);
      int[] s = new int[rank + 2];
      for (int i = 0; i < rank; i++) {
        int a = i - (rank - lhsBatch.length);
        int b = i - (rank - rhsBatch.length);
        s[i] = Math.max(a >= 0 ? lhsBatch[a] : 1, b >= 0 ? rhsBatch[b] : 1);
      }
      s[rank] = rows;
      s[rank + 1] = cols;
      return s;
    }

    byte[] model(long seed) {
      Random random = new Random(seed);
      OpModel m = new OpModel();
      int in = m.input(TensorType.FLOAT32, lhsShape());
      int[] rs = rhsShape();
      int w = m.constant(TensorType.INT8, rs, HybridTesting.weights(random, OpModel.elements(rs)),
          HybridTesting.scales(random, perChannel, cols, adjY ? rs.length - 2 : rs.length - 1));
      int out = m.output(TensorType.FLOAT32, outShape());
      m.op(OperatorSpec.builtin(BuiltinOperator.BATCH_MATMUL).inputs(in, w).outputs(out)
          .options(BuiltinOptions.BatchMatMulOptions,
              fbb -> BatchMatMulOptions.createBatchMatMulOptions(fbb, adjX, adjY, asymmetric))
          .build());
      return m.build();
    }

    @Override
    public String toString() {
      return Arrays.toString(lhsShape()) + (adjX ? "^T" : "") + " x "
          + Arrays.toString(rhsShape()) + (adjY ? "^T" : "") + (perChannel ? " per-channel" : "")
          + (asymmetric ? " asymmetric" : " symmetric") + " " + values;
    }
  }

  static Stream<Arguments> cases() {
    int[][][] batches = {{{}, {}}, {{3}, {}}, {{2}, {2}}, {{2, 3}, {}}, {{4}, {1}},
        {{1, 2}, {3, 1}}};
    List<Arguments> cases = new ArrayList<>();
    int n = 0;
    for (int[][] batch : batches) {
      for (int mode = 0; mode < 8; mode++, n++) {
        // TFLite mishandles adj_x when a [..., 1, K, N] right side folds the left batch into
        // rows (see HybridBatchMatMul); adjointTransposesLikeTheFoldedCase covers it instead.
        boolean folded = batch[0].length > 0 && batch[1].length > 0
            && batch[1][batch[1].length - 1] == 1 && batch[0][batch[0].length - 1] > 1;
        boolean adjX = (mode & 1) != 0 && !folded;
        boolean adjY = (mode & 2) != 0;
        boolean asymmetric = (mode & 4) != 0;
        cases.add(Arguments.of(new Case(batch[0], batch[1], 1 + n % 5, 3 + (n * 7) % 40,
            2 + n % 9, adjX, adjY, n % 3 == 1, asymmetric,
            Values.values()[n % Values.values().length])));
      }
    }
    // 700-deep products: sums longer than one exact float block of HybridGemm.
    cases.add(Arguments.of(new Case(new int[] {2}, new int[] {}, 3, 700, 5, false, true, true,
        true, Values.POSITIVE)));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTfLite(Case c) {
    long seed = c.toString().hashCode();
    int lhs = OpModel.elements(c.lhsShape());
    // Values are drawn per stored row; with adj_x TFLite's rows are columns, still covered.
    byte[] input = HybridTesting.input(new Random(seed + 7), lhs / c.lhsShape()[
        c.lhsShape().length - 1], c.lhsShape()[c.lhsShape().length - 1], c.values());
    Differential.assertMatchesTfLite(c.model(seed), input);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTfLiteOnTwoThreads(Case c) {
    long seed = c.toString().hashCode() + 1;
    Differential.assertMatchesTfLite(c.model(seed), seed, 2);
  }

  /**
   * With adj_x and a right side [1, K, N] the left batch is not folded into rows (TFLite reads
   * mismatched elements there): the result equals the same product on the transposed input.
   */
  @Test
  void adjointTransposesLikeTheFoldedCase() {
    Case adjoint = new Case(new int[] {3}, new int[] {1}, 4, 6, 5, true, false, true, true,
        Values.UNIT);
    Case plain = new Case(new int[] {3}, new int[] {1}, 4, 6, 5, false, false, true, true,
        Values.UNIT);
    float[] x = OpModel.toFloats(java.nio.ByteBuffer.wrap(
        HybridTesting.input(new Random(5), 3 * 6, 4, Values.UNIT)));
    float[] transposed = new float[x.length];
    for (int b = 0; b < 3; b++) {
      for (int k = 0; k < 6; k++) {
        for (int r = 0; r < 4; r++) {
          transposed[(b * 4 + r) * 6 + k] = x[(b * 6 + k) * 4 + r];
        }
      }
    }
    float[] expected = OpModel.toFloats(OpModel.run(plain.model(9), OpModel.floats(transposed))[0]);
    float[] actual = OpModel.toFloats(OpModel.run(adjoint.model(9), OpModel.floats(x))[0]);
    assertThat(actual).containsExactly(expected);
  }

  /** Row [4, -2] quantizes to [127, -64] with scale 4 / 127; weights scaled 0.5 per tensor. */
  @Test
  void symmetricByHand() {
    OpModel m = new OpModel();
    int in = m.input(TensorType.FLOAT32, 1, 2);
    int w = m.constant(TensorType.INT8, new int[] {2, 2}, new byte[] {1, 2, 3, -4},
        QuantizationSpec.perTensor(0.5f, 0));
    int out = m.output(TensorType.FLOAT32, 1, 2);
    m.op(OperatorSpec.builtin(BuiltinOperator.BATCH_MATMUL).inputs(in, w).outputs(out)
        .options(BuiltinOptions.BatchMatMulOptions,
            fbb -> BatchMatMulOptions.createBatchMatMulOptions(fbb, false, false, false))
        .build());
    byte[] model = m.build();
    byte[] input = OpModel.floats(4f, -2f);
    float[] result = OpModel.toFloats(OpModel.run(model, input)[0]);
    float scale = 4f / 127f * 0.5f;
    // Columns of [[1, 2], [3, -4]]: 127 * 1 - 64 * 3 and 127 * 2 + 64 * 4.
    assertThat(result[0]).isCloseTo((127 - 192) * scale, within(1e-6f));
    assertThat(result[1]).isCloseTo((254 + 256) * scale, within(1e-6f));
    Differential.assertMatchesTfLite(model, input);
  }
}
