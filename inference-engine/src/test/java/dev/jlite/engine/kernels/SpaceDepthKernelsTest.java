package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.DepthToSpaceOptions;
import dev.jlite.schema.model.SpaceToDepthOptions;
import dev.jlite.schema.model.TensorType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpaceDepthKernelsTest {
  static ShapeOpModel spaceToDepth(byte type, int block, int... shape) {
    return ShapeOpModel.of(BuiltinOperator.SPACE_TO_DEPTH).input(type, shape).output(type)
        .options(BuiltinOptions.SpaceToDepthOptions,
            fbb -> SpaceToDepthOptions.createSpaceToDepthOptions(fbb, block));
  }

  static ShapeOpModel depthToSpace(byte type, int block, int... shape) {
    return ShapeOpModel.of(BuiltinOperator.DEPTH_TO_SPACE).input(type, shape).output(type)
        .options(BuiltinOptions.DepthToSpaceOptions,
            fbb -> DepthToSpaceOptions.createDepthToSpaceOptions(fbb, block));
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void spaceToDepthAndBackMatchTfLite(int block) {
    Differential.assertMatchesTfLite(spaceToDepth(TensorType.FLOAT32, block, 2, 2 * block,
        3 * block, 3).build(), 1);
    Differential.assertMatchesTfLite(depthToSpace(TensorType.FLOAT32, block, 2, 2, 3,
        2 * block * block).build(), 2);
  }

  static Stream<Integer> blocks() {
    return Stream.of(1, 2, 3, 4);
  }

  @ParameterizedTest
  @MethodSource("spaceDepthTypes")
  void spaceDepthMoveEveryTypeTfLiteHas(byte type) {
    Differential.assertMatchesTfLite(spaceToDepth(type, 2, 1, 4, 2, 3).build(), 3);
    Differential.assertMatchesTfLite(depthToSpace(type, 2, 1, 2, 1, 8).build(), 4);
  }

  static Stream<Arguments> spaceDepthTypes() {
    return ReshapeKernelsTest.typesExcept(TensorType.INT16, TensorType.BOOL);
  }

  @Test
  void spaceToDepthByHand() {
    try (Interpreter interpreter = spaceToDepth(TensorType.INT32, 2, 1, 2, 2, 1).open()) {
      int[][][][] out = new int[1][1][1][4];
      interpreter.run(new int[][][][] {{{{1}, {2}}, {{3}, {4}}}}, out);
      assertThat(out[0][0][0]).containsExactly(1, 2, 3, 4);
    }
    try (Interpreter interpreter = depthToSpace(TensorType.INT32, 2, 1, 1, 1, 4).open()) {
      int[][][][] out = new int[1][2][2][1];
      interpreter.run(new int[][][][] {{{{1, 2, 3, 4}}}}, out);
      assertThat(out).isDeepEqualTo(new int[][][][] {{{{1}, {2}}, {{3}, {4}}}});
    }
  }

  /** RELIABILITY rows 19 and 20: block_size 0. */
  @Test
  void rejectsBlockSizeZero() {
    assertThatThrownBy(() -> spaceToDepth(TensorType.FLOAT32, 0, 1, 2, 2, 1).open())
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("SPACE_TO_DEPTH")
        .hasMessageContaining("block_size 0 must be at least 1");
    assertThatThrownBy(() -> depthToSpace(TensorType.FLOAT32, 0, 1, 2, 2, 1).open())
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("DEPTH_TO_SPACE")
        .hasMessageContaining("block_size 0 must be at least 1");
  }

  @Test
  void rejectsShapesTheBlockDoesNotDivide() {
    assertThatThrownBy(() -> spaceToDepth(TensorType.FLOAT32, 2, 1, 3, 2, 1).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("block_size 2 does not divide height 3 and width 2");
    assertThatThrownBy(() -> depthToSpace(TensorType.FLOAT32, 2, 1, 2, 2, 6).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("depth 6 is not a multiple of block_size² 4");
  }

  static ShapeOpModel spaceToBatch(byte type, int[] shape, int[] block, int[] pads) {
    return ShapeOpModel.of(BuiltinOperator.SPACE_TO_BATCH_ND).input(type, shape).ints(block)
        .ints(new int[] {block.length, 2}, pads).output(type);
  }

  static ShapeOpModel batchToSpace(byte type, int[] shape, int[] block, int[] crops) {
    return ShapeOpModel.of(BuiltinOperator.BATCH_TO_SPACE_ND).input(type, shape).ints(block)
        .ints(new int[] {block.length, 2}, crops).output(type);
  }

  static Stream<Arguments> spaceToBatchCases() {
    return Stream.of(
        Arguments.of(new int[] {1, 4, 4, 1}, new int[] {2, 2}, new int[] {0, 0, 0, 0}),
        Arguments.of(new int[] {2, 3, 5, 2}, new int[] {2, 3}, new int[] {1, 0, 0, 1}),
        Arguments.of(new int[] {1, 5, 2, 3}, new int[] {3, 1}, new int[] {2, 2, 0, 0}),
        Arguments.of(new int[] {3, 4, 2}, new int[] {2}, new int[] {1, 1}));
  }

  @ParameterizedTest
  @MethodSource("spaceToBatchCases")
  void spaceToBatchMatchesTfLite(int[] shape, int[] block, int[] pads) {
    Differential.assertMatchesTfLite(spaceToBatch(TensorType.FLOAT32, shape, block, pads)
        .build(), 5);
  }

  static Stream<Arguments> batchToSpaceCases() {
    return Stream.of(
        Arguments.of(new int[] {4, 2, 2, 1}, new int[] {2, 2}, new int[] {0, 0, 0, 0}),
        Arguments.of(new int[] {12, 2, 2, 2}, new int[] {2, 3}, new int[] {1, 0, 0, 2}),
        Arguments.of(new int[] {6, 3, 2, 3}, new int[] {3, 1}, new int[] {2, 2, 0, 1}),
        Arguments.of(new int[] {4, 3, 2}, new int[] {2}, new int[] {1, 0}));
  }

  @ParameterizedTest
  @MethodSource("batchToSpaceCases")
  void batchToSpaceMatchesTfLite(int[] shape, int[] block, int[] crops) {
    Differential.assertMatchesTfLite(batchToSpace(TensorType.FLOAT32, shape, block, crops)
        .build(), 6);
  }

  @ParameterizedTest
  @MethodSource("spaceDepthTypes")
  void spaceBatchMoveEveryTypeTfLiteHas(byte type) {
    Differential.assertMatchesTfLite(spaceToBatch(type, new int[] {1, 2, 3, 2},
        new int[] {2, 2}, new int[] {0, 0, 1, 0}).build(), 7);
    Differential.assertMatchesTfLite(batchToSpace(type, new int[] {4, 1, 2, 2},
        new int[] {2, 2}, new int[] {0, 1, 1, 0}).build(), 8);
  }

  @Test
  void spaceToBatchByHand() {
    try (Interpreter interpreter = spaceToBatch(TensorType.INT32, new int[] {1, 2, 2, 1},
        new int[] {2, 2}, new int[] {0, 0, 0, 0}).open()) {
      int[][][][] out = new int[4][1][1][1];
      interpreter.run(new int[][][][] {{{{1}, {2}}, {{3}, {4}}}}, out);
      assertThat(out).isDeepEqualTo(new int[][][][] {{{{1}}}, {{{2}}}, {{{3}}}, {{{4}}}});
    }
  }

  /** RELIABILITY rows 21 and 22: a block_shape value of 0, and blocks that do not divide. */
  @Test
  void rejectsZeroBlocksAndIndivisibleShapes() {
    assertThatThrownBy(() -> spaceToBatch(TensorType.FLOAT32, new int[] {1, 2, 2, 1},
        new int[] {0, 2}, new int[] {0, 0, 0, 0}).open())
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("SPACE_TO_BATCH_ND")
        .hasMessageContaining("block_shape [0, 2] must be at least 1");
    assertThatThrownBy(() -> batchToSpace(TensorType.FLOAT32, new int[] {4, 2, 2, 1},
        new int[] {2, 0}, new int[] {0, 0, 0, 0}).open())
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("BATCH_TO_SPACE_ND")
        .hasMessageContaining("block_shape [2, 0] must be at least 1");
    assertThatThrownBy(() -> spaceToBatch(TensorType.FLOAT32, new int[] {1, 3, 2, 1},
        new int[] {2, 2}, new int[] {0, 0, 0, 0}).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("padded spatial shape [3, 2] is not divisible by block_shape");
    assertThatThrownBy(() -> batchToSpace(TensorType.FLOAT32, new int[] {3, 2, 2, 1},
        new int[] {2, 1}, new int[] {0, 0, 0, 0}).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("batch 3 is not divisible by the block_shape [2, 1] product 2");
  }

  @Test
  void rejectsNegativePaddingsAndOversizedCrops() {
    assertThatThrownBy(() -> spaceToBatch(TensorType.FLOAT32, new int[] {1, 2, 2, 1},
        new int[] {1, 1}, new int[] {-1, 1, 0, 0}).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("paddings [-1, 1, 0, 0] hold a negative value");
    assertThatThrownBy(() -> batchToSpace(TensorType.FLOAT32, new int[] {4, 1, 1, 1},
        new int[] {2, 2}, new int[] {2, 1, 0, 0}).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("crops [2, 1, 0, 0] exceed the spatial shape [2, 2]");
  }
}
