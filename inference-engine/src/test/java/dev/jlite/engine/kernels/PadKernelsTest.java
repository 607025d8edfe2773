package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.MirrorPadMode;
import dev.jlite.schema.model.MirrorPadOptions;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PadKernelsTest {
  /** Random paddings for ranks 1–5, each side at most {@code limit(dim)}. */
  static Stream<Arguments> paddings(boolean mirror, boolean symmetric) {
    Stream.Builder<Arguments> b = Stream.builder();
    Random random = new Random(mirror ? (symmetric ? 3 : 2) : 1);
    for (int rank = 1; rank <= 5; rank++) {
      for (int k = 0; k < 3; k++) {
        int[] shape = TransposeKernelsTest.shapeOfRank(rank);
        int[] pads = new int[2 * rank];
        for (int i = 0; i < pads.length; i++) {
          int limit = mirror ? (symmetric ? shape[i / 2] : shape[i / 2] - 1) : 3;
          pads[i] = random.nextInt(limit + 1);
        }
        b.add(Arguments.of(shape, pads));
      }
    }
    return b.build();
  }

  static Stream<Arguments> padPaddings() {
    return paddings(false, false);
  }

  static ShapeOpModel pad(byte type, int[] shape, int[] pads) {
    return ShapeOpModel.of(BuiltinOperator.PAD).input(type, shape)
        .ints(new int[] {shape.length, 2}, pads).output(type);
  }

  @ParameterizedTest
  @MethodSource("padPaddings")
  void padMatchesTfLite(int[] shape, int[] pads) {
    Differential.assertMatchesTfLite(pad(TensorType.FLOAT32, shape, pads).build(), 1);
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.PADV2)
        .input(TensorType.FLOAT32, shape).ints(new int[] {shape.length, 2}, pads)
        .floats(new int[] {1}, 2.5f).output(TensorType.FLOAT32).build(), 2);
  }

  @ParameterizedTest
  @MethodSource("padTypes")
  void padMovesEveryTypeTfLiteHas(byte type) {
    Differential.assertMatchesTfLite(pad(type, new int[] {2, 3}, new int[] {1, 0, 2, 1})
        .build(), 3);
  }

  static Stream<Arguments> padTypes() {
    return ReshapeKernelsTest.typesExcept(TensorType.BOOL);
  }

  @Test
  void padOfQuantizedTensorsUsesTheZeroPoint() {
    QuantizationSpec q = QuantizationSpec.perTensor(0.5f, 7);
    byte[] model = ShapeOpModel.of(BuiltinOperator.PAD).inputQuantized(TensorType.UINT8, q, 2)
        .ints(new int[] {1, 2}, 1, 1).outputQuantized(TensorType.UINT8, q).build();
    Differential.assertMatchesTfLite(model, 7);
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      byte[] out = new byte[4];
      interpreter.run(new byte[] {1, 2}, out);
      assertThat(out).containsExactly(7, 1, 2, 7);
    }
  }

  @Test
  void padByHand() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.PADV2).input(TensorType.INT32, 2)
        .ints(new int[] {1, 2}, 2, 1).ints(new int[] {1}, 9).output(TensorType.INT32).open()) {
      int[] out = new int[5];
      interpreter.run(new int[] {1, 2}, out);
      assertThat(out).containsExactly(9, 9, 1, 2, 9);
    }
  }

  @Test
  void runTimePaddingsMatchTfLite() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.PAD).input(TensorType.FLOAT32, 2, 3)
        .input(TensorType.INT32, 2, 2).output(TensorType.FLOAT32).build();
    Differential.assertMatchesTfLite(model, ShapeOpModel.rawFloats(1, 2, 3, 4, 5, 6),
        ShapeOpModel.rawInts(0, 2, 1, 1));
  }

  @Test
  void rejectsNegativePaddings() {
    assertThatThrownBy(() -> pad(TensorType.FLOAT32, new int[] {2}, new int[] {-1, 0}).open())
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("PAD")
        .hasMessageContaining("paddings [-1, 0] hold a negative value");
  }

  @Test
  void rejectsPaddingsOfTheWrongShape() {
    assertThatThrownBy(() -> ShapeOpModel.of(BuiltinOperator.PAD).input(TensorType.FLOAT32, 2, 2)
        .ints(1, 1).output(TensorType.FLOAT32).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("paddings must have shape [2, 2], has [2]");
  }

  @Test
  void runTimeNegativePaddingIsAnInferenceError() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.PAD).input(TensorType.FLOAT32, 2)
        .input(TensorType.INT32, 1, 2).output(TensorType.FLOAT32).build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(new float[2]);
      interpreter.getInputTensor(1).copyFrom(new int[][] {{0, -5}});
      assertThatThrownBy(interpreter::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining("paddings [0, -5] hold a negative value");
    }
  }

  static ShapeOpModel mirror(byte type, int[] shape, int[] pads, byte mode) {
    return ShapeOpModel.of(BuiltinOperator.MIRROR_PAD).input(type, shape)
        .ints(new int[] {shape.length, 2}, pads).output(type)
        .options(BuiltinOptions.MirrorPadOptions,
            fbb -> MirrorPadOptions.createMirrorPadOptions(fbb, mode));
  }

  static Stream<Arguments> reflectPaddings() {
    return paddings(true, false);
  }

  static Stream<Arguments> symmetricPaddings() {
    return paddings(true, true);
  }

  @ParameterizedTest
  @MethodSource("reflectPaddings")
  void reflectMatchesTfLite(int[] shape, int[] pads) {
    Differential.assertMatchesTfLite(mirror(TensorType.FLOAT32, shape, pads,
        MirrorPadMode.REFLECT).build(), 4);
  }

  @ParameterizedTest
  @MethodSource("symmetricPaddings")
  void symmetricMatchesTfLite(int[] shape, int[] pads) {
    Differential.assertMatchesTfLite(mirror(TensorType.FLOAT32, shape, pads,
        MirrorPadMode.SYMMETRIC).build(), 5);
  }

  @ParameterizedTest
  @MethodSource("padTypes")
  void mirrorPadMovesEveryTypeTfLiteHas(byte type) {
    Differential.assertMatchesTfLite(mirror(type, new int[] {3, 4}, new int[] {2, 1, 0, 3},
        MirrorPadMode.REFLECT).build(), 6);
  }

  @Test
  void mirrorPadByHand() {
    try (Interpreter interpreter = mirror(TensorType.INT32, new int[] {3}, new int[] {2, 2},
        MirrorPadMode.REFLECT).open()) {
      int[] out = new int[7];
      interpreter.run(new int[] {1, 2, 3}, out);
      assertThat(out).containsExactly(3, 2, 1, 2, 3, 2, 1);
    }
    try (Interpreter interpreter = mirror(TensorType.INT32, new int[] {3}, new int[] {2, 3},
        MirrorPadMode.SYMMETRIC).open()) {
      int[] out = new int[8];
      interpreter.run(new int[] {1, 2, 3}, out);
      assertThat(out).containsExactly(2, 1, 1, 2, 3, 3, 2, 1);
    }
  }

  @Test
  void rejectsMirrorPaddingsLargerThanTheInput() {
    assertThatThrownBy(() -> mirror(TensorType.FLOAT32, new int[] {3}, new int[] {3, 0},
        MirrorPadMode.REFLECT).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("paddings 3 and 0 of dimension 0 must lie in [0, 2] for REFLECT");
    assertThatThrownBy(() -> mirror(TensorType.FLOAT32, new int[] {3}, new int[] {0, 4},
        MirrorPadMode.SYMMETRIC).open())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("must lie in [0, 3] for SYMMETRIC");
  }
}
