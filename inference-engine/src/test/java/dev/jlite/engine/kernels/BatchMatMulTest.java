package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
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

class BatchMatMulTest {
  /** One BATCH_MATMUL: operand shapes, adjoint flags, whether the right side is a constant. */
  record Case(int[] lhs, int[] rhs, boolean adjX, boolean adjY, boolean constantRhs) {
    byte[] model(long seed) {
      ModelBuilder model = new ModelBuilder();
      SubgraphBuilder g = model.addSubgraph("main");
      int a = g.addTensor("lhs", TensorType.FLOAT32, lhs);
      int b = constantRhs
          ? g.addConstant("rhs", rhs, ConvTesting.random(new Random(seed), count(rhs)))
          : g.addTensor("rhs", TensorType.FLOAT32, rhs);
      int out = g.addTensor("output", TensorType.FLOAT32, 1, 1);
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
      return model.build();
    }
  }

  static int count(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  static Stream<Arguments> cases() {
    Case[] all = {
      new Case(new int[] {3, 4}, new int[] {4, 5}, false, false, false),
      new Case(new int[] {2, 7, 9}, new int[] {2, 9, 20}, false, false, false),
      new Case(new int[] {2, 9, 7}, new int[] {2, 9, 20}, true, false, false),
      new Case(new int[] {2, 7, 9}, new int[] {2, 20, 9}, false, true, false),
      new Case(new int[] {2, 9, 7}, new int[] {2, 20, 9}, true, true, false),
      new Case(new int[] {3, 1, 6, 5}, new int[] {4, 5, 3}, false, false, false),
      new Case(new int[] {1, 2, 1, 6, 5}, new int[] {3, 1, 2, 5, 17}, false, false, false),
      new Case(new int[] {4, 13, 40}, new int[] {40, 33}, false, false, true),
      new Case(new int[] {2, 3, 10, 64}, new int[] {2, 3, 64, 10}, false, false, false),
      new Case(new int[] {1, 4, 50, 300}, new int[] {1, 4, 300, 24}, false, false, false),
      new Case(new int[] {2, 5, 8}, new int[] {3, 8}, false, true, true),
    };
    List<Arguments> cases = new ArrayList<>();
    long seed = 500;
    for (Case c : all) {
      for (boolean vector : new boolean[] {true, false}) {
        for (int threads : new int[] {1, 2}) {
          cases.add(Arguments.of(c, seed, vector, threads));
        }
      }
      seed++;
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesTfLite(Case c, long seed, boolean vector, int threads) {
    ConvTesting.assertMatchesTfLite(c.model(seed), seed, vector, threads);
  }

  @Test
  void adjointLhsWithBroadcastRhs() {
    // TFLite 2.19 returns uninitialized values for adj_x with a broadcast rhs batch, so the
    // reference is the same product with the rhs batch written out twice.
    Case broadcast = new Case(new int[] {2, 40, 8}, new int[] {1, 40, 8}, true, false, false);
    Case explicit = new Case(new int[] {2, 40, 8}, new int[] {2, 40, 8}, true, false, false);
    Random random = new Random(9);
    float[] lhs = ConvTesting.random(random, 2 * 40 * 8);
    float[] rhs = ConvTesting.random(random, 40 * 8);
    float[] twice = new float[2 * rhs.length];
    System.arraycopy(rhs, 0, twice, 0, rhs.length);
    System.arraycopy(rhs, 0, twice, rhs.length, rhs.length);
    byte[][] expected;
    int[][] shapes;
    try (var oracle = dev.jlite.schema.testing.TfLiteOracle.open(explicit.model(0))) {
      oracle.allocateTensors();
      expected = oracle.run(ConvTesting.bytes(lhs), ConvTesting.bytes(twice));
      shapes = new int[][] {oracle.outputInfo(0).shape()};
    }
    for (boolean vector : new boolean[] {true, false}) {
      for (int threads : new int[] {1, 2}) {
        ConvTesting.assertOutputs(broadcast.model(0), vector, threads,
            new byte[][] {ConvTesting.bytes(lhs), ConvTesting.bytes(rhs)}, expected, shapes);
      }
    }
  }

  @Test
  void handComputedAdjoints() {
    // lhs^T with lhs = [[1, 2], [3, 4]] -> [[1, 3], [2, 4]];
    // times rhs^T with rhs = [[1, 0], [1, 1]]
    // -> [[1, 1], [0, 1]]: [[1, 4], [2, 6]]
    Case c = new Case(new int[] {2, 2}, new int[] {2, 2}, true, true, false);
    for (boolean vector : new boolean[] {true, false}) {
      assertThat(ConvTesting.run(c.model(0), vector, 1, new float[] {1, 2, 3, 4},
          new float[] {1, 0, 1, 1})).containsExactly(1, 4, 2, 6);
    }
  }

  static Stream<Arguments> hostileCases() {
    return Stream.of(
        Arguments.of(new Case(new int[] {2, 3}, new int[] {4, 5}, false, false, false),
            "disagree on the inner dimension"),
        Arguments.of(new Case(new int[] {2, 3, 4}, new int[] {3, 4, 5}, false, false, false),
            "cannot be broadcast"),
        Arguments.of(new Case(new int[] {4}, new int[] {4, 5}, false, false, false),
            "must have rank 2 to 5"),
        Arguments.of(new Case(new int[] {1, 1, 1, 1, 2, 3}, new int[] {3, 5}, false, false,
            false), "must have rank 2 to 5"));
  }

  @ParameterizedTest
  @MethodSource("hostileCases")
  void rejectsHostileModels(Case c, String message) {
    assertThatThrownBy(() -> ConvTesting.interpreter(c.model(0), true, 1).allocateTensors())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("BATCH_MATMUL")
        .hasMessageContaining(message);
  }
}
