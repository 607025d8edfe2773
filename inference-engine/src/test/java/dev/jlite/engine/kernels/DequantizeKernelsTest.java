package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.Differential;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.Operator;
import dev.jlite.schema.model.SubGraph;
import dev.jlite.schema.model.Tensor;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.testing.TfLiteOracle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DequantizeKernelsTest {
  private static final Path FACE_HAND =
      Path.of("..", "testdata", "models", "face_hand").toAbsolutePath().normalize();

  /** The float32 value of a binary16 pattern, straight from the IEEE 754 definition. */
  private static double ieeeHalf(int h) {
    int sign = h >>> 15;
    int exponent = (h >>> 10) & 0x1f;
    int significand = h & 0x3ff;
    double magnitude;
    if (exponent == 0x1f) {
      magnitude = significand == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else if (exponent == 0) {
      magnitude = Math.scalb((double) significand, -24);
    } else {
      magnitude = Math.scalb(1 + significand / 1024.0, exponent - 15);
    }
    return sign == 1 ? -magnitude : magnitude;
  }

  @Test
  void everyHalfWidensExactly() {
    for (int h = 0; h < 65536; h++) {
      float actual = Float16.toFloat((short) h);
      double expected = ieeeHalf(h);
      if (Double.isNaN(expected)) {
        int bits = Float.floatToRawIntBits(actual);
        assertThat(actual).as("half %04x", h).isNaN();
        assertThat(bits >>> 31).as("sign of half %04x", h).isEqualTo(h >>> 15);
        assertThat((bits >>> 13) & 0x3ff).as("payload of half %04x", h).isEqualTo(h & 0x3ff);
      } else {
        assertThat((double) actual).as("half %04x", h).isEqualTo(expected);
        assertThat(Float.floatToRawIntBits(actual))
            .as("bits of half %04x", h).isEqualTo(Float.floatToRawIntBits((float) expected));
      }
    }
  }

  @Test
  void handPickedHalves() {
    assertThat(Float16.toFloat((short) 0x3c00)).isEqualTo(1f);
    assertThat(Float16.toFloat((short) 0xc000)).isEqualTo(-2f);
    assertThat(Float16.toFloat((short) 0x7bff)).isEqualTo(65504f);
    assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(Float16.toFloat((short) 0x03ff)).isEqualTo(1023 * 0x1p-24f);
    assertThat(Float16.toFloat((short) 0x0400)).isEqualTo(0x1p-14f);
    assertThat(Float.floatToRawIntBits(Float16.toFloat((short) 0x8000))).isEqualTo(0x80000000);
    assertThat(Float16.toFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Float16.toFloat((short) 0x7e00)).isNaN();
  }

  static byte[] allHalves() {
    byte[] halves = new byte[2 * 65536];
    for (int h = 0; h < 65536; h++) {
      halves[2 * h] = (byte) h;
      halves[2 * h + 1] = (byte) (h >>> 8);
    }
    return halves;
  }

  /** DEQUANTIZE of a constant; an unused float input keeps the model runnable by the binding. */
  static byte[] dequantizeConstant(byte type, int[] shape, byte[] data, QuantizationSpec q) {
    OpModel m = new OpModel();
    m.input(TensorType.FLOAT32, 1);
    int c = q == null ? m.constant(type, shape, data) : m.constant(type, shape, data, q);
    int out = m.output(TensorType.FLOAT32, shape);
    return m.op(OperatorSpec.builtin(BuiltinOperator.DEQUANTIZE).inputs(c).outputs(out).build())
        .buildUnverified();
  }

  static byte[] dequantizeInput(byte type, int[] shape, QuantizationSpec q) {
    OpModel m = new OpModel();
    int in = q == null ? m.input(type, shape) : m.input(type, q, shape);
    int out = m.output(TensorType.FLOAT32, shape);
    return m.op(OperatorSpec.builtin(BuiltinOperator.DEQUANTIZE).inputs(in).outputs(out).build())
        .buildUnverified();
  }

  /** Runs in TFLite and jlite and requires bit-identical outputs (NaNs compared as NaN). */
  static void assertIdenticalToTfLite(byte[] model, byte[]... inputs) {
    byte[] expected;
    try (TfLiteOracle oracle = TfLiteOracle.open(model)) {
      oracle.allocateTensors();
      expected = oracle.run(inputs)[0];
    }
    float[] want = OpModel.toFloats(ByteBuffer.wrap(expected));
    float[] got = OpModel.toFloats(OpModel.run(model, inputs)[0]);
    assertThat(got).hasSameSizeAs(want);
    for (int i = 0; i < want.length; i++) {
      if (Float.isNaN(want[i])) {
        assertThat(got[i]).as("element %d", i).isNaN();
      } else {
        assertThat(Float.floatToRawIntBits(got[i])).as("element %d: %s vs TFLite %s", i, got[i],
            want[i]).isEqualTo(Float.floatToRawIntBits(want[i]));
      }
    }
  }

  @Test
  void everyHalfDequantizesAsInTfLite() {
    assertIdenticalToTfLite(dequantizeConstant(TensorType.FLOAT16, new int[] {256, 256},
        allHalves(), null), OpModel.floats(0));
    assertIdenticalToTfLite(dequantizeInput(TensorType.FLOAT16, new int[] {65536}, null),
        allHalves());
  }

  static Stream<Path> faceHandModels() throws IOException {
    try (Stream<Path> files = Files.list(FACE_HAND)) {
      List<Path> models = files.filter(p -> p.toString().endsWith(".tflite")).sorted().toList();
      assertThat(models).isNotEmpty();
      return models.stream();
    }
  }

  /** Every float16 constant a MediaPipe model dequantizes, through jlite's and TFLite's kernel. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("faceHandModels")
  void mediaPipeWeightsDequantizeAsInTfLite(Path path) throws IOException {
    ModelFile file = ModelFile.read(path);
    SubGraph graph = file.model().subgraphs(0);
    int checked = 0;
    for (int i = 0; i < graph.operatorsLength(); i++) {
      Operator op = graph.operators(i);
      if (file.builtinCode((int) op.opcodeIndex()) != BuiltinOperator.DEQUANTIZE) {
        continue;
      }
      Tensor t = graph.tensors(op.inputs(0));
      assertThat(t.type()).isEqualTo(TensorType.FLOAT16);
      int[] shape = new int[t.shapeLength()];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = t.shape(d);
      }
      ByteBuffer data = file.bufferData((int) t.buffer());
      byte[] bytes = new byte[data.remaining()];
      data.duplicate().get(bytes);
      assertIdenticalToTfLite(dequantizeConstant(TensorType.FLOAT16, shape, bytes, null),
          OpModel.floats(0));
      checked++;
    }
    assertThat(checked).as("DEQUANTIZE operators in %s", path).isPositive();
  }

  @ParameterizedTest(name = "per-tensor type {0}")
  @ValueSource(bytes = {TensorType.INT8, TensorType.UINT8, TensorType.INT16})
  void perTensorMatchesTfLite(byte type) {
    float[] scales = {0.5f, 0.0123f, 3.7f};
    long[] zeroPoints = type == TensorType.UINT8 ? new long[] {128, 0, 255}
        : type == TensorType.INT8 ? new long[] {0, -128, 17} : new long[] {0, 0, 0};
    for (int k = 0; k < scales.length; k++) {
      QuantizationSpec q = QuantizationSpec.perTensor(scales[k], zeroPoints[k]);
      for (int[] shape : new int[][] {{}, {7}, {2, 3, 4}, {1, 2, 3, 2, 2}}) {
        Differential.assertMatchesTfLite(dequantizeInput(type, shape, q), k);
        byte[] data = randomBytes(type, OpModel.elements(shape), new Random(k));
        assertIdenticalToTfLite(dequantizeConstant(type, shape, data, q), OpModel.floats(0));
      }
    }
  }

  static byte[] randomBytes(byte type, int n, Random random) {
    byte[] data = new byte[n * (type == TensorType.INT16 ? 2 : 1)];
    random.nextBytes(data);
    return data;
  }

  @ParameterizedTest(name = "per-channel type {0}")
  @ValueSource(bytes = {TensorType.INT8, TensorType.UINT8})
  void perChannelMatchesTfLite(byte type) {
    int[][] shapes = {{4, 3, 3, 2}, {4, 3, 3, 2}, {1, 3, 3, 5}, {6, 5}, {6}};
    int[] axes = {0, 3, 3, 1, 0};
    Random random = new Random(type);
    for (int k = 0; k < shapes.length; k++) {
      int channels = shapes[k][axes[k]];
      float[] scales = new float[channels];
      long[] zeroPoints = new long[channels];
      for (int c = 0; c < channels; c++) {
        scales[c] = 0.001f + random.nextFloat();
        zeroPoints[c] = type == TensorType.INT8 ? random.nextInt(21) - 10 : 0;
      }
      QuantizationSpec q = QuantizationSpec.perChannel(scales, zeroPoints, axes[k]);
      byte[] data = randomBytes(type, OpModel.elements(shapes[k]), random);
      assertIdenticalToTfLite(dequantizeConstant(type, shapes[k], data, q), OpModel.floats(0));
      assertIdenticalToTfLite(dequantizeInput(type, shapes[k], q), data);
    }
  }

  @Test
  void perChannelHandComputed() {
    // Channels along dimension 1: scales [0.5, 2], zero points [0, 1].
    QuantizationSpec q = QuantizationSpec.perChannel(new float[] {0.5f, 2f}, new long[] {0, 1},
        1);
    byte[] model = dequantizeInput(TensorType.INT8, new int[] {2, 2}, q);
    float[] out = OpModel.toFloats(OpModel.run(model, new byte[] {2, -4, 3, 1})[0]);
    assertThat(out).containsExactly(1f, -10f, 1.5f, 0f);
  }

  @Test
  void perTensorHandComputed() {
    byte[] model = dequantizeInput(TensorType.UINT8, new int[] {3},
        QuantizationSpec.perTensor(0.25f, 128));
    float[] out = OpModel.toFloats(OpModel.run(model, new byte[] {(byte) 128, (byte) 255, 0})[0]);
    assertThat(out).containsExactly(0f, 31.75f, -32f);
    byte[] constant = dequantizeConstant(TensorType.INT16, new int[] {2},
        OpModel.shorts((short) -300, (short) 7), QuantizationSpec.perTensor(0.5f, 0));
    assertThat(OpModel.toFloats(OpModel.run(constant, OpModel.floats(0))[0]))
        .containsExactly(-150f, 3.5f);
  }

  @Test
  void emptyInputGivesEmptyOutput() {
    byte[] model = dequantizeInput(TensorType.INT8, new int[] {2, 0},
        QuantizationSpec.perChannel(new float[] {1, 2}, new long[] {0, 0}, 0));
    assertThat(OpModel.outputShape(model, 0, new byte[0])).containsExactly(2, 0);
  }

  @Test
  void rejectsQuantizedTypesWithoutParameters() {
    OpModel.assertRejected(dequantizeInput(TensorType.INT8, new int[] {2}, null), "DEQUANTIZE",
        "INT8 input (tensor 0) has no quantization parameters");
  }

  @Test
  void rejectsScalesThatDoNotMatchTheChannels() {
    // The loader rejects such a model; the kernel rejects an input resized to such a shape.
    OpModel.assertRejected(dequantizeInput(TensorType.INT8, new int[] {3, 2},
        QuantizationSpec.perChannel(new float[] {1, 2}, new long[] {0, 0}, 0)),
        "2 per-channel scales but dimension 0 has 3");
    byte[] model = dequantizeInput(TensorType.INT8, new int[] {2, 3},
        QuantizationSpec.perChannel(new float[] {1, 2}, new long[] {0, 0}, 0));
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      interpreter.resizeInput(0, new int[] {4, 3});
      assertThatThrownBy(interpreter::allocateTensors).isInstanceOf(InvalidModelException.class)
          .hasMessageContaining("DEQUANTIZE")
          .hasMessageContaining("2 scales for dimension 0 of size 4");
      interpreter.resizeInput(0, new int[] {});
      assertThatThrownBy(interpreter::allocateTensors).isInstanceOf(InvalidModelException.class)
          .hasMessageContaining("quantized dimension 0 is out of range for the input's shape []");
    }
  }

  @Test
  void perChannelInt16IsSupported() {
    QuantizationSpec q = QuantizationSpec.perChannel(new float[] {0.5f, 0.25f}, new long[] {0, 0},
        0);
    byte[] model = dequantizeInput(TensorType.INT16, new int[] {2, 2}, q);
    float[] out = OpModel.toFloats(OpModel.run(model, OpModel.shorts((short) 1000, (short) -2,
        (short) 8, (short) -32768))[0]);
    assertThat(out).containsExactly(500f, -1f, 2f, -8192f);
  }

  @Test
  void rejectsOtherTypes() {
    OpModel.assertRejected(dequantizeInput(TensorType.FLOAT32, new int[] {2}, null), "DEQUANTIZE",
        "has type FLOAT32");
    OpModel m = new OpModel();
    int in = m.input(TensorType.FLOAT16, 2);
    int out = m.output(TensorType.FLOAT16, 2);
    m.op(OperatorSpec.builtin(BuiltinOperator.DEQUANTIZE).inputs(in).outputs(out).build());
    OpModel.assertRejected(m.build(), "output", "has type FLOAT16, expected FLOAT32");
  }
}
