package dev.jlite.metadata;

import dev.jlite.schema.ModelFile;
import dev.jlite.schema.model.SubGraph;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** What the task writers read from a model: the inputs and outputs of its only subgraph. */
final class WriterModel {
  final byte[] bytes;
  private final SubGraph graph;

  private WriterModel(byte[] bytes, SubGraph graph) {
    this.bytes = bytes;
    this.graph = graph;
  }

  /**
   * A verified model with exactly one subgraph, which the task writers need (the official writer
   * utilities document the same requirement).
   *
   * @throws dev.jlite.schema.InvalidModelException if the bytes are not a valid model
   * @throws MetadataException if the model has more than one subgraph
   */
  static WriterModel of(byte[] model) {
    // A copy, so that a caller changing the array later cannot change what gets written.
    byte[] bytes = model.clone();
    ModelFile file = ModelFile.wrap(ByteBuffer.wrap(bytes));
    int subgraphs = file.model().subgraphsLength();
    if (subgraphs != 1) {
      throw new MetadataException("the task metadata writers need a model with exactly one"
          + " subgraph, but this model has " + subgraphs);
    }
    return new WriterModel(bytes, file.model().subgraphs(0));
  }

  int outputCount() {
    return graph.outputsLength();
  }

  List<String> inputNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < graph.inputsLength(); i++) {
      names.add(graph.tensors(graph.inputs(i)).name());
    }
    return names;
  }

  List<String> outputNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < graph.outputsLength(); i++) {
      names.add(graph.tensors(graph.outputs(i)).name());
    }
    return names;
  }

  /** Tensor indices of the outputs, in output order. */
  int[] outputTensorIndices() {
    int[] indices = new int[graph.outputsLength()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = graph.outputs(i);
    }
    return indices;
  }

  byte inputType(int i) {
    if (i >= graph.inputsLength()) {
      throw new MetadataException("the model has " + graph.inputsLength() + " inputs; the"
          + " writer needs input " + i);
    }
    return graph.tensors(graph.inputs(i)).type();
  }

  byte outputType(int i) {
    if (i >= graph.outputsLength()) {
      throw new MetadataException("the model has " + graph.outputsLength() + " outputs; the"
          + " writer needs output " + i);
    }
    return graph.tensors(graph.outputs(i)).type();
  }

  void requireOutputs(int count, String task) {
    if (outputCount() != count) {
      throw new MetadataException(task + " models have " + count + " output"
          + (count == 1 ? "" : "s") + ", but this model has " + outputCount());
    }
  }

  static boolean isUint8(byte type) {
    return type == TensorType.UINT8;
  }

  static boolean isFloat32(byte type) {
    return type == TensorType.FLOAT32;
  }
}
