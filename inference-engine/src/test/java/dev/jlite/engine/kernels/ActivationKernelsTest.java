package dev.jlite.engine.kernels;

import static dev.jlite.engine.kernels.OpModel.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.engine.Differential;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.GeluOptions;
import dev.jlite.schema.model.LeakyReluOptions;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationKernelsTest {
  private static final int[][] SHAPES = {{}, {7}, {2, 3}, {1, 2, 3, 4}, {2, 1, 3, 2, 2}};

  /** An activation operator with its options, e.g. LEAKY_RELU with one alpha. */
  private record Act(String name, int code, byte optionsType, float alpha, boolean approximate) {
    static Act of(String name, int code) {
      return new Act(name, code, (byte) 0, 0, false);
    }

    static Act leaky(float alpha) {
      return new Act("LEAKY_RELU alpha " + alpha, BuiltinOperator.LEAKY_RELU,
          BuiltinOptions.LeakyReluOptions, alpha, false);
    }

    static Act gelu(boolean approximate) {
      return new Act("GELU approximate " + approximate, BuiltinOperator.GELU,
          BuiltinOptions.GeluOptions, 0, approximate);
    }

    byte[] model(int... shape) {
      OpModel m = new OpModel();
      int in = m.input(TensorType.FLOAT32, shape);
      int out = m.output(TensorType.FLOAT32, shape);
      OperatorSpec.Builder op = OperatorSpec.builtin(code).inputs(in).outputs(out);
      if (optionsType == BuiltinOptions.LeakyReluOptions) {
        op.options(optionsType, fbb -> LeakyReluOptions.createLeakyReluOptions(fbb, alpha));
      } else if (optionsType == BuiltinOptions.GeluOptions) {
        op.options(optionsType, fbb -> GeluOptions.createGeluOptions(fbb, approximate));
      }
      return m.op(op.build()).build();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final Act[] ACTS = {
      Act.of("RELU", BuiltinOperator.RELU),
      Act.of("RELU6", BuiltinOperator.RELU6),
      Act.of("RELU_N1_TO_1", BuiltinOperator.RELU_N1_TO_1),
      Act.of("RELU_0_TO_1", BuiltinOperator.RELU_0_TO_1),
      Act.leaky(0.2f), Act.leaky(-0.5f), Act.leaky(1.5f),
      Act.of("LEAKY_RELU without options", BuiltinOperator.LEAKY_RELU),
      Act.of("ELU", BuiltinOperator.ELU),
      Act.of("HARD_SWISH", BuiltinOperator.HARD_SWISH),
      Act.gelu(false), Act.gelu(true),
      Act.of("GELU without options", BuiltinOperator.GELU),
      Act.of("LOGISTIC", BuiltinOperator.LOGISTIC),
      Act.of("TANH", BuiltinOperator.TANH)};

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Act act : ACTS) {
      for (int[] shape : SHAPES) {
        cases.add(Arguments.of(act, shape));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void matchesTfLite(Act act, int[] shape) {
    byte[] model = act.model(shape);
    Differential.assertMatchesTfLite(model, shape.length);
    Random random = new Random(shape.length);
    int n = OpModel.elements(shape);
    Differential.assertMatchesTfLite(model, OpModel.randomFloats(random, n, -10, 10));
    Differential.assertMatchesTfLite(model, OpModel.randomFloats(random, n, -40, 40));
  }

  @Test
  void specialValuesMatchTfLite() {
    float[] special = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -3f, 3f, 6f,
        -1f, 1f, -9f, -9.5f, 16.6f, 16.7f, -88f, 88f, -100f, 100f, -1e30f, 1e30f, 1e-20f};
    for (Act act : ACTS) {
      Differential.assertMatchesTfLite(act.model(special.length), floats(special));
    }
  }

  @Test
  void emptyTensorsGiveEmptyOutputs() {
    for (Act act : ACTS) {
      assertThat(OpModel.outputShape(act.model(3, 0), 0, new byte[0])).containsExactly(3, 0);
    }
  }

  private static float[] run(Act act, float... x) {
    return OpModel.toFloats(OpModel.run(act.model(x.length), floats(x))[0]);
  }

  @Test
  void handComputedValues() {
    assertThat(run(Act.of("RELU", BuiltinOperator.RELU), -1f, 0f, 2.5f))
        .containsExactly(0f, 0f, 2.5f);
    assertThat(run(Act.of("RELU6", BuiltinOperator.RELU6), -1f, 3f, 7f))
        .containsExactly(0f, 3f, 6f);
    assertThat(run(Act.of("RELU_N1_TO_1", BuiltinOperator.RELU_N1_TO_1), -2f, 0.5f, 2f))
        .containsExactly(-1f, 0.5f, 1f);
    assertThat(run(Act.of("RELU_0_TO_1", BuiltinOperator.RELU_0_TO_1), -2f, 0.5f, 2f))
        .containsExactly(0f, 0.5f, 1f);
    assertThat(run(Act.leaky(0.25f), -2f, 3f)).containsExactly(-0.5f, 3f);
    assertThat(run(Act.leaky(-1f), -2f, 3f)).containsExactly(2f, 3f);
    // -4 * 0 / 6 is -0, as in IEEE arithmetic and TFLite.
    assertThat(run(Act.of("HARD_SWISH", BuiltinOperator.HARD_SWISH), -4f, 1f, 4f))
        .containsExactly(-0f, 4f / 6f, 4f);
    float[] elu = run(Act.of("ELU", BuiltinOperator.ELU), -1f, 2f);
    assertThat(elu[0]).isCloseTo((float) (Math.exp(-1) - 1), within(1e-7f));
    assertThat(elu[1]).isEqualTo(2f);
    // GELU(x) = x * Phi(x): Phi(1) = 0.841344746..., Phi(-1) = 0.158655253...
    float[] gelu = run(Act.gelu(false), 1f, -1f, 0f);
    assertThat(gelu[0]).isCloseTo(0.8413447f, within(1e-6f));
    assertThat(gelu[1]).isCloseTo(-0.15865525f, within(1e-6f));
    assertThat(gelu[2]).isZero();
    // 0.5 * (1 + tanh(sqrt(2/pi) * 1.044715)) = 0.841191990...
    assertThat(run(Act.gelu(true), 1f)[0]).isCloseTo(0.84119199f, within(1e-6f));
    float[] logistic = run(Act.of("LOGISTIC", BuiltinOperator.LOGISTIC), 0f, 2f, -100f);
    assertThat(logistic[0]).isEqualTo(0.5f);
    assertThat(logistic[1]).isCloseTo(0.88079708f, within(1e-7f));
    assertThat(logistic[2]).isCloseTo(0f, within(1e-40f));
    assertThat(run(Act.of("TANH", BuiltinOperator.TANH), 0.5f)[0])
        .isCloseTo(0.46211716f, within(1e-7f));
  }

  @Test
  void erfcIsAccurateOverTheWholeRange() {
    // erfc(0) = 1, erfc(1) = 0.157299207..., erfc(-2) = 1.995322265..., erfc(5) = 1.5375e-12.
    assertThat(ActivationKernels.erfc(0)).isCloseTo(1, within(2e-7));
    assertThat(ActivationKernels.erfc(1)).isCloseTo(0.1572992070502851, within(2e-8));
    assertThat(ActivationKernels.erfc(-2)).isCloseTo(1.9953222650189527, within(3e-7));
    assertThat(ActivationKernels.erfc(5) / 1.5374597944280349e-12).isCloseTo(1, within(2e-7));
  }

  static byte[] prelu(int[] in, int[] alpha, boolean constantAlpha, byte type) {
    OpModel m = new OpModel();
    int x = m.input(type, in);
    int a = constantAlpha
        ? m.constant(type, alpha, OpModel.randomFloats(new Random(alpha.length),
            OpModel.elements(alpha), -2, 2))
        : m.input(type, alpha);
    int out = m.output(type, in);
    return m.op(OperatorSpec.builtin(BuiltinOperator.PRELU).inputs(x, a).outputs(out).build())
        .build();
  }

  static Stream<Arguments> preluShapes() {
    return Stream.of(
        Arguments.of(new int[] {1, 4, 4, 3}, new int[] {3}),
        Arguments.of(new int[] {1, 4, 4, 3}, new int[] {1, 1, 3}),
        Arguments.of(new int[] {2, 4, 4, 3}, new int[] {4, 1, 3}),
        Arguments.of(new int[] {2, 4, 4, 3}, new int[] {2, 4, 4, 3}),
        Arguments.of(new int[] {2, 3}, new int[] {2, 1}),
        Arguments.of(new int[] {2, 3}, new int[] {}),
        Arguments.of(new int[] {5}, new int[] {5}),
        Arguments.of(new int[] {}, new int[] {}));
  }

  @ParameterizedTest(name = "PRELU {0} alpha {1}")
  @MethodSource("preluShapes")
  void preluMatchesTfLite(int[] in, int[] alpha) {
    Differential.assertMatchesTfLite(prelu(in, alpha, true, TensorType.FLOAT32), 3);
    Differential.assertMatchesTfLite(prelu(in, alpha, false, TensorType.FLOAT32), 4);
  }

  @Test
  void preluHandComputed() {
    byte[] model = prelu(new int[] {2, 2}, new int[] {2}, false, TensorType.FLOAT32);
    float[] y = OpModel.toFloats(OpModel.run(model, floats(-1, -2, 3, -4), floats(0.5f, -1))[0]);
    assertThat(y).containsExactly(-0.5f, 2f, 3f, 4f);
  }

  @Test
  void preluOnRankFiveBroadcasts() {
    byte[] model = prelu(new int[] {2, 1, 1, 1, 2}, new int[] {2, 1, 1, 1, 1}, false,
        TensorType.FLOAT32);
    float[] y = OpModel.toFloats(OpModel.run(model, floats(-1, 1, -1, -2), floats(2, 3))[0]);
    assertThat(y).containsExactly(-2f, 1f, -3f, -6f);
  }

  @Test
  void rejectsAlphaThatGrowsTheInput() {
    OpModel.assertRejected(prelu(new int[] {1, 4, 3}, new int[] {2, 4, 3}, false,
        TensorType.FLOAT32), "PRELU", "must keep the input's shape");
    OpModel.assertRejected(prelu(new int[] {1, 4, 3}, new int[] {2}, false, TensorType.FLOAT32),
        "cannot be broadcast together");
  }

  @Test
  void rejectsNonFloatTypes() {
    OpModel.assertRejected(prelu(new int[] {2}, new int[] {2}, false, TensorType.INT32),
        "PRELU", "has type INT32");
    OpModel m = new OpModel();
    int in = m.input(TensorType.INT32, 2);
    int out = m.output(TensorType.INT32, 2);
    m.op(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(in).outputs(out).build());
    OpModel.assertRejected(m.build(), "RELU", "has type INT32, expected [FLOAT32, UINT8, INT8, INT16]");
    m = new OpModel();
    in = m.input(TensorType.FLOAT32, 2);
    out = m.output(TensorType.FLOAT32, 2);
    m.op(OperatorSpec.builtin(BuiltinOperator.GELU).inputs(in).outputs(out)
        .options(BuiltinOptions.LeakyReluOptions,
            fbb -> LeakyReluOptions.createLeakyReluOptions(fbb, 1f)).build());
    OpModel.assertRejected(m.buildUnverified(), "GELU", "carries LeakyReluOptions");
  }
}
