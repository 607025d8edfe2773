package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TileKernelsTest {
  static Stream<Arguments> tiles() {
    return Stream.of(
        Arguments.of(new int[] {3}, new int[] {4}),
        Arguments.of(new int[] {2, 3}, new int[] {1, 2}),
        Arguments.of(new int[] {2, 3}, new int[] {3, 1}),
        Arguments.of(new int[] {2, 1, 3}, new int[] {2, 4, 2}),
        Arguments.of(new int[] {1, 2, 1, 3}, new int[] {2, 1, 3, 1}),
        Arguments.of(new int[] {2, 1, 2, 1, 2}, new int[] {1, 2, 1, 2, 2}));
  }

  @ParameterizedTest
  @MethodSource("tiles")
  void tileMatchesTfLite(int[] shape, int[] multiples) {
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.TILE)
        .input(TensorType.FLOAT32, shape).ints(multiples).output(TensorType.FLOAT32).build(), 1);
    long[] wide = java.util.Arrays.stream(multiples).asLongStream().toArray();
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.TILE)
        .input(TensorType.INT32, shape).longs(new int[] {wide.length}, wide)
        .output(TensorType.INT32).build(), 2);
  }

  @ParameterizedTest
  @MethodSource("tileTypes")
  void tileMovesEveryTypeTfLiteHas(byte type) {
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.TILE).input(type, 2, 3)
        .ints(2, 2).output(type).build(), 3);
  }

  static Stream<Arguments> tileTypes() {
    return ReshapeKernelsTest.typesExcept(TensorType.INT16);
  }

  @ParameterizedTest
  @MethodSource("dev.jlite.engine.kernels.ReshapeKernelsTest#types")
  void broadcastMovesEveryType(byte type) {
    Differential.assertMatchesTfLite(broadcastTo(type, new int[] {3, 1}, 2, 3, 4).build(), 4);
  }

  /** TFLite registers BROADCAST_TO from version 2. */
  static ShapeOpModel broadcastTo(byte type, int[] shape, int... target) {
    return ShapeOpModel.of(BuiltinOperator.BROADCAST_TO).version(2).input(type, shape).ints(target)
        .output(type);
  }

  @Test
  void tileOfInt16ByHand() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.TILE).input(TensorType.INT16, 2)
        .ints(2).output(TensorType.INT16).open()) {
      short[] out = new short[4];
      interpreter.run(new short[] {-3, 4}, out);
      assertThat(out).containsExactly((short) -3, (short) 4, (short) -3, (short) 4);
    }
  }

  @Test
  void tileByHand() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.TILE).input(TensorType.INT32, 1, 2)
        .ints(2, 2).output(TensorType.INT32).open()) {
      int[][] out = new int[2][4];
      interpreter.run(new int[][] {{1, 2}}, out);
      assertThat(out).isDeepEqualTo(new int[][] {{1, 2, 1, 2}, {1, 2, 1, 2}});
    }
  }

  @Test
  void tileOfStringsByHand() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.TILE).input(TensorType.STRING, 2).ints(2)
        .output(TensorType.STRING).build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(new String[] {"x", "yz"});
      interpreter.invoke();
      String[] out = new String[4];
      interpreter.getOutputTensor(0).copyTo(out);
      assertThat(out).containsExactly("x", "yz", "x", "yz");
    }
  }

  @Test
  void rejectsNegativeMultiples() {
    assertThatThrownBy(() -> ShapeOpModel.of(BuiltinOperator.TILE).input(TensorType.FLOAT32, 2)
        .ints(-1).output(TensorType.FLOAT32).open())
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("TILE")
        .hasMessageContaining("multiples [-1] hold a negative value");
  }

  @Test
  void rejectsHugeTiles() {
    assertThatThrownBy(() -> ShapeOpModel.of(BuiltinOperator.TILE).input(TensorType.FLOAT32, 2, 2)
        .ints(1 << 20, 1 << 20).output(TensorType.FLOAT32).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("exceeds 2 GiB");
  }

  static Stream<Arguments> broadcasts() {
    return Stream.of(
        Arguments.of(new int[] {1}, new int[] {4}),
        Arguments.of(new int[] {3}, new int[] {2, 3}),
        Arguments.of(new int[] {2, 1}, new int[] {2, 5}),
        Arguments.of(new int[] {1, 3, 1}, new int[] {2, 2, 3, 4}),
        Arguments.of(new int[] {}, new int[] {2, 3}),
        Arguments.of(new int[] {2, 1, 1}, new int[] {1, 1, 1, 1, 2, 2, 3, 2}));
  }

  @ParameterizedTest
  @MethodSource("broadcasts")
  void broadcastToMatchesTfLite(int[] shape, int[] target) {
    Differential.assertMatchesTfLite(broadcastTo(TensorType.FLOAT32, shape, target).build(), 5);
  }

  @Test
  void rejectsIncompatibleBroadcast() {
    assertThatThrownBy(() -> broadcastTo(TensorType.FLOAT32, new int[] {2, 3}, 2, 4).open())
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("BROADCAST_TO")
        .hasMessageContaining("input shape [2, 3] does not broadcast to [2, 4]");
    assertThatThrownBy(() -> broadcastTo(TensorType.FLOAT32, new int[] {2, 3}, 3).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("input rank 2 exceeds the rank 1 of the target shape");
  }
}
