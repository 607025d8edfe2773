package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunAndBenchTest {
  @TempDir Path dir;

  /** y = a - b for two float [2, 3] inputs. */
  private Path subtractModel() throws IOException {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int a = g.addTensor("a", TensorType.FLOAT32, 2, 3);
    int b = g.addTensor("b", TensorType.FLOAT32, 2, 3);
    int y = g.addTensor("y", TensorType.FLOAT32, 2, 3);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.SUB).inputs(a, b).outputs(y).build());
    g.inputs(a, b).outputs(y);
    Path model = dir.resolve("sub.tflite");
    Files.write(model, m.build());
    return model;
  }

  private static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  @Test
  void runReadsRawInputsAndWritesRawOutputs() throws IOException {
    Path model = subtractModel();
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.write(in.resolve("input_0.bin"), floats(10, 20, 30, 40, 50, 60));
    Files.write(in.resolve("input_1.bin"), floats(1, 2, 3, 4, 5, 6.5f));
    Path out = dir.resolve("out");

    Cli.Result result = Cli.run("run", model.toString(), "--inputs", in.toString(),
        "--outputs", out.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(Files.readAllBytes(out.resolve("output_0.bin")))
        .isEqualTo(floats(9, 18, 27, 36, 45, 53.5f));
  }

  @Test
  void runRejectsAnInputFileOfTheWrongSize() throws IOException {
    Path model = subtractModel();
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.write(in.resolve("input_0.bin"), floats(1, 2, 3, 4, 5, 6));
    Files.write(in.resolve("input_1.bin"), floats(1, 2, 3));

    Cli.Result result = Cli.run("run", model.toString(), "--inputs", in.toString(),
        "--outputs", dir.resolve("out").toString());

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).contains("input_1.bin has 12 bytes; input 1 'b' (FLOAT32 [2, 3]) takes 24");
  }

  @Test
  void runNamesAMissingInputFile() throws IOException {
    Path model = subtractModel();
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.write(in.resolve("input_0.bin"), floats(1, 2, 3, 4, 5, 6));

    Cli.Result result = Cli.run("run", model.toString(), "--inputs", in.toString(),
        "--outputs", dir.resolve("out").toString());

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.err()).contains("missing input file").contains("input_1.bin");
  }

  @Test
  void runReportsAnUnsupportedOperatorAsAnInvalidModel() throws IOException {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int a = g.addTensor("a", TensorType.FLOAT32, 2);
    int y = g.addTensor("y", TensorType.FLOAT32, 2);
    g.addOperator(OperatorSpec.custom("NoSuchOp").inputs(a).outputs(y).build());
    g.inputs(a).outputs(y);
    Path model = dir.resolve("custom.tflite");
    Files.write(model, m.build());

    Cli.Result result = Cli.run("run", model.toString(), "--inputs", dir.toString(),
        "--outputs", dir.toString());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err()).contains("operator 0 (NoSuchOp)").contains("no kernel");
  }

  @Test
  void benchEndsWithTheLatencyLine() throws IOException {
    Cli.Result result = Cli.run("bench", subtractModel().toString(), "--warmup", "2",
        "--iters", "7", "--profile");

    assertThat(result.exitCode()).as(result.err()).isZero();
    String[] lines = result.out().strip().split("\n");
    assertThat(lines[lines.length - 1])
        .matches("latency_ms min=\\d+\\.\\d{3} median=\\d+\\.\\d{3} p90=\\d+\\.\\d{3} iters=7");
    assertThat(result.out()).contains("SUB");
  }

  @Test
  void benchRejectsZeroIterations() throws IOException {
    Cli.Result result = Cli.run("bench", subtractModel().toString(), "--iters", "0");

    assertThat(result.exitCode()).isEqualTo(2);
  }
}
