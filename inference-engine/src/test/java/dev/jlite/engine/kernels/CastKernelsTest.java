package dev.jlite.engine.kernels;

import static dev.jlite.engine.kernels.OpModel.floats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CastKernelsTest {
  private static final byte[] TYPES = {TensorType.FLOAT32, TensorType.INT32, TensorType.INT64,
      TensorType.UINT8, TensorType.INT8, TensorType.INT16, TensorType.BOOL};

  private static final float[] SPECIAL_FLOATS = {Float.NaN, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, 1e10f, -1e10f, 300f, -300f, 255.9f, -0.9f, -0f, 128f, -129f, 2.5f,
      -2.5f, 65535.5f, 40000f, -40000f, 3e9f, -3e9f, 2147483520f, 2147483648f, -2147483648f,
      -2147483904f, 9.3e18f, -9.3e18f, 9.223372e18f, -9.223372e18f, 32767.9f, -32768.9f, 1e-30f};

  static byte[] cast(byte from, byte to, int... shape) {
    OpModel m = new OpModel();
    int in = m.input(from, shape);
    int out = m.output(to, shape);
    return m.op(OperatorSpec.builtin(BuiltinOperator.CAST).inputs(in).outputs(out).build())
        .build();
  }

  static Stream<Arguments> pairs() {
    List<Arguments> cases = new ArrayList<>();
    for (byte from : TYPES) {
      for (byte to : TYPES) {
        cases.add(Arguments.of(from, to));
      }
    }
    return cases.stream();
  }

  /** Values of the source type that reach every branch: extremes, wrap-around, out of range. */
  static byte[] specialValues(byte type) {
    return switch (type) {
      case TensorType.FLOAT32 -> floats(SPECIAL_FLOATS);
      case TensorType.INT32 -> OpModel.ints(-1, 255, 256, -129, 128, 70000, -70000,
          Integer.MIN_VALUE, Integer.MAX_VALUE, 16777217, 2, 0);
      case TensorType.INT64 -> OpModel.longs(-1, 255, 300, -129, 1L << 40, (1L << 40) + 129,
          Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1, 0, 4294967296L, 2147483648L);
      case TensorType.INT16 -> OpModel.shorts(Short.MIN_VALUE, Short.MAX_VALUE, (short) -1,
          (short) 255, (short) 256, (short) 0);
      case TensorType.BOOL -> OpModel.bools(true, false, true);
      default -> {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
          all[i] = (byte) i;
        }
        yield all;
      }
    };
  }

  static int count(byte type) {
    int width = switch (type) {
      case TensorType.INT64 -> 8;
      case TensorType.FLOAT32, TensorType.INT32 -> 4;
      case TensorType.INT16 -> 2;
      default -> 1;
    };
    return specialValues(type).length / width;
  }

  @ParameterizedTest(name = "CAST {0} to {1}")
  @MethodSource("pairs")
  void matchesTfLite(byte from, byte to) {
    for (int[] shape : new int[][] {{}, {5}, {2, 3, 4}, {1, 2, 1, 2, 3}}) {
      Differential.assertMatchesTfLite(cast(from, to, shape), from * 16L + to);
    }
    Differential.assertMatchesTfLite(cast(from, to, count(from)), specialValues(from));
  }

  @ParameterizedTest(name = "CAST FLOAT16 to {0}")
  @MethodSource("types")
  void everyHalfMatchesTfLite(byte to) {
    byte[] halves = new byte[2 * 65536];
    for (int h = 0; h < 65536; h++) {
      halves[2 * h] = (byte) h;
      halves[2 * h + 1] = (byte) (h >>> 8);
    }
    Differential.assertMatchesTfLite(cast(TensorType.FLOAT16, to, 65536), halves);
  }

  static Stream<Byte> types() {
    List<Byte> list = new ArrayList<>();
    for (byte t : TYPES) {
      list.add(t);
    }
    return list.stream();
  }

  private static ByteBuffer run(byte from, byte to, byte[] input, int n) {
    return OpModel.run(cast(from, to, n), input)[0];
  }

  @Test
  void floatToIntegerConversionsAsTfLite() {
    byte[] in = floats(Float.NaN, 300f, -2.7f, 3e9f, Float.NEGATIVE_INFINITY);
    // int32: saturating, NaN to the maximum (TFLite's range test fails for NaN).
    assertThat(OpModel.toInts(run(TensorType.FLOAT32, TensorType.INT32, in, 5)))
        .containsExactly(Integer.MAX_VALUE, 300, -2, Integer.MAX_VALUE, Integer.MIN_VALUE);
    // int16 and uint8: clamped, truncated toward zero, NaN to 0.
    ByteBuffer int16 = run(TensorType.FLOAT32, TensorType.INT16, in, 5);
    assertThat(new short[] {int16.getShort(0), int16.getShort(2), int16.getShort(4),
        int16.getShort(6), int16.getShort(8)}).containsExactly((short) 0, (short) 300, (short) -2,
        Short.MAX_VALUE, Short.MIN_VALUE);
    assertThat(OpModel.toBytes(run(TensorType.FLOAT32, TensorType.UINT8, in, 5)))
        .containsExactly(0, (byte) 255, 0, (byte) 255, 0);
    // int8: int32 truncation (x86: NaN and out-of-range give INT32_MIN), then the low byte.
    assertThat(OpModel.toBytes(run(TensorType.FLOAT32, TensorType.INT8, in, 5)))
        .containsExactly(0, 44, -2, 0, 0);
    // int64: truncation; NaN and out-of-range give INT64_MIN.
    assertThat(OpModel.toLongs(run(TensorType.FLOAT32, TensorType.INT64, in, 5)))
        .containsExactly(Long.MIN_VALUE, 300, -2, 3_000_000_000L, Long.MIN_VALUE);
    assertThat(OpModel.toBytes(run(TensorType.FLOAT32, TensorType.BOOL, in, 5)))
        .containsExactly(1, 1, 1, 1, 1);
  }

  @Test
  void integerConversionsWrapAround() {
    byte[] in = OpModel.ints(-1, 300, 70000, 0);
    assertThat(OpModel.toBytes(run(TensorType.INT32, TensorType.UINT8, in, 4)))
        .containsExactly((byte) 255, 44, 112, 0);
    assertThat(OpModel.toBytes(run(TensorType.INT32, TensorType.BOOL, in, 4)))
        .containsExactly(1, 1, 1, 0);
    assertThat(OpModel.toFloats(run(TensorType.UINT8, TensorType.FLOAT32,
        new byte[] {(byte) 200, 5}, 2))).containsExactly(200f, 5f);
    assertThat(OpModel.toInts(run(TensorType.INT64, TensorType.INT32,
        OpModel.longs(4294967297L, -1), 2))).containsExactly(1, -1);
    assertThat(OpModel.toFloats(run(TensorType.INT32, TensorType.FLOAT32,
        OpModel.ints(16777217), 1))).containsExactly(16777216f);
  }

  @Test
  void halfToIntegerIsAPlainCast() {
    // 65504 (0x7bff) fits int32; as int16 it keeps the low 16 bits: -32.
    byte[] in = OpModel.shorts((short) 0x7bff, (short) 0xc100, (short) 0x7c00);
    ByteBuffer int16 = run(TensorType.FLOAT16, TensorType.INT16, in, 3);
    assertThat(new short[] {int16.getShort(0), int16.getShort(2), int16.getShort(4)})
        .containsExactly((short) -32, (short) -2, (short) 0);
    assertThat(OpModel.toFloats(run(TensorType.FLOAT16, TensorType.FLOAT32, in, 3)))
        .containsExactly(65504f, -2.5f, Float.POSITIVE_INFINITY);
  }

  @Test
  void emptyInputGivesEmptyOutput() {
    assertThat(OpModel.outputShape(cast(TensorType.FLOAT32, TensorType.INT8, 2, 0), 0,
        new byte[0])).containsExactly(2, 0);
  }

  @Test
  void rejectsUnsupportedTypes() {
    OpModel.assertRejected(cast(TensorType.FLOAT32, TensorType.FLOAT16, 2), "CAST", "output",
        "has type FLOAT16");
    OpModel.assertRejected(cast(TensorType.FLOAT64, TensorType.FLOAT32, 2), "CAST", "input",
        "has type FLOAT64");
    OpModel.assertRejected(cast(TensorType.INT32, TensorType.UINT32, 2), "has type UINT32");
  }
}
