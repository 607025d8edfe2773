package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ReshapeOptions;
import dev.jlite.schema.model.ShapeOptions;
import dev.jlite.schema.model.SqueezeOptions;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReshapeKernelsTest {
  static Stream<Arguments> types() {
    return typesExcept();
  }

  /** The element types of {@link ShapeOpModel#TYPES} but those listed (TFLite lacks them there). */
  static Stream<Arguments> typesExcept(byte... missing) {
    Stream.Builder<Arguments> b = Stream.builder();
    for (byte t : ShapeOpModel.TYPES) {
      boolean skip = false;
      for (byte m : missing) {
        skip |= m == t;
      }
      if (!skip) {
        b.add(Arguments.of(t));
      }
    }
    return b.build();
  }

  static Stream<Arguments> reshapes() {
    return Stream.of(
        Arguments.of(new int[] {2, 3, 4}, new int[] {4, 6}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {-1}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {3, -1, 2}),
        Arguments.of(new int[] {24}, new int[] {1, 2, 1, 3, 4}),
        Arguments.of(new int[] {1, 2, 3, 4, 5, 1}, new int[] {5, 4, 3, 2}));
  }

  @ParameterizedTest
  @MethodSource("reshapes")
  void reshapeFromConstantShapeMatchesTfLite(int[] in, int[] shape) {
    byte[] model = ShapeOpModel.of(BuiltinOperator.RESHAPE).input(TensorType.FLOAT32, in)
        .ints(shape).output(TensorType.FLOAT32).build();
    Differential.assertMatchesTfLite(model, 1);
  }

  @ParameterizedTest
  @MethodSource("reshapes")
  void reshapeFromOptionsMatchesTfLite(int[] in, int[] shape) {
    byte[] model = ShapeOpModel.of(BuiltinOperator.RESHAPE).input(TensorType.FLOAT32, in)
        .output(TensorType.FLOAT32)
        .options(BuiltinOptions.ReshapeOptions, fbb -> ReshapeOptions.createReshapeOptions(fbb,
            ReshapeOptions.createNewShapeVector(fbb, shape)))
        .build();
    Differential.assertMatchesTfLite(model, 2);
  }

  @ParameterizedTest
  @MethodSource("types")
  void everyTypeMovesThroughReshapeSqueezeAndExpandDims(byte type) {
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.RESHAPE).input(type, 3, 1, 4)
        .ints(2, 6).output(type).build(), 3);
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.SQUEEZE).input(type, 3, 1, 4)
        .output(type).build(), 4);
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.EXPAND_DIMS).input(type, 3, 4)
        .scalar(-1).output(type).build(), 5);
  }

  @Test
  void stringsMoveThroughReshapeExpandDimsAndSlices() {
    String[] words = {"a", "bb", "ccc", "dddd", "", "f"};
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.RESHAPE).input(TensorType.STRING, 6)
        .ints(3, 2).output(TensorType.STRING).open()) {
      interpreter.getInputTensor(0).copyFrom(words);
      interpreter.invoke();
      String[][] out = new String[3][2];
      interpreter.getOutputTensor(0).copyTo(out);
      assertThat(out[2]).containsExactly("", "f");
    }
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.EXPAND_DIMS)
        .input(TensorType.STRING, 6).scalar(0).output(TensorType.STRING).open()) {
      interpreter.getInputTensor(0).copyFrom(words);
      interpreter.invoke();
      assertThat(interpreter.getOutputTensor(0).shape()).containsExactly(1, 6);
    }
    try (Interpreter interpreter = SliceKernelsTest.stridedSlice(TensorType.STRING,
        new int[] {6}, new int[] {-1}, new int[] {0}, new int[] {-2}, 0, 1, 0, 0, 0, false)
        .open()) {
      interpreter.getInputTensor(0).copyFrom(words);
      interpreter.invoke();
      String[] out = new String[3];
      interpreter.getOutputTensor(0).copyTo(out);
      assertThat(out).containsExactly("f", "dddd", "bb");
    }
  }

  @Test
  void legacyOptionShapeOfZeroMeansScalar() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.RESHAPE).input(TensorType.FLOAT32, 1, 1)
        .output(TensorType.FLOAT32)
        .options(BuiltinOptions.ReshapeOptions, fbb -> ReshapeOptions.createReshapeOptions(fbb,
            ReshapeOptions.createNewShapeVector(fbb, new int[] {0})))
        .build();
    Differential.assertMatchesTfLite(model, 6);
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      assertThat(interpreter.getOutputTensor(0).shape()).isEmpty();
    }
  }

  /** The oracle cannot hand out empty tensors, so the zero-size rule is checked by hand. */
  @Test
  void inferredDimensionOfAnEmptyInputFollowsTfLite() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.RESHAPE)
        .input(TensorType.FLOAT32, 2, 0, 3).ints(0, -1).output(TensorType.FLOAT32).open()) {
      interpreter.invoke();
      assertThat(interpreter.getOutputTensor(0).shape()).containsExactly(0, 6);
    }
  }

  @Test
  void reshapeKeepsElementOrder() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.RESHAPE)
        .input(TensorType.INT32, 2, 3).ints(3, -1).output(TensorType.INT32).open()) {
      int[][] out = new int[3][2];
      interpreter.run(new int[][] {{1, 2, 3}, {4, 5, 6}}, out);
      assertThat(out).isDeepEqualTo(new int[][] {{1, 2}, {3, 4}, {5, 6}});
    }
  }

  static Stream<Arguments> squeezes() {
    return Stream.of(
        Arguments.of(new int[] {1, 3, 1, 4, 1}, new int[] {}),
        Arguments.of(new int[] {1, 3, 1, 4, 1}, new int[] {0}),
        Arguments.of(new int[] {1, 3, 1, 4, 1}, new int[] {-1, 2}),
        Arguments.of(new int[] {1, 1, 1, 1, 1, 1}, new int[] {-6, 5}),
        Arguments.of(new int[] {1}, new int[] {}));
  }

  @ParameterizedTest
  @MethodSource("squeezes")
  void squeezeMatchesTfLite(int[] in, int[] dims) {
    byte[] model = ShapeOpModel.of(BuiltinOperator.SQUEEZE).input(TensorType.FLOAT32, in)
        .output(TensorType.FLOAT32)
        .options(BuiltinOptions.SqueezeOptions, fbb -> SqueezeOptions.createSqueezeOptions(fbb,
            SqueezeOptions.createSqueezeDimsVector(fbb, dims)))
        .build();
    Differential.assertMatchesTfLite(model, 7);
  }

  @ParameterizedTest
  @MethodSource("expandAxes")
  void expandDimsMatchesTfLite(int rank, int axis) {
    int[] shape = new int[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = i + 2;
    }
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.EXPAND_DIMS)
        .input(TensorType.FLOAT32, shape).scalar(axis).output(TensorType.FLOAT32).build(), 8);
    Differential.assertMatchesTfLite(ShapeOpModel.of(BuiltinOperator.EXPAND_DIMS)
        .input(TensorType.INT32, shape).longs(new int[] {1}, axis).output(TensorType.INT32)
        .build(), 9);
  }

  static Stream<Arguments> expandAxes() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int rank = 0; rank <= 5; rank++) {
      for (int axis = -rank - 1; axis <= rank; axis++) {
        b.add(Arguments.of(rank, axis));
      }
    }
    return b.build();
  }

  @ParameterizedTest
  @MethodSource("types")
  void shapeMatchesTfLiteForBothOutputTypes(byte type) {
    for (byte outType : new byte[] {TensorType.INT32, TensorType.INT64}) {
      byte[] model = ShapeOpModel.of(BuiltinOperator.SHAPE).input(type, 2, 1, 5).output(outType)
          .options(BuiltinOptions.ShapeOptions, fbb -> ShapeOptions.createShapeOptions(fbb,
              outType))
          .build();
      Differential.assertMatchesTfLite(model, 10);
    }
  }

  @Test
  void shapeOfAScalarIsEmpty() {
    try (Interpreter interpreter = ShapeOpModel.of(BuiltinOperator.SHAPE)
        .input(TensorType.FLOAT32).output(TensorType.INT32).open()) {
      interpreter.invoke();
      assertThat(interpreter.getOutputTensor(0).shape()).containsExactly(0);
    }
  }

  /** RESHAPE(x, SHAPE(y)): the new shape exists only at run time. */
  static byte[] reshapeLikeModel() {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int x = g.addTensor("x", TensorType.FLOAT32, 2, 6);
    int y = g.addTensor("y", TensorType.FLOAT32, 3, 4);
    int shape = g.addTensor("shape", TensorType.INT32, 2);
    int out = g.addTensor("out", TensorType.FLOAT32, 3, 4);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.SHAPE).inputs(y).outputs(shape)
        .options(BuiltinOptions.ShapeOptions,
            fbb -> ShapeOptions.createShapeOptions(fbb, TensorType.INT32)).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.RESHAPE).inputs(x, shape).outputs(out)
        .build());
    g.inputs(x, y).outputs(out);
    return m.build();
  }

  @Test
  void shapeComputedByShapeOpReshapesAtRunTime() {
    byte[] model = reshapeLikeModel();
    Differential.assertMatchesTfLite(model, 11);
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      assertThat(interpreter.getOutputTensor(0).isDynamic()).isTrue();
      float[][] x = {{0, 1, 2, 3, 4, 5}, {6, 7, 8, 9, 10, 11}};
      float[][] out = new float[3][4];
      interpreter.runForMultipleInputsOutputs(new Object[] {x, new float[3][4]},
          java.util.Map.of(0, out));
      assertThat(out[2]).containsExactly(8, 9, 10, 11);
    }
  }

  @Test
  void runTimeShapeWithWrongCountIsAnInferenceError() {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(reshapeLikeModel()))) {
      interpreter.resizeInput(1, new int[] {5, 5});
      assertThatThrownBy(() -> interpreter.runForMultipleInputsOutputs(
          new Object[] {new float[2][6], new float[5][5]}, java.util.Map.of()))
          .isInstanceOf(InferenceException.class)
          .hasMessageContaining("RESHAPE")
          .hasMessageContaining("has 25 elements, the input [2, 6] has 12");
    }
  }

  @Test
  void rejectsElementCountMismatch() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.RESHAPE).input(TensorType.FLOAT32, 2, 3)
        .ints(4, 2).output(TensorType.FLOAT32).build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("new shape [4, 2] has 8 elements, the input [2, 3] has 6");
  }

  @Test
  void rejectsTwoInferredDimensions() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.RESHAPE).input(TensorType.FLOAT32, 2, 3)
        .ints(-1, -1).output(TensorType.FLOAT32).build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("has more than one -1");
  }

  @Test
  void rejectsNegativeDimension() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.RESHAPE).input(TensorType.FLOAT32, 2, 3)
        .ints(-2, -3).output(TensorType.FLOAT32).build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("negative dimension -2");
  }

  /** RELIABILITY row 4: a shape tensor meant to be constant that has no data and no producer. */
  @Test
  void rejectsShapeTensorWithoutData() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.RESHAPE).input(TensorType.FLOAT32, 2, 3)
        .tensor(TensorSpec.of("shape", TensorType.INT32, 2)).output(TensorType.FLOAT32)
        .buildUnverified();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class);
  }

  @Test
  void rejectsSqueezingADimensionThatIsNotOne() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.SQUEEZE).input(TensorType.FLOAT32, 1, 3)
        .output(TensorType.FLOAT32)
        .options(BuiltinOptions.SqueezeOptions, fbb -> SqueezeOptions.createSqueezeOptions(fbb,
            SqueezeOptions.createSqueezeDimsVector(fbb, new int[] {1})))
        .build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("squeeze dimension 1 has size 3, not 1");
  }

  @Test
  void rejectsSqueezeDimensionOutOfRange() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.SQUEEZE).input(TensorType.FLOAT32, 1, 3)
        .output(TensorType.FLOAT32)
        .options(BuiltinOptions.SqueezeOptions, fbb -> SqueezeOptions.createSqueezeOptions(fbb,
            SqueezeOptions.createSqueezeDimsVector(fbb, new int[] {-3})))
        .build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("squeeze dimension -3 is out of range for rank 2");
  }

  /** RELIABILITY row 26: a very negative EXPAND_DIMS axis. */
  @Test
  void rejectsVeryNegativeExpandAxis() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.EXPAND_DIMS).input(TensorType.FLOAT32, 2, 3)
        .scalar(-100000).output(TensorType.FLOAT32).build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("EXPAND_DIMS")
        .hasMessageContaining("axis -100000 is out of range [-3, 2]");
  }

  @Test
  void rejectsExpandAxisPastTheEnd() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.EXPAND_DIMS).input(TensorType.FLOAT32, 2, 3)
        .scalar(3).output(TensorType.FLOAT32).build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("axis 3 is out of range");
  }

  @Test
  void rejectsShapeOutTypeThatDiffersFromTheOutput() {
    byte[] model = ShapeOpModel.of(BuiltinOperator.SHAPE).input(TensorType.FLOAT32, 2)
        .output(TensorType.INT32)
        .options(BuiltinOptions.ShapeOptions,
            fbb -> ShapeOptions.createShapeOptions(fbb, TensorType.INT64))
        .build();
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("out_type INT64 differs from the output type INT32");
  }
}
