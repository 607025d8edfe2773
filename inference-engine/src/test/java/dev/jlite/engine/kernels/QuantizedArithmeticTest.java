package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.AddOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.MulOptions;
import dev.jlite.schema.model.SubOptions;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuantizedArithmeticTest {
  private static final int[][][] SHAPES = {
      {{2, 3, 4}, {2, 3, 4}},
      {{2, 3, 4}, {4}},
      {{1, 3, 1}, {2, 1, 5}},
      {{7}, {}},
      {{}, {2, 5}},
      {{2, 1, 3, 4}, {1, 2, 1, 4}},
      {{3, 1}, {1, 3}},
      {{2, 1, 3, 1, 2}, {1, 2, 1, 4, 1}},
  };

  private static final byte[] ACTIVATIONS = {ActivationFunctionType.NONE,
      ActivationFunctionType.RELU, ActivationFunctionType.RELU6,
      ActivationFunctionType.RELU_N1_TO_1};

  /** Scales and zero points of input 1, input 2 and output; ratios above and below 1. */
  private static final float[][] SCALES = {
      {0.05f, 0.05f, 0.1f}, {0.02f, 0.3f, 0.07f}, {0.5f, 0.01f, 0.004f},
      {0.0039215686f, 0.0078431373f, 0.011764706f}, {1.5f, 0.75f, 0.01f}};

  static Stream<Arguments> eightBit() {
    List<Arguments> cases = new ArrayList<>();
    int[] ops = {BuiltinOperator.ADD, BuiltinOperator.SUB, BuiltinOperator.MUL};
    for (int op : ops) {
      for (byte type : new byte[] {TensorType.UINT8, TensorType.INT8}) {
        for (int s = 0; s < SCALES.length; s++) {
          cases.add(Arguments.of(op, type, s));
        }
      }
    }
    return cases.stream();
  }

  static byte[] binary(int op, byte type, int[] shapeA, int[] shapeB, int[] shapeOut,
      QuantizationSpec qa, QuantizationSpec qb, QuantizationSpec qo, byte activation,
      boolean withOptions, boolean potScaleInt16) {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int a = g.addTensor(spec("a", type, shapeA, qa));
    int b = g.addTensor(spec("b", type, shapeB, qb));
    int out = g.addTensor(spec("out", type, shapeOut, qo));
    OperatorSpec.Builder o = OperatorSpec.builtin(op).inputs(a, b).outputs(out);
    if (withOptions) {
      switch (op) {
        case BuiltinOperator.ADD -> o.options(BuiltinOptions.AddOptions,
            fbb -> AddOptions.createAddOptions(fbb, activation, potScaleInt16));
        case BuiltinOperator.SUB -> o.options(BuiltinOptions.SubOptions,
            fbb -> SubOptions.createSubOptions(fbb, activation, potScaleInt16));
        default -> o.options(BuiltinOptions.MulOptions,
            fbb -> MulOptions.createMulOptions(fbb, activation));
      }
    }
    g.addOperator(o.build());
    g.inputs(a, b).outputs(out);
    return m.buildUnverified();
  }

  private static TensorSpec spec(String name, byte type, int[] shape, QuantizationSpec q) {
    TensorSpec.Builder t = TensorSpec.builder(name, type, shape);
    return (q == null ? t : t.quantization(q)).build();
  }

  private static int[] broadcastShape(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
      int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
      out[i] = Math.max(da, db);
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("eightBit")
  void eightBitMatchesTfLiteOverShapesActivationsAndZeroPoints(int op, byte type, int scales) {
    float[] s = SCALES[scales];
    int lo = type == TensorType.UINT8 ? 0 : -128;
    long[][] zeroPoints = {{lo + 128, lo + 128, lo + 128}, {lo, lo + 255, lo + 3},
        {lo + 200, lo + 17, lo + 255}};
    int k = 0;
    for (int[][] shapes : SHAPES) {
      for (byte activation : ACTIVATIONS) {
        long[] z = zeroPoints[k % zeroPoints.length];
        byte[] model = binary(op, type, shapes[0], shapes[1],
            broadcastShape(shapes[0], shapes[1]), QuantizationSpec.perTensor(s[0], z[0]),
            QuantizationSpec.perTensor(s[1], z[1]), QuantizationSpec.perTensor(s[2], z[2]),
            activation, true, true);
        Differential.assertMatchesTfLite(model, k++);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("int16Cases")
  void int16GeneralScalesMatchTfLite(int op, float s1, float s2, float so, long z1, long z2,
      long zo, boolean pot) {
    int k = 0;
    for (int[][] shapes : SHAPES) {
      if (shapes[0].length > 4 || shapes[1].length > 4) {
        continue;
      }
      for (byte activation : ACTIVATIONS) {
        byte[] model = binary(op, TensorType.INT16, shapes[0], shapes[1],
            broadcastShape(shapes[0], shapes[1]), QuantizationSpec.perTensor(s1, z1),
            QuantizationSpec.perTensor(s2, z2), QuantizationSpec.perTensor(so, zo), activation,
            true, pot);
        Differential.assertMatchesTfLite(model, 100 + k++);
      }
    }
  }

  static Stream<Arguments> int16Cases() {
    List<Arguments> cases = new ArrayList<>();
    for (int op : new int[] {BuiltinOperator.ADD, BuiltinOperator.SUB, BuiltinOperator.MUL}) {
      cases.add(Arguments.of(op, 0.001f, 0.002f, 0.003f, 0L, 0L, 0L, true));
      cases.add(Arguments.of(op, 1f / 1024, 1f / 512, 1f / 256, 0L, 0L, 0L, false));
      cases.add(Arguments.of(op, 0.0004f, 0.00007f, 0.00002f, 0L, 0L, 0L, true));
      cases.add(Arguments.of(op, 0.5f, 0.25f, 0.0001f, 0L, 0L, 0L, false));
    }
    return cases.stream();
  }

  /** The shift-only int16 path: zero points 0, power-of-two scales, pot_scale_int16 set. */
  @ParameterizedTest
  @MethodSource("potCases")
  void int16PowerOfTwoScalesMatchTfLite(int op, float s1, float s2, float so, byte activation) {
    int[] shape = {2, 3, 8};
    byte[] model = binary(op, TensorType.INT16, shape, shape, shape,
        QuantizationSpec.perTensor(s1, 0), QuantizationSpec.perTensor(s2, 0),
        QuantizationSpec.perTensor(so, 0), activation, true, true);
    Differential.assertMatchesTfLite(model, op);
    if (op == BuiltinOperator.SUB) {
      byte[] broadcast = binary(op, TensorType.INT16, shape, new int[] {8}, shape,
          QuantizationSpec.perTensor(s1, 0), QuantizationSpec.perTensor(s2, 0),
          QuantizationSpec.perTensor(so, 0), activation, true, true);
      Differential.assertMatchesTfLite(broadcast, 7);
    }
  }

  static Stream<Arguments> potCases() {
    List<Arguments> cases = new ArrayList<>();
    float[][] scales = {{1f / 4096, 1f / 4096, 1f / 4096}, {1f / 32768, 1f / 4096, 1f / 4096},
        {1f / 4096, 1f / 65536, 1f / 4096}, {1f / 8, 1f, 1f}, {1f / (1 << 20), 1f, 1f}};
    for (int op : new int[] {BuiltinOperator.ADD, BuiltinOperator.SUB}) {
      for (float[] s : scales) {
        for (byte activation : ACTIVATIONS) {
          cases.add(Arguments.of(op, s[0], s[1], s[2], activation));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("extremumCases")
  void maximumAndMinimumCompareStoredValuesAsTfLite(int op, byte type) {
    QuantizationSpec q = QuantizationSpec.perTensor(0.1f,
        type == TensorType.UINT8 ? 128 : 0);
    int k = 0;
    for (int[][] shapes : SHAPES) {
      byte[] model = binary(op, type, shapes[0], shapes[1], broadcastShape(shapes[0], shapes[1]),
          q, q, q, ActivationFunctionType.NONE, false, false);
      Differential.assertMatchesTfLite(model, 40 + k++);
    }
  }

  static Stream<Arguments> extremumCases() {
    List<Arguments> cases = new ArrayList<>();
    for (int op : new int[] {BuiltinOperator.MAXIMUM, BuiltinOperator.MINIMUM}) {
      for (byte type : new byte[] {TensorType.UINT8, TensorType.INT8, TensorType.INT16}) {
        cases.add(Arguments.of(op, type));
      }
    }
    return cases.stream();
  }

  @Test
  void maximumOfUint8ComparesUnsignedByHand() {
    QuantizationSpec q = QuantizationSpec.perTensor(1f, 0);
    int[] shape = {3};
    byte[] model = binary(BuiltinOperator.MAXIMUM, TensorType.UINT8, shape, shape, shape, q, q, q,
        ActivationFunctionType.NONE, false, false);
    ByteBuffer out = OpModel.run(model, new byte[] {(byte) 200, 5, 0},
        new byte[] {100, (byte) 129, 0})[0];
    assertThat(OpModel.toBytes(out)).containsExactly((byte) 200, (byte) 129, 0);
  }

  @Test
  void eightBitMatchesTfLiteOnEveryInputPair() {
    byte[] a = new byte[256 * 256];
    byte[] b = new byte[256 * 256];
    for (int i = 0; i < a.length; i++) {
      a[i] = (byte) (i >> 8);
      b[i] = (byte) i;
    }
    int[] shape = {256, 256};
    for (int op : new int[] {BuiltinOperator.ADD, BuiltinOperator.SUB, BuiltinOperator.MUL}) {
      for (byte type : new byte[] {TensorType.UINT8, TensorType.INT8}) {
        long z = type == TensorType.UINT8 ? 131 : 3;
        byte[] model = binary(op, type, shape, shape, shape, QuantizationSpec.perTensor(0.013f, z),
            QuantizationSpec.perTensor(0.0071f, z - 60), QuantizationSpec.perTensor(0.019f, z - 1),
            ActivationFunctionType.NONE, true, true);
        Differential.assertMatchesTfLite(model, a, b);
      }
    }
  }

  /**
   * Scales whose product rounds differently in float and in double: 67 * 115 maps to 164 with the
   * multiplier computed in double and to 163 in float (TFLite's choice).
   */
  @Test
  void mulMultiplierPrecisionMatchesTfLite() {
    float[] scales = {0.07182111591100693f, 0.02646879106760025f, 0.089594766497612f};
    for (byte type : new byte[] {TensorType.UINT8, TensorType.INT8}) {
      int[] shape = {1};
      byte[] model = binary(BuiltinOperator.MUL, type, shape, shape, shape,
          QuantizationSpec.perTensor(scales[0], 0), QuantizationSpec.perTensor(scales[1], 0),
          QuantizationSpec.perTensor(scales[2], type == TensorType.UINT8 ? 0 : -128),
          ActivationFunctionType.NONE, true, true);
      Differential.assertMatchesTfLite(model, new byte[] {67}, new byte[] {115});
    }
  }

  @Test
  void absentOptionsMeanNoActivationAndGeneralInt16() {
    int[] shape = {4, 5};
    for (int op : new int[] {BuiltinOperator.ADD, BuiltinOperator.SUB, BuiltinOperator.MUL}) {
      Differential.assertMatchesTfLite(binary(op, TensorType.INT16, shape, shape, shape,
          QuantizationSpec.perTensor(1f / 1024, 0), QuantizationSpec.perTensor(1f / 256, 0),
          QuantizationSpec.perTensor(1f / 1024, 0), ActivationFunctionType.NONE, false, false), 5);
      Differential.assertMatchesTfLite(binary(op, TensorType.INT8, shape, shape, shape,
          QuantizationSpec.perTensor(0.1f, 1), QuantizationSpec.perTensor(0.2f, -5),
          QuantizationSpec.perTensor(0.3f, 7), ActivationFunctionType.NONE, false, false), 6);
    }
  }

  @Test
  void addsAndMultipliesSmallUint8ValuesByHand() {
    // Reals 0.5 * (q - 10): inputs 1.0, 2.5 and 3.0, 0.5 -> sum 4.0, 3.0 -> q = 18, 16.
    QuantizationSpec q = QuantizationSpec.perTensor(0.5f, 10);
    int[] shape = {2};
    byte[] add = binary(BuiltinOperator.ADD, TensorType.UINT8, shape, shape, shape, q, q, q,
        ActivationFunctionType.NONE, true, true);
    ByteBuffer sum = OpModel.run(add, new byte[] {12, 15}, new byte[] {16, 11})[0];
    assertThat(OpModel.toBytes(sum)).containsExactly(18, 16);
    // Products 3.0 and 1.25 -> q = 16 and 12.5 rounded half away -> 13.
    byte[] mul = binary(BuiltinOperator.MUL, TensorType.UINT8, shape, shape, shape, q, q, q,
        ActivationFunctionType.NONE, true, true);
    ByteBuffer product = OpModel.run(mul, new byte[] {12, 15}, new byte[] {16, 11})[0];
    assertThat(OpModel.toBytes(product)).containsExactly(16, 13);
    // 1.0 - 3.0 = -2.0 -> q = 6, clamped to the RELU floor at the zero point 10; 2.5 - 0.5 -> 14.
    byte[] sub = binary(BuiltinOperator.SUB, TensorType.UINT8, shape, shape, shape, q, q, q,
        ActivationFunctionType.RELU, true, true);
    ByteBuffer difference = OpModel.run(sub, new byte[] {12, 15}, new byte[] {16, 11})[0];
    assertThat(OpModel.toBytes(difference)).containsExactly(10, 14);
  }

  @Test
  void rejectsHostileQuantization() {
    int[] shape = {2};
    QuantizationSpec ok = QuantizationSpec.perTensor(0.1f, 0);
    OpModel.assertRejected(binary(BuiltinOperator.ADD, TensorType.INT8, shape, shape, shape,
        QuantizationSpec.perTensor(0f, 0), ok, ok, ActivationFunctionType.NONE, true, true),
        "operator 0 (ADD)", "input 0 scale 0.0 is not a positive finite number");
    OpModel.assertRejected(binary(BuiltinOperator.SUB, TensorType.INT8, shape, shape, shape, ok,
        QuantizationSpec.perTensor(Float.NaN, 0), ok, ActivationFunctionType.NONE, true, true),
        "input 1 scale NaN is not a positive finite number");
    OpModel.assertRejected(binary(BuiltinOperator.MUL, TensorType.UINT8, shape, shape, shape, ok,
        ok, QuantizationSpec.perTensor(Float.POSITIVE_INFINITY, 0), ActivationFunctionType.NONE,
        true, true), "output scale Infinity is not a positive finite number");
    OpModel.assertRejected(binary(BuiltinOperator.MUL, TensorType.UINT8, shape, shape, shape, ok,
        ok, QuantizationSpec.perTensor(-1f, 0), ActivationFunctionType.NONE, true, true),
        "output scale -1.0 is not a positive finite number");
    OpModel.assertRejected(binary(BuiltinOperator.ADD, TensorType.UINT8, shape, shape, shape,
        QuantizationSpec.perTensor(0.1f, 256), ok, ok, ActivationFunctionType.NONE, true, true),
        "input 0 zero point 256 is outside UINT8 [0, 255]");
    OpModel.assertRejected(binary(BuiltinOperator.ADD, TensorType.INT8, shape, shape, shape, ok,
        ok, QuantizationSpec.perTensor(0.1f, -129), ActivationFunctionType.NONE, true, true),
        "output zero point -129 is outside INT8 [-128, 127]");
    OpModel.assertRejected(binary(BuiltinOperator.ADD, TensorType.INT8, shape, shape, shape, ok,
        null, ok, ActivationFunctionType.NONE, true, true),
        "input 1 (tensor 1, INT8) has no quantization parameters");
    OpModel.assertRejected(binary(BuiltinOperator.MUL, TensorType.INT8, shape, shape, shape,
        QuantizationSpec.perChannel(new float[] {0.1f, 0.2f}, new long[] {0, 0}, 0), ok, ok,
        ActivationFunctionType.NONE, true, true),
        "input 0 (tensor 0) must be quantized per tensor");
    OpModel.assertRejected(binary(BuiltinOperator.MUL, TensorType.INT16, shape, shape, shape,
        QuantizationSpec.perTensor(0.1f, 3), ok, ok, ActivationFunctionType.NONE, true, true),
        "int16 MUL needs zero points 0, got 3, 0 and 0");
    OpModel.assertRejected(binary(BuiltinOperator.DIV, TensorType.INT8, shape, shape, shape,
        ok, ok, ok, ActivationFunctionType.NONE, false, false), "DIV on INT8 is not supported");
  }

  /** An output scale far below the inputs' makes multipliers above 1: legal, and saturating. */
  @Test
  void acceptsOutputMultipliersAboveOne() {
    int[] shape = {3};
    QuantizationSpec in = QuantizationSpec.perTensor(1f, 0);
    QuantizationSpec out = QuantizationSpec.perTensor(1e-6f, 0);
    for (int op : new int[] {BuiltinOperator.ADD, BuiltinOperator.SUB, BuiltinOperator.MUL}) {
      byte[] model = binary(op, TensorType.INT8, shape, shape, shape, in, in, out,
          ActivationFunctionType.NONE, true, true);
      byte[] result = OpModel.toBytes(OpModel.run(model, new byte[] {1, 0, -3},
          new byte[] {1, 0, 2})[0]);
      // 1 op 1 and 0 op 0 and -3 op 2, times 10^6, saturated to int8.
      byte expectedFirst = (byte) (op == BuiltinOperator.SUB ? 0 : 127);
      byte expectedLast = -128;
      assertThat(result).containsExactly(expectedFirst, 0, expectedLast);
    }
  }

  @Test
  void rejectsActivationBoundsOverflowingInt32() {
    int[] shape = {2};
    QuantizationSpec q = QuantizationSpec.perTensor(1e-30f, 0);
    OpModel.assertRejected(binary(BuiltinOperator.ADD, TensorType.INT8, shape, shape, shape, q,
        q, q, ActivationFunctionType.RELU6, true, true),
        "fused activation bound 6.0 overflows int32 at output scale 1.0E-30");
  }

  @Test
  void rejectsPowerOfTwoInt16CasesTfLiteCannotRun() {
    int[] shape = {2, 4};
    QuantizationSpec out = QuantizationSpec.perTensor(1f / 4096, 0);
    OpModel.assertRejected(binary(BuiltinOperator.ADD, TensorType.INT16, shape, new int[] {4},
        shape, out, out, out, ActivationFunctionType.NONE, true, true),
        "power-of-two int16 ADD does not broadcast");
    OpModel.assertRejected(binary(BuiltinOperator.SUB, TensorType.INT16, shape, shape, shape,
        QuantizationSpec.perTensor(1f / 8192, 0), QuantizationSpec.perTensor(1f / 8192, 0), out,
        ActivationFunctionType.NONE, true, true), "can rescale only one input");
    OpModel.assertRejected(binary(BuiltinOperator.ADD, TensorType.INT16, shape, shape, shape,
        QuantizationSpec.perTensor(1f / 1024, 0), out, out, ActivationFunctionType.NONE, true,
        true), "needs input scales between the output scale and 2^-31 of it");
  }
}
