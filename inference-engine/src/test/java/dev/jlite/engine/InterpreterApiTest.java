package dev.jlite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Resolvers, custom kernels, profiling, resizing rules and the interpreter's lifecycle. */
class InterpreterApiTest {
  /** y = RELU(Custom(x)) with x of shape [n, 3], batch dimension dynamic in the signature. */
  private static byte[] customThenRelu(String customName) {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int x = g.addTensor(TensorSpec.builder("x", TensorType.FLOAT32, 2, 3).shapeSignature(-1, 3)
        .build());
    int mid = g.addTensor("mid", TensorType.FLOAT32, 2, 3);
    int y = g.addTensor("y", TensorType.FLOAT32, 2, 3);
    g.addOperator(OperatorSpec.custom(customName).inputs(x).outputs(mid).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(mid).outputs(y).build());
    g.inputs(x).outputs(y);
    return m.build();
  }

  /** A user kernel: y = 2x, any shape. */
  static final class Doubler implements Kernel {
    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      node.checkType(node.input(0), "input", DataType.FLOAT32);
      node.resizeOutput(0, node.input(0).shape());
    }

    @Override
    public void eval(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      for (int i = 0; i < in.numElements(); i++) {
        out.floats()[out.offset() + i] = 2 * in.floats()[in.offset() + i];
      }
    }
  }

  private static Interpreter.Options withDoubler(boolean profiling) {
    OpResolver resolver = OpResolver.builder().addAll(OpResolver.builtin())
        .addCustom("Doubler", Doubler::new).build();
    return Interpreter.Options.builder().opResolver(resolver).profiling(profiling).build();
  }

  @Test
  void runsAUserRegisteredCustomKernel() {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(customThenRelu("Doubler")),
        withDoubler(false))) {
      float[][] out = new float[2][3];
      interpreter.run(new float[][] {{1, -2, 3}, {-4, 5, 0.5f}}, out);
      assertThat(out[0]).containsExactly(2f, 0f, 6f);
      assertThat(out[1]).containsExactly(0f, 10f, 1f);
    }
  }

  @Test
  void withoutTheKernelTheOperatorIsUnsupported() {
    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(customThenRelu("Doubler"))))
        .isInstanceOf(UnsupportedOperatorException.class)
        .hasMessageContaining("operator 0 (Doubler): no kernel for this operator");
  }

  @Test
  void aResolverForOneModelHoldsExactlyItsOperators() {
    ModelFile model = ModelFile.wrap(ByteBuffer.wrap(customThenRelu("Doubler")));
    OpResolver lean = OpResolver.forModel(model, withDoubler(false).opResolver());

    assertThat(lean.size()).isEqualTo(2);
    assertThat(lean.findBuiltin(BuiltinOperator.RELU)).isNotNull();
    assertThat(lean.findCustom("Doubler")).isNotNull();
    assertThat(lean.findBuiltin(BuiltinOperator.CONV_2D)).isNull();
    try (Interpreter interpreter = new Interpreter(model,
        Interpreter.Options.builder().opResolver(lean).build())) {
      float[] out = new float[6];
      interpreter.run(new float[] {1, 1, 1, 1, 1, 1}, out);
      assertThat(out).containsOnly(2f);
    }
    assertThatThrownBy(() -> OpResolver.forModel(model, OpResolver.builtin()))
        .isInstanceOf(UnsupportedOperatorException.class)
        .hasMessageContaining("no kernel for [Doubler]");
  }

  @Test
  void profilingRecordsEveryNode() {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(customThenRelu("Doubler")),
        withDoubler(true))) {
      for (int i = 0; i < 3; i++) {
        interpreter.run(new float[2][3], new float[2][3]);
      }
      List<OperatorProfile> profile = interpreter.profile();
      assertThat(profile).extracting(OperatorProfile::opName).containsExactly("Doubler", "RELU");
      assertThat(profile).allSatisfy(p -> assertThat(p.runs()).isEqualTo(3));
      assertThat(interpreter.getLastInferenceDurationNanoseconds()).isPositive();
    }
    try (Interpreter plain = new Interpreter(ByteBuffer.wrap(customThenRelu("Doubler")),
        withDoubler(false))) {
      assertThatThrownBy(plain::profile).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("profiling(true)");
    }
  }

  @Test
  void strictResizingKeepsTheDimensionsTheSignatureFixes() {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(customThenRelu("Doubler")),
        withDoubler(false))) {
      interpreter.resizeInput(0, new int[] {5, 3}, true);
      interpreter.allocateTensors();
      assertThat(interpreter.getOutputTensor(0).shape()).containsExactly(5, 3);

      assertThatThrownBy(() -> interpreter.resizeInput(0, new int[] {5, 4}, true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("shape signature [-1, 3]");
      assertThatThrownBy(() -> interpreter.resizeInput(0, new int[] {-1, 3}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("negative dimension");
    }
  }

  @Test
  void aClosedInterpreterRefusesWork() {
    Interpreter interpreter = new Interpreter(ByteBuffer.wrap(customThenRelu("Doubler")),
        withDoubler(false));
    interpreter.close();
    assertThatThrownBy(() -> interpreter.run(new float[2][3], new float[2][3]))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> interpreter.getInputTensor(0))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSecondThreadIsToldTheInterpreterIsBusy() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OpResolver resolver = OpResolver.builder().addAll(OpResolver.builtin())
        .addCustom("Doubler", () -> new Kernel() {
          @Override
          public void prepare(Node node) {
            new Doubler().prepare(node);
          }

          @Override
          public void eval(Node node) {
            inside.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }).build();
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(customThenRelu("Doubler")),
        Interpreter.Options.builder().opResolver(resolver).build())) {
      AtomicReference<Throwable> first = new AtomicReference<>();
      Thread runner = new Thread(() -> {
        try {
          interpreter.run(new float[2][3], new float[2][3]);
        } catch (Throwable e) {
          first.set(e);
        }
      });
      runner.start();
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> interpreter.run(new float[2][3], new float[2][3]))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already running on another thread");

      release.countDown();
      runner.join(10_000);
      assertThat(first.get()).isNull();
    }
  }
}
