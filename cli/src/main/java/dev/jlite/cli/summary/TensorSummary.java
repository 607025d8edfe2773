package dev.jlite.cli.summary;

import dev.jlite.schema.model.Tensor;
import dev.jlite.schema.model.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * An input or output tensor of a model.
 *
 * @param index position in the subgraph's input (or output) list
 * @param tensorIndex the tensor's index in its subgraph
 * @param name the tensor's name; null if it has none
 * @param type the schema name of its element type, e.g. {@code FLOAT32} or {@code UINT8}
 * @param shape its shape as stored in the model
 * @param shapeSignature its shape with -1 for dimensions that may vary; as TFLite reports it, equal to
 *     {@code shape} when the model stores no signature
 * @param quantization how its values map to real numbers
 */
public record TensorSummary(
    int index,
    int tensorIndex,
    String name,
    String type,
    List<Integer> shape,
    List<Integer> shapeSignature,
    Quantization quantization) {

  public TensorSummary {
    shape = List.copyOf(shape);
    shapeSignature = List.copyOf(shapeSignature);
  }

  static TensorSummary of(int index, int tensorIndex, Tensor tensor) {
    List<Integer> shape = new ArrayList<>();
    for (int i = 0; i < tensor.shapeLength(); i++) {
      shape.add(tensor.shape(i));
    }
    List<Integer> signature = new ArrayList<>();
    for (int i = 0; i < tensor.shapeSignatureLength(); i++) {
      signature.add(tensor.shapeSignature(i));
    }
    return new TensorSummary(index, tensorIndex, tensor.name(), TensorType.name(tensor.type()), shape,
        signature.isEmpty() ? shape : signature, Quantization.of(tensor.quantization()));
  }
}
