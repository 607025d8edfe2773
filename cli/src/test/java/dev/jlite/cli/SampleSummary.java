package dev.jlite.cli;

import dev.jlite.cli.summary.MetadataSummary;
import dev.jlite.cli.summary.ModelSummary;
import dev.jlite.cli.summary.OperatorCount;
import dev.jlite.cli.summary.Quantization;
import dev.jlite.cli.summary.SignatureSummary;
import dev.jlite.cli.summary.SubgraphSummary;
import dev.jlite.cli.summary.TensorSummary;
import java.util.List;

/**
 * A hand-made summary that has every kind of value the reports render (per-channel quantization,
 * dynamic dimensions, unnamed tensors, custom ops, multi-line text), which no single real model has.
 */
final class SampleSummary {
  private SampleSummary() {}

  static ModelSummary model() {
    return new ModelSummary(
        "models/sample.tflite",
        1234,
        3,
        "MLIR Converted.",
        List.of(new SubgraphSummary(0, "main", 10, 3), new SubgraphSummary(1, null, 2, 0)),
        List.of(new TensorSummary(0, 0, "in", "INT8", List.of(1, 4), List.of(-1, 4),
            new Quantization.PerTensor(0.5f, -3))),
        List.of(
            new TensorSummary(0, 9, "out", "INT8", List.of(1, 4), List.of(1, 4),
                new Quantization.PerChannel(1, List.of(0.25f, 0.5f, 0.75f, 1.0f),
                    List.of(0L, 1L, 2L, 3L))),
            new TensorSummary(1, 8, null, "FLOAT32", List.of(), List.of(), new Quantization.None())),
        List.of(new OperatorCount("CONV_2D", false, 2), new OperatorCount("MyCustomOp", true, 1)),
        List.of(new SignatureSummary("serving_default", 0, List.of("in"), List.of("out", "aux"))));
  }

  static MetadataSummary metadata() {
    return new MetadataSummary("Sample", "v1", "Two\n  lines.", null, "Apache-2.0", "1.0.0",
        List.of(new MetadataSummary.AssociatedFile("labels.txt", 42),
            new MetadataSummary.AssociatedFile("vocab.txt", 7)));
  }
}
