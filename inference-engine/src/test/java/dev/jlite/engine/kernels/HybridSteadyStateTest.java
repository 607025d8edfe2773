package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.jlite.engine.Interpreter;
import dev.jlite.engine.kernels.HybridTesting.Values;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.Padding;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Once warm, the hybrid kernels allocate nothing per run (asymmetric and symmetric paths, the
 * GEMM-based and the direct ones).
 */
class HybridSteadyStateTest {
  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("FULLY_CONNECTED", new HybridFullyConnectedTest.Case(new int[] {3, 40}, 9,
            true, true, ActivationFunctionType.TANH, true, false, Values.UNIT).model(1)),
        Arguments.of("CONV_2D", new HybridConv2DTest.Case(new int[] {1, 6, 6, 3}, 4, 3, 3,
            Padding.SAME, 1, 1, HybridConv2DTest.Scales.PER_CHANNEL,
            ActivationFunctionType.RELU, Values.UNIT).model(2)),
        Arguments.of("DEPTHWISE_CONV_2D", new HybridDepthwiseConv2DTest.Case(
            new int[] {1, 6, 6, 3}, 2, 3, 3, Padding.SAME, 1, 1, ActivationFunctionType.NONE,
            Values.UNIT).model(3)),
        Arguments.of("BATCH_MATMUL", new HybridBatchMatMulTest.Case(new int[] {2}, new int[] {},
            3, 8, 5, true, false, false, true, Values.UNIT).model(4)),
        Arguments.of("UNIDIRECTIONAL_SEQUENCE_LSTM", HybridLstmTest.lstm(
            new LstmKernelsTest.Config(2, 4, 5, 6, 3, false, true, true, true, true, true, 0f,
                0f, ActivationFunctionType.TANH), 5, true, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void runsAllocateNothingAfterTheFirst(String op, byte[] model) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
      int n = interpreter.getInputTensor(0).numElements();
      interpreter.getInputTensor(0).copyFrom(ByteBuffer.wrap(
          OpModel.randomFloats(new Random(7), n, -1f, 1f)).order(ByteOrder.LITTLE_ENDIAN));
      // Vector API operations allocate until the JIT has compiled them: warm up for a while.
      long warmUntil = System.nanoTime() + 3_000_000_000L;
      while (System.nanoTime() < warmUntil) {
        interpreter.invoke();
      }
      long before = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 5; i++) {
        interpreter.invoke();
      }
      long perRun = (threads.getThreadAllocatedBytes(thread) - before) / 5;
      assertThat(perRun).as("bytes allocated per run of %s", op).isLessThan(64);
    }
  }
}
