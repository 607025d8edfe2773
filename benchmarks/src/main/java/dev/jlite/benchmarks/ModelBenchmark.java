package dev.jlite.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One inference of a whole model, per runtime: jlite and real TFLite (its own kernels, XNNPACK), so a
 * single JMH run reports them side by side. Models are read from {@code testdata/models} (override
 * with {@code -Djlite.models=DIR}).
 *
 * <pre>java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar ModelBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ModelBenchmark {
  @Param({"image_classification/mobilenet_v1_0.25_224_1_default_1.tflite",
      "segmentation/deeplabv3.tflite"})
  public String model;

  @Param({"JLITE", "TFLITE_BUILTIN", "TFLITE_XNNPACK"})
  public String runtime;

  @Param({"1", "2"})
  public int threads;

  private Engine engine;

  @Setup(Level.Trial)
  public void open() throws IOException {
    Path models = Path.of(System.getProperty("jlite.models", "testdata/models"));
    engine = Engine.open(Engine.Kind.valueOf(runtime), models.resolve(model), threads);
  }

  @Benchmark
  public void infer() {
    engine.run();
  }

  @TearDown(Level.Trial)
  public void close() {
    engine.close();
  }
}
