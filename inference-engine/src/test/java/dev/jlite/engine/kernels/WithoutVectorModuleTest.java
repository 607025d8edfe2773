package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Interpreter;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.Padding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The family on a JVM started without {@code jdk.incubator.vector} (or with
 * {@code -Djlite.vector=false}): the default resolver picks the scalar kernels, every operator
 * runs, and no vector kernel class (nor, without the module, any class of it) is loaded.
 */
class WithoutVectorModuleTest {
  @Test
  void runsOnScalarKernelsWithoutLoadingTheModule() throws IOException, InterruptedException {
    String output = runChild();
    assertThat(output).doesNotContain("jdk.incubator.vector")
        .contains("quantized checksum " + quantizedChecksum());
  }

  @Test
  void propertyTurnsTheVectorKernelsOff() throws IOException, InterruptedException {
    runChild("--add-modules", "jdk.incubator.vector", "-Djlite.vector=false");
  }

  private static String runChild(String... options) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-verbose:class"));
    command.addAll(List.of(options));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        Child.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("vector kernels: false").contains("all ran")
        .contains("ScalarSgemm").doesNotContain("VectorSgemm")
        .doesNotContain("VectorDepthwiseRow").contains("ScalarRequantizer")
        .doesNotContain("VectorRequantizer");
    return output;
  }

  /**
   * Runs the 8-bit edge cases of {@link QuantizedConvTest} (exact float product, requantization)
   * with every quantization there and sums their outputs: equal sums in a JVM on the scalar
   * kernels and in one on the vector kernels (checked against TFLite) say both compute the same.
   */
  static long quantizedChecksum() {
    long sum = 0;
    for (QuantizedConvTest.Quant q : QuantizedConvTest.QUANTS) {
      for (Object[] arguments : QuantizedConvTest.edgeCases().map(a -> a.get()).toList()) {
        QuantizedConvTest.Case c = (QuantizedConvTest.Case) arguments[0];
        c = new QuantizedConvTest.Case(c.op(), c.input(), c.filter(), c.padding(), c.stride(),
            c.dilation(), c.activation(), q, c.bias());
        try (Interpreter interpreter =
            new Interpreter(ByteBuffer.wrap(c.model(1, c.filterScales(1), false)))) {
          interpreter.allocateTensors();
          byte[] input = new byte[interpreter.getInputTensor(0).numElements()];
          new Random(2).nextBytes(input);
          interpreter.getInputTensor(0).copyFrom(input);
          interpreter.invoke();
          byte[] output = new byte[interpreter.getOutputTensor(0).numElements()];
          interpreter.getOutputTensor(0).copyTo(output);
          for (byte b : output) {
            sum = sum * 31 + b;
          }
        }
      }
    }
    return sum;
  }

  /** Runs one model per operator with the default resolver. */
  static final class Child {
    public static void main(String[] args) {
      System.out.println("vector kernels: " + VectorSupport.ENABLED);
      byte[][] models = {
        new Conv2DTest.Case(new int[] {1, 6, 6, 4}, new int[] {8, 3, 3, 4}, Padding.SAME, 1, 1,
            1, 1, ActivationFunctionType.RELU, true, true).model(1, false),
        new DepthwiseConv2DTest.Case(new int[] {1, 6, 6, 16}, 3, 3, 1, Padding.SAME, 1, 1, 1, 1,
            ActivationFunctionType.NONE, true, true).model(2, false),
        new FullyConnectedTest.Case(new int[] {2, 9}, 5, 9, false, ActivationFunctionType.NONE,
            true, true).model(3),
        new BatchMatMulTest.Case(new int[] {2, 3, 4}, new int[] {4, 5}, false, false, true)
            .model(4),
        new TransposeConvTest.Case(new int[] {1, 3, 3, 4}, new int[] {2, 3, 3, 4}, 6, 6,
            Padding.SAME, 2, 2, ActivationFunctionType.NONE, true, true).model(5),
      };
      for (byte[] model : models) {
        try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(model))) {
          interpreter.allocateTensors();
          interpreter.getInputTensor(0).copyFrom(ConvTesting.random(new Random(1),
              interpreter.getInputTensor(0).numElements()));
          interpreter.invoke();
        }
      }
      System.out.println("quantized checksum " + quantizedChecksum());
      System.out.println("all ran");
    }
  }
}
