package dev.jlite.cli.summary;

import dev.jlite.schema.model.SignatureDef;
import java.util.ArrayList;
import java.util.List;

/**
 * A signature definition: a named entry point into a subgraph.
 *
 * @param key the signature key (e.g. {@code serving_default})
 * @param subgraphIndex the subgraph it runs
 * @param inputs the signature's input names, in model order
 * @param outputs the signature's output names, in model order
 */
public record SignatureSummary(
    String key, int subgraphIndex, List<String> inputs, List<String> outputs) {

  public SignatureSummary {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  static SignatureSummary of(SignatureDef def) {
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < def.inputsLength(); i++) {
      inputs.add(def.inputs(i).name());
    }
    List<String> outputs = new ArrayList<>();
    for (int i = 0; i < def.outputsLength(); i++) {
      outputs.add(def.outputs(i).name());
    }
    return new SignatureSummary(def.signatureKey(), (int) def.subgraphIndex(), inputs, outputs);
  }
}
