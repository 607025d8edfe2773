package dev.jlite.schema.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.AddOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class TfLiteOracleTest {
  @Test
  void describesTensorsAndRunsAfterResizingADynamicInput() {
    try (TfLiteOracle tflite = TfLiteOracle.open(add(new int[] {1, 2}, new int[] {1, 2}))) {
      OracleTensorInfo a = tflite.inputInfo(0);
      assertThat(a.name()).isEqualTo("a");
      assertThat(a.type()).isEqualTo(TensorType.FLOAT32);
      assertThat(a.typeName()).isEqualTo("FLOAT32");
      assertThat(a.shape()).containsExactly(1, 2);
      assertThat(a.shapeSignature()).containsExactly(-1, 2);
      assertThat(a.bytes()).isEqualTo(8);
      assertThat(a.scales()).isEmpty();
      assertThat(tflite.inputCount()).isEqualTo(2);
      assertThat(tflite.outputCount()).isEqualTo(1);
      assertThat(tflite.outputTensorIndex(0)).isEqualTo(2);

      tflite.resizeInput(0, 3, 2);
      tflite.resizeInput(1, 3, 2);
      byte[][] out = tflite.run(TensorBytes.of(1f, 2f, 3f, 4f, 5f, 6f), TensorBytes.of(10f, 20f, 30f, 40f, 50f, 60f));

      assertThat(TensorBytes.toFloats(out[0])).containsExactly(11f, 22f, 33f, 44f, 55f, 66f);
      assertThat(tflite.outputInfo(0).shape()).containsExactly(3, 2);
    }
  }

  @Test
  void stepByStepUseAcceptsByteBuffers() {
    try (TfLiteOracle tflite = TfLiteOracle.open(add(new int[] {1, 2}, new int[] {1, 2}))) {
      tflite.allocateTensors();
      ByteBuffer b = ByteBuffer.wrap(TensorBytes.of(0f, 9f, 9f, 0f));
      b.position(4).limit(12);
      tflite.setInput(0, TensorBytes.of(1f, 2f));
      tflite.setInput(1, b);
      tflite.invoke();

      assertThat(TensorBytes.toFloats(tflite.output(0))).containsExactly(10f, 11f);
      assertThat(b.position()).isEqualTo(4);
    }
  }

  @Test
  void xnnpackTakesOverTheGraphAndAgrees() {
    byte[] model = add(new int[] {1, 4}, new int[] {1, 4});
    try (TfLiteOracle tflite = TfLiteOracle.open(model, TfLiteOracle.Kernels.XNNPACK, 2)) {
      byte[][] out = tflite.run(TensorBytes.of(1f, 2f, 3f, 4f), TensorBytes.of(0.5f, 0.5f, 0.5f, 0.5f));

      assertThat(TensorBytes.toFloats(out[0])).containsExactly(1.5f, 2.5f, 3.5f, 4.5f);
      assertThat(tflite.operators()).extracting(OracleOperator::name).containsExactly("TfLiteXNNPackDelegate");
    }
    try (TfLiteOracle tflite = TfLiteOracle.open(model)) {
      tflite.allocateTensors();
      assertThat(tflite.operators()).containsExactly(new OracleOperator(BuiltinOperator.ADD, null, 1));
    }
  }

  @Test
  void listsTheOperatorsOfEverySubgraph() {
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder main = builder.addSubgraph("main");
    int a = main.addTensor("a", TensorType.FLOAT32, 2);
    int sum = main.addTensor("sum", TensorType.FLOAT32, 2);
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.ADD).inputs(a, a).outputs(sum).build());
    main.inputs(a).outputs(sum);
    SubgraphBuilder other = builder.addSubgraph("other");
    int x = other.addTensor("x", TensorType.FLOAT32, 2);
    int y = other.addTensor("y", TensorType.FLOAT32, 2);
    int z = other.addTensor("z", TensorType.FLOAT32, 2);
    other.addOperator(OperatorSpec.custom("OtherOp").inputs(x).outputs(y).build());
    other.addOperator(OperatorSpec.builtin(BuiltinOperator.ADD).version(2).inputs(y, y).outputs(z)
        .build());
    other.inputs(x).outputs(z);

    try (TfLiteOracle tflite = TfLiteOracle.open(builder.build())) {
      assertThat(tflite.subgraphCount()).isEqualTo(2);
      assertThat(tflite.operators(0)).containsExactly(new OracleOperator(BuiltinOperator.ADD, null, 1));
      assertThat(tflite.operators(1)).extracting(OracleOperator::name)
          .containsExactly("OtherOp", "ADD");
      assertThat(tflite.operators(1).get(1).version()).isEqualTo(2);
      assertThatThrownBy(() -> tflite.operators(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void wrongInputsAreRejectedBeforeReachingTfLite() {
    try (TfLiteOracle tflite = TfLiteOracle.open(add(new int[] {1, 2}, new int[] {1, 2}))) {
      assertThatThrownBy(() -> tflite.setInput(0, new byte[8]))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("allocateTensors()");
      tflite.allocateTensors();
      assertThatThrownBy(() -> tflite.setInput(0, new byte[12]))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("input 0 (a) holds 8 bytes, got 12");
      assertThatThrownBy(() -> tflite.setInput(2, new byte[8]))
          .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("input 2 of 2");
      assertThatThrownBy(() -> tflite.run(new byte[8]))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("model has 2 inputs, got 1");
      assertThatThrownBy(() -> tflite.signatureInputs("nope"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no signature nope");
    }
  }

  @Test
  void failuresInsideTfLiteNameTheStep() {
    assertThatThrownBy(() -> TfLiteOracle.open(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .isInstanceOf(TfLiteOracleException.class)
        .extracting(e -> ((TfLiteOracleException) e).step())
        .isEqualTo("FlatBufferModel::VerifyAndBuildFromBuffer");

    try (TfLiteOracle tflite = TfLiteOracle.open(add(new int[] {1, 3}, new int[] {1, 4}))) {
      assertThatThrownBy(tflite::allocateTensors)
          .isInstanceOf(TfLiteOracleException.class)
          .hasMessageStartingWith("AllocateTensors: failed with status 1");
    }

    ModelBuilder custom = new ModelBuilder();
    SubgraphBuilder main = custom.addSubgraph("main");
    int in = main.addTensor("in", TensorType.FLOAT32, 1);
    int out = main.addTensor("out", TensorType.FLOAT32, 1);
    main.addOperator(OperatorSpec.custom("NoSuchOp").inputs(in).outputs(out).build());
    main.inputs(in).outputs(out);
    // TFLite accepts unknown custom operators at build time (a delegate might claim them) and fails
    // when it prepares them.
    try (TfLiteOracle tflite = TfLiteOracle.open(custom.build())) {
      assertThat(tflite.operators()).extracting(OracleOperator::name).containsExactly("NoSuchOp");
      assertThatThrownBy(tflite::allocateTensors)
          .isInstanceOf(TfLiteOracleException.class)
          .extracting(e -> ((TfLiteOracleException) e).step()).isEqualTo("AllocateTensors");
    }
  }

  @Test
  void closingFreesTheNativeModelCopyAndLaterCallsFailCleanly() {
    byte[] model = add(new int[] {1, 2}, new int[] {1, 2});
    long before = Pointer.totalBytes();
    TfLiteOracle last = null;
    for (int i = 0; i < 50; i++) {
      last = TfLiteOracle.open(model);
      last.run(new byte[8], new byte[8]);
      last.close();
    }
    assertThat(Pointer.totalBytes()).isEqualTo(before);

    last.close();
    TfLiteOracle closed = last;
    assertThatThrownBy(() -> closed.run(new byte[8], new byte[8]))
        .isInstanceOf(IllegalStateException.class).hasMessage("TfLiteOracle is closed");
    assertThatThrownBy(() -> closed.inputInfo(0)).isInstanceOf(IllegalStateException.class);
  }

  /** ADD of inputs a and b with a dynamic first dimension, out = a + b. */
  private static byte[] add(int[] shapeA, int[] shapeB) {
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder main = builder.addSubgraph("main");
    int a = main.addTensor(TensorSpec.builder("a", TensorType.FLOAT32, shapeA).shapeSignature(-1, shapeA[1]).build());
    int b = main.addTensor(TensorSpec.builder("b", TensorType.FLOAT32, shapeB).shapeSignature(-1, shapeB[1]).build());
    int out = main.addTensor("out", TensorType.FLOAT32, shapeA);
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.ADD).inputs(a, b).outputs(out)
        .options(BuiltinOptions.AddOptions,
            fbb -> AddOptions.createAddOptions(fbb, ActivationFunctionType.NONE, false))
        .build());
    main.inputs(a, b).outputs(out);
    return builder.build();
  }
}
