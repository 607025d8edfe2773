package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Differential;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.testing.TfLiteOracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FftKernelsTest {
  static byte[] rfft2d(int[] shape, int[] fftLength, boolean abs) {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, shape);
    int len = m.constant(new int[] {2}, fftLength);
    if (abs) {
      int spectrum = m.graph.addTensor("spectrum", TensorType.COMPLEX64, 1);
      int y = m.output(TensorType.FLOAT32);
      m.op(BuiltinOperator.RFFT2D, ReduceOpModel.in(x, len), spectrum);
      return m.op(BuiltinOperator.COMPLEX_ABS, ReduceOpModel.in(spectrum), y).build();
    }
    int y = m.output(TensorType.COMPLEX64);
    return m.op(BuiltinOperator.RFFT2D, ReduceOpModel.in(x, len), y).build();
  }

  static List<Arguments> sweep() {
    Object[][] shapesAndLengths = {
        {new int[] {4, 4}, new int[] {4, 4}},
        {new int[] {2, 8}, new int[] {2, 8}},
        {new int[] {3, 5}, new int[] {4, 8}},
        {new int[] {8, 16}, new int[] {4, 4}},
        {new int[] {2, 3, 6, 10}, new int[] {8, 8}},
        {new int[] {16, 32}, new int[] {16, 32}},
        {new int[] {1, 2}, new int[] {2, 2}},
        {new int[] {5, 3}, new int[] {2, 16}},
    };
    List<Arguments> cases = new ArrayList<>();
    for (Object[] c : shapesAndLengths) {
      cases.add(Arguments.of(c[0], c[1]));
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void spectrumMatchesTfLite(int[] shape, int[] fftLength) {
    assertComplexMatchesTfLite(rfft2d(shape, fftLength, false), shape);
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void magnitudesMatchTfLite(int[] shape, int[] fftLength) {
    Differential.assertMatchesTfLite(rfft2d(shape, fftLength, true), 17);
  }

  /** Complex outputs compared as float pairs, each within the harness tolerance. */
  static void assertComplexMatchesTfLite(byte[] model, int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    Random random = new Random(n);
    ByteBuffer in = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      in.putFloat(random.nextFloat() * 2 - 1);
    }
    try (TfLiteOracle oracle = TfLiteOracle.open(model);
        Interpreter jlite = new Interpreter(ByteBuffer.wrap(model))) {
      byte[] expected = oracle.run(in.array())[0];
      assertThat(jlite.getOutputTensor(0).dataType()).isEqualTo(DataType.COMPLEX64);
      jlite.getInputTensor(0).copyFrom(ByteBuffer.wrap(in.array()).order(ByteOrder.LITTLE_ENDIAN));
      jlite.invoke();
      assertThat(jlite.getOutputTensor(0).shape()).isEqualTo(oracle.outputInfo(0).shape());
      ByteBuffer actual = ByteBuffer.allocate(expected.length).order(ByteOrder.LITTLE_ENDIAN);
      jlite.getOutputTensor(0).copyTo(actual);
      ByteBuffer e = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < expected.length / 4; i++) {
        float x = e.getFloat(4 * i);
        float y = actual.getFloat(4 * i);
        if (!Differential.closeEnough(x, y)) {
          throw new AssertionError("float " + i + ": " + y + ", TFLite has " + x);
        }
      }
    }
  }

  @Test
  void handComputedSpectrum() {
    // 2x2 input [[1, 2], [3, 4]]: F(0,0) = 10, F(0,1) = -2, F(1,0) = -4, F(1,1) = 0.
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(rfft2d(new int[] {2, 2},
        new int[] {2, 2}, false)))) {
      interpreter.getInputTensor(0).copyFrom(new float[] {1, 2, 3, 4});
      interpreter.invoke();
      float[] out = interpreter.getOutputTensor(0).floats();
      int o = interpreter.getOutputTensor(0).offset();
      float[] expected = {10, 0, -2, 0, -4, 0, 0, 0};
      for (int i = 0; i < expected.length; i++) {
        assertThat(out[o + i]).isCloseTo(expected[i], Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void complexAbsHandComputedAndAgainstTfLite() {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.COMPLEX64, 3);
    int y = m.output(TensorType.FLOAT32);
    byte[] model = m.op(BuiltinOperator.COMPLEX_ABS, ReduceOpModel.in(x), y).build();
    ByteBuffer in = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    in.putFloat(3).putFloat(-4).putFloat(0).putFloat(0).putFloat(-1e20f).putFloat(1e20f);
    Differential.assertMatchesTfLite(model, in.array());
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(ByteBuffer.wrap(in.array())
          .order(ByteOrder.LITTLE_ENDIAN));
      interpreter.invoke();
      float[] out = new float[3];
      interpreter.getOutputTensor(0).copyTo(out);
      assertThat(out).containsExactly(5f, 0f, (float) (Math.sqrt(2) * 1e20));
    }
  }

  @Test
  void fftLengthFromAGraphInputMatchesTfLite() {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, 3, 4);
    int len = m.input(TensorType.INT32, 2);
    int spectrum = m.graph.addTensor("spectrum", TensorType.COMPLEX64, 1);
    int y = m.output(TensorType.FLOAT32);
    m.op(BuiltinOperator.RFFT2D, ReduceOpModel.in(x, len), spectrum);
    byte[] model = m.op(BuiltinOperator.COMPLEX_ABS, ReduceOpModel.in(spectrum), y).build();
    ByteBuffer in = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 12; i++) {
      in.putFloat(i % 5 - 2);
    }
    ByteBuffer lengths = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(4)
        .putInt(8);
    Differential.assertMatchesTfLite(model, in.array(), lengths.array());
  }

  @Test
  void nonPowerOfTwoLengthIsRejected() {
    assertThatThrownBy(() -> ReduceOpModel.prepare(rfft2d(new int[] {4, 4}, new int[] {4, 6}, false)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("RFFT2D")
        .hasMessageContaining("fft_length 4x6 must be powers of two");
  }

  @Test
  void zeroLengthFromAGraphInputFailsAtRun() {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.input(TensorType.FLOAT32, 2, 2);
    int len = m.input(TensorType.INT32, 2);
    int y = m.output(TensorType.COMPLEX64);
    byte[] model = m.op(BuiltinOperator.RFFT2D, ReduceOpModel.in(x, len), y).build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.getInputTensor(0).copyFrom(new float[4]);
      interpreter.getInputTensor(1).copyFrom(new int[] {0, 2});
      assertThatThrownBy(interpreter::invoke).isInstanceOf(InferenceException.class)
          .hasMessageContaining("fft_length 0x2 must be powers of two");
    }
  }

  @Test
  void vectorInputIsRejected() {
    assertThatThrownBy(() -> ReduceOpModel.prepare(rfft2d(new int[] {4}, new int[] {4, 4}, false)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("rank 2 or more");
  }
}
