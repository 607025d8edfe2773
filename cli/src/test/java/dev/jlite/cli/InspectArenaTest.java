package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.model.SubGraph;
import dev.jlite.schema.model.Tensor;
import dev.jlite.schema.model.TensorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect reports the memory the interpreter plans for a model's non-constant tensors. */
class InspectArenaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theArenaIsSharedBetweenTensorsThatAreNotAliveTogether() throws IOException {
    Path model = Cli.model("image_classification/mobilenet_v1_0.25_224_1_default_1.tflite");
    JsonNode json = JSON.readTree(Cli.run("inspect", "--json", model.toString()).out());

    long arena = json.at("/arena/bytes").asLong();
    long largest = 0;
    long total = 0;
    ModelFile file = ModelFile.open(model);
    SubGraph graph = file.model().subgraphs(0);
    for (int t = 0; t < graph.tensorsLength(); t++) {
      Tensor tensor = graph.tensors(t);
      if (file.bufferData((int) tensor.buffer()).remaining() > 0) {
        continue;
      }
      long bytes = 4;
      for (int d = 0; d < tensor.shapeLength(); d++) {
        bytes *= tensor.shape(d);
      }
      largest = Math.max(largest, bytes);
      total += bytes;
    }
    assertThat(json.at("/arena/unavailable").isNull()).isTrue();
    // Sharing: the plan needs well under half of what one buffer per tensor would.
    assertThat(arena).isGreaterThanOrEqualTo(largest).isLessThan(total / 2);
  }

  @Test
  void aModelTheEngineCannotPrepareSaysWhy() throws IOException {
    ModelBuilder m = new ModelBuilder();
    SubgraphBuilder g = m.addSubgraph("main");
    int in = g.addTensor("in", TensorType.FLOAT32, 4);
    int out = g.addTensor("out", TensorType.FLOAT32, 4);
    g.addOperator(OperatorSpec.custom("NotAnOp").inputs(in).outputs(out).build());
    g.inputs(in).outputs(out);
    Path model = Files.write(dir.resolve("custom.tflite"), m.build());

    Cli.Result text = Cli.run("inspect", model.toString());
    JsonNode json = JSON.readTree(Cli.run("inspect", "--json", model.toString()).out());

    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).contains("arena        unknown (subgraph 0 'main', operator 0 (NotAnOp):"
        + " no kernel for this operator (version 1))");
    assertThat(json.at("/arena/bytes").isNull()).isTrue();
    assertThat(json.at("/arena/unavailable").asText()).contains("no kernel for this operator");
  }
}
