package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.cli.summary.ModelSummary;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextReportTest {
  @Test
  void rendersEverySection() {
    String text = TextReport.render(SampleSummary.model(), Optional.of(SampleSummary.metadata()),
        new ArenaPlan(4096L, null));

    assertThat(text).isEqualToNormalizingNewlines("""
        model        models/sample.tflite
        size         1234 bytes
        schema       version 3
        description  MLIR Converted.
        subgraphs    2: 0 main, 1 (unnamed)
        arena        4096 bytes

        inputs (subgraph 0)
          #  name  type  shape  signature  quantization
          0  in    INT8  [1,4]  [-1,4]     scale 0.5, zero point -3

        outputs (subgraph 0)
          #  name  type     shape  signature  quantization
          0  out   INT8     [1,4]  [1,4]      4 channels on dimension 1, scales 0.25 0.5 0.75 ..., \
        zero points 0 1 2 ...
          1  -     FLOAT32  []     []         none

        operators (3 in all subgraphs)
          CONV_2D     2
          MyCustomOp  1  custom

        signatures
          serving_default  subgraph 0  inputs [in]  outputs [out, aux]

        metadata
          name                Sample
          version             v1
          description         Two lines.
          author              -
          license             Apache-2.0
          min parser version  1.0.0
          associated files    labels.txt (42 bytes)
                              vocab.txt (7 bytes)
        """);
  }

  @Test
  void saysNoneForMissingSignaturesAndMetadata() {
    ModelSummary model = SampleSummary.model();
    ModelSummary bare = new ModelSummary(model.source(), model.sizeBytes(), model.schemaVersion(),
        null, model.subgraphs(), model.inputs(), model.outputs(), model.operators(), List.of());

    String text = TextReport.render(bare, Optional.empty(), new ArenaPlan(null, "no kernel for FOO"))
        .replace(System.lineSeparator(), "\n");

    assertThat(text)
        .contains("description  -\n")
        .contains("arena        unknown (no kernel for FOO)\n")
        .contains("signatures\n  none\n")
        .endsWith("metadata\n  none\n");
  }
}
