package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON shape documented in cli/README.md. */
class JsonReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void rendersTheDocumentedShape() throws IOException {
    String json = JsonReport.render(SampleSummary.model(), Optional.of(SampleSummary.metadata()),
        new ArenaPlan(4096L, null));

    assertThat(JSON.readTree(json)).isEqualTo(JSON.readTree("""
        {
          "model": "models/sample.tflite",
          "sizeBytes": 1234,
          "schemaVersion": 3,
          "description": "MLIR Converted.",
          "subgraphs": [
            {"index": 0, "name": "main", "tensorCount": 10, "operatorCount": 3},
            {"index": 1, "name": null, "tensorCount": 2, "operatorCount": 0}
          ],
          "arena": {"bytes": 4096, "unavailable": null},
          "inputs": [
            {"index": 0, "tensorIndex": 0, "name": "in", "type": "INT8",
             "shape": [1, 4], "shapeSignature": [-1, 4],
             "quantization": {"kind": "perTensor", "scale": 0.5, "zeroPoint": -3}}
          ],
          "outputs": [
            {"index": 0, "tensorIndex": 9, "name": "out", "type": "INT8",
             "shape": [1, 4], "shapeSignature": [1, 4],
             "quantization": {"kind": "perChannel", "quantizedDimension": 1, "channels": 4,
                              "scales": [0.25, 0.5, 0.75, 1.0], "zeroPoints": [0, 1, 2, 3]}},
            {"index": 1, "tensorIndex": 8, "name": null, "type": "FLOAT32",
             "shape": [], "shapeSignature": [], "quantization": null}
          ],
          "operators": {
            "total": 3,
            "counts": [
              {"name": "CONV_2D", "custom": false, "count": 2},
              {"name": "MyCustomOp", "custom": true, "count": 1}
            ]
          },
          "signatures": [
            {"key": "serving_default", "subgraphIndex": 0, "inputs": ["in"], "outputs": ["out", "aux"]}
          ],
          "metadata": {
            "name": "Sample", "version": "v1", "description": "Two\\n  lines.", "author": null,
            "license": "Apache-2.0", "minParserVersion": "1.0.0",
            "associatedFiles": [
              {"name": "labels.txt", "sizeBytes": 42},
              {"name": "vocab.txt", "sizeBytes": 7}
            ]
          }
        }
        """));
  }

  @Test
  void absentMetadataIsNull() throws IOException {
    String json = JsonReport.render(SampleSummary.model(), Optional.empty(),
        new ArenaPlan(null, "no kernel for FOO"));

    assertThat(JSON.readTree(json).get("metadata").isNull()).isTrue();
  }
}
