package dev.jlite.metadata;

import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;

/** Small real models, written with the project's model writer, for writers without a model. */
final class SyntheticModels {
  private SyntheticModels() {}

  /**
   * Int32 inputs with these names, each [1, 4]; output {@code k} is the float sum of inputs 0 and
   * {@code k}, named {@code outputNames[k]}.
   */
  static byte[] intInputsFloatOutputs(String[] inputNames, String... outputNames) {
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder main = builder.addSubgraph("main");
    int[] inputs = new int[inputNames.length];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = main.addTensor(inputNames[i], TensorType.INT32, 1, 4);
    }
    int[] outputs = new int[outputNames.length];
    for (int k = 0; k < outputs.length; k++) {
      int sum = main.addTensor("sum" + k, TensorType.INT32, 1, 4);
      main.addOperator(OperatorSpec.builtin(BuiltinOperator.ADD)
          .inputs(inputs[0], inputs[Math.min(k, inputs.length - 1)]).outputs(sum).build());
      outputs[k] = main.addTensor(outputNames[k], TensorType.FLOAT32, 1, 4);
      main.addOperator(OperatorSpec.builtin(BuiltinOperator.CAST).inputs(sum).outputs(outputs[k])
          .build());
    }
    main.inputs(inputs).outputs(outputs);
    return builder.build();
  }

  /** Float inputs {@code x} [1, 4] and {@code y} [1, 2]; outputs their RELUs, of unequal length. */
  static byte[] unequalOutputs() {
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder main = builder.addSubgraph("main");
    int x = main.addTensor("x", TensorType.FLOAT32, 1, 4);
    int y = main.addTensor("y", TensorType.FLOAT32, 1, 2);
    int rx = main.addTensor("rx", TensorType.FLOAT32, 1, 4);
    int ry = main.addTensor("ry", TensorType.FLOAT32, 1, 2);
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(x).outputs(rx).build());
    main.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(y).outputs(ry).build());
    main.inputs(x, y).outputs(rx, ry);
    return builder.build();
  }

  /** A model with two subgraphs, which the task writers refuse. */
  static byte[] twoSubgraphs() {
    ModelBuilder builder = new ModelBuilder();
    for (String name : new String[] {"main", "other"}) {
      SubgraphBuilder graph = builder.addSubgraph(name);
      int a = graph.addTensor("a", TensorType.FLOAT32, 1, 2);
      int out = graph.addTensor("out", TensorType.FLOAT32, 1, 2);
      graph.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(a).outputs(out).build());
      graph.inputs(a).outputs(out);
    }
    return builder.build();
  }
}
