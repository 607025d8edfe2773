package dev.jlite.cli.summary;

import dev.jlite.schema.ModelFile;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.Model;
import dev.jlite.schema.model.Operator;
import dev.jlite.schema.model.SubGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The structure of a model: what a user needs to know to feed it and read its results.
 *
 * @param source where the model came from (its path)
 * @param sizeBytes size of the whole file, including any appended archive of associated files
 * @param schemaVersion the model's {@code version} field (3 for every model TFLite accepts)
 * @param description the model's {@code description}, often the converter's name; null if absent
 * @param subgraphs every subgraph, in order; subgraph 0 is the one TFLite runs by default
 * @param inputs the inputs of subgraph 0, in order
 * @param outputs the outputs of subgraph 0, in order
 * @param operators operator counts over all subgraphs, most frequent first, ties by name
 * @param signatures the signature definitions, in order
 */
public record ModelSummary(
    String source,
    int sizeBytes,
    long schemaVersion,
    String description,
    List<SubgraphSummary> subgraphs,
    List<TensorSummary> inputs,
    List<TensorSummary> outputs,
    List<OperatorCount> operators,
    List<SignatureSummary> signatures) {

  public ModelSummary {
    subgraphs = List.copyOf(subgraphs);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    operators = List.copyOf(operators);
    signatures = List.copyOf(signatures);
  }

  /** Summarizes a verified model. */
  public static ModelSummary of(ModelFile file) {
    Model model = file.model();
    List<SubgraphSummary> subgraphs = new ArrayList<>();
    for (int i = 0; i < model.subgraphsLength(); i++) {
      SubGraph subgraph = model.subgraphs(i);
      subgraphs.add(new SubgraphSummary(
          i, subgraph.name(), subgraph.tensorsLength(), subgraph.operatorsLength()));
    }
    List<TensorSummary> inputs = new ArrayList<>();
    List<TensorSummary> outputs = new ArrayList<>();
    if (model.subgraphsLength() > 0) {
      SubGraph main = model.subgraphs(0);
      for (int i = 0; i < main.inputsLength(); i++) {
        inputs.add(TensorSummary.of(i, main.inputs(i), main.tensors(main.inputs(i))));
      }
      for (int i = 0; i < main.outputsLength(); i++) {
        outputs.add(TensorSummary.of(i, main.outputs(i), main.tensors(main.outputs(i))));
      }
    }
    List<SignatureSummary> signatures = new ArrayList<>();
    for (int i = 0; i < model.signatureDefsLength(); i++) {
      signatures.add(SignatureSummary.of(model.signatureDefs(i)));
    }
    return new ModelSummary(file.source(), file.size(), model.version(), model.description(),
        subgraphs, inputs, outputs, operatorCounts(file), signatures);
  }

  /** The total number of operators over all subgraphs. */
  public int operatorTotal() {
    return operators.stream().mapToInt(OperatorCount::count).sum();
  }

  private static List<OperatorCount> operatorCounts(ModelFile file) {
    Model model = file.model();
    // Counted per operator code first, so that each code is named once.
    int[] perCode = new int[model.operatorCodesLength()];
    for (int s = 0; s < model.subgraphsLength(); s++) {
      SubGraph subgraph = model.subgraphs(s);
      Operator op = new Operator();
      for (int i = 0; i < subgraph.operatorsLength(); i++) {
        perCode[(int) subgraph.operators(op, i).opcodeIndex()]++;
      }
    }
    // Several operator codes can share a name (one per op version); users count ops by name. A custom
    // op may be named like a builtin one, so the two kinds are kept apart.
    Map<String, OperatorCount> byName = new LinkedHashMap<>();
    for (int code = 0; code < perCode.length; code++) {
      if (perCode[code] == 0) {
        continue;
      }
      boolean custom = file.builtinCode(code) == BuiltinOperator.CUSTOM;
      String name = file.operatorName(code);
      int count = perCode[code];
      byName.merge((custom ? "custom " : "builtin ") + name, new OperatorCount(name, custom, count),
          (a, b) -> new OperatorCount(name, custom, a.count() + b.count()));
    }
    List<OperatorCount> counts = new ArrayList<>(byName.values());
    counts.sort(Comparator.comparingInt(OperatorCount::count).reversed()
        .thenComparing(OperatorCount::name));
    return counts;
  }
}
