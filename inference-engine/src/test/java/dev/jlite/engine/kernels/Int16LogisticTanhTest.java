package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Int16LogisticTanhTest {
  private static final float POT_12 = 1f / 4096;

  private static byte[] model(int op, float inScale, float outScale) {
    return QuantizedActivationTest.activation(op, TensorType.INT16,
        QuantizationSpec.perTensor(inScale, 0), QuantizationSpec.perTensor(outScale, 0), null,
        256, 256);
  }

  /** Every int16 value, little-endian, in a 256 x 256 tensor. */
  private static byte[] everyShort() {
    byte[] v = new byte[2 * 65536];
    for (int i = 0; i < 65536; i++) {
      v[2 * i] = (byte) i;
      v[2 * i + 1] = (byte) (i >> 8);
    }
    return v;
  }

  static Stream<Arguments> scales() {
    List<Arguments> cases = new ArrayList<>();
    // Power-of-two scales (the optimized path for 2^-12, and 2^-11 on TANH), one within
    // TFLite's 1e-3 log2 tolerance of 2^-12, and general scales (the table path), including
    // large ones whose rescaled input overflows int32 as in TFLite, and scales whose multiplier
    // truncates to 0 or leaves int32 (TFLite's optimized path again).
    float[] scales = {POT_12, 2 * POT_12, POT_12 / 2, 4 * POT_12, POT_12 * 1.0004f,
        POT_12 * 1.01f, 0.001f, 0.0003f, 1e-5f, 1e-7f, 0.1f, 0.37f, 3f, 1f / 3000, 1e6f,
        1e-15f};
    for (int op : new int[] {BuiltinOperator.LOGISTIC, BuiltinOperator.TANH}) {
      for (float scale : scales) {
        cases.add(Arguments.of(op, scale));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("scales")
  void matchesTfLiteOnEveryInput(int op, float inScale) {
    Differential.assertMatchesTfLite(model(op, inScale, 1f / 32768), everyShort());
  }

  @Test
  void handComputedValuesOnThePowerOfTwoPaths() {
    // Input scale 2^-12: 4096 is 1.0. sigmoid(0) = 0.5 is exactly 16384 / 32768; sigmoid(1) =
    // 0.7311 is 23955.6 / 32768 and tanh(1) = 0.7616 is 24956.2 / 32768, both within 10 units
    // in gemmlowp's 16-bit fixed point.
    short[] logistic = run(BuiltinOperator.LOGISTIC, POT_12, (short) 0, (short) 4096,
        (short) -4096);
    assertThat(logistic[0]).isEqualTo((short) 16384);
    assertThat((int) logistic[1]).isBetween(23946, 23966);
    assertThat(logistic[1] + logistic[2]).isBetween(32766, 32768);
    short[] tanh = run(BuiltinOperator.TANH, POT_12, (short) 0, (short) 4096, (short) -4096);
    assertThat(tanh[0]).isEqualTo((short) 0);
    assertThat((int) tanh[1]).isBetween(24946, 24966);
    assertThat(tanh[2]).isEqualTo((short) -tanh[1]);
  }

  @Test
  void handComputedValuesOnTheTablePath() {
    // Scale 1/3072 rescales by 3 * 4096 / 3072 = 4 (multiplier 16384, shift 12). Input 0 lands
    // on table entry 0 (32768 in 0.16: 16384 in Q0.15) and the extremes saturate.
    short[] logistic = run(BuiltinOperator.LOGISTIC, 1f / 3072, (short) 0, (short) 32767,
        (short) -32768);
    assertThat(logistic[0]).isEqualTo((short) 16384);
    assertThat(logistic[1]).isEqualTo((short) 32767);
    // (2^25 - (0x7FFF << 10) + 511) >> 10 = 1: the smallest positive output.
    assertThat(logistic[2]).isEqualTo((short) 1);
    short[] tanh = run(BuiltinOperator.TANH, 1f / 3072, (short) 0, (short) 32767,
        (short) -32768);
    // Entry 0 gives (32768 << 8) - 2^23 + 2^7 = 128, shifted right by 8: 0.
    assertThat(tanh[0]).isEqualTo((short) 0);
    assertThat(tanh[1]).isEqualTo((short) 32767);
    assertThat(tanh[2]).isEqualTo((short) -32767);
  }

  private static short[] run(int op, float inScale, short... values) {
    byte[] model = QuantizedActivationTest.activation(op, TensorType.INT16,
        QuantizationSpec.perTensor(inScale, 0), QuantizationSpec.perTensor(1f / 32768, 0), null,
        values.length);
    ByteBuffer out = OpModel.run(model, OpModel.shorts(values))[0];
    short[] result = new short[values.length];
    out.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(result);
    return result;
  }

  @Test
  void rejectsHostileQuantization() {
    OpModel.assertRejected(model(BuiltinOperator.LOGISTIC, POT_12, 1f / 16384),
        "int16 LOGISTIC needs output scale 2^-15");
    OpModel.assertRejected(model(BuiltinOperator.TANH, POT_12, 0.001f),
        "int16 TANH needs output scale 2^-15");
    OpModel.assertRejected(QuantizedActivationTest.activation(BuiltinOperator.TANH,
        TensorType.INT16, QuantizationSpec.perTensor(POT_12, 3),
        QuantizationSpec.perTensor(1f / 32768, 0), null, 4), "int16 TANH needs zero points 0");
    OpModel.assertRejected(model(BuiltinOperator.LOGISTIC, -POT_12, 1f / 32768),
        "input scale", "is not a positive finite number");
    OpModel.assertRejected(model(BuiltinOperator.TANH, 0f, 1f / 32768),
        "input scale 0.0 is not a positive finite number");
    OpModel.assertRejected(QuantizedActivationTest.activation(BuiltinOperator.LOGISTIC,
        TensorType.INT16, QuantizationSpec.perTensor(POT_12, 0), null, null, 4),
        "output (tensor 1, INT16) has no quantization parameters");
  }
}
