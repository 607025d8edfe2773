package dev.jlite.task.vision;

import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ReshapeOptions;
import dev.jlite.schema.model.SliceOptions;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;

/**
 * A synthetic PoseNet-layout model for one keypoint whose outputs are its input pixels: a FLOAT32
 * {@code [1, 1, 4, 3]} image, its 12 values split into heatmaps {@code [1, 2, 2, 1]} (values 0-3)
 * and offsets {@code [1, 2, 2, 2]} (values 4-11: per cell y then x). Without metadata, so the
 * caller sets the normalization.
 */
final class PoseNetModel {
  private PoseNetModel() {}

  static ByteBuffer build() {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int image = g.addTensor("image", TensorType.FLOAT32, 1, 1, 4, 3);
    int flat = g.addTensor("flat", TensorType.FLOAT32, 1, 12);
    reshape(g, image, flat, 1, 12);
    int heatmaps = slice(g, flat, 0, 4, "heatmaps", 1, 2, 2, 1);
    int offsets = slice(g, flat, 4, 8, "offsets", 1, 2, 2, 2);
    g.inputs(image).outputs(heatmaps, offsets);
    return ByteBuffer.wrap(model.build());
  }

  private static void reshape(SubgraphBuilder g, int in, int out, int... shape) {
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.RESHAPE).inputs(in).outputs(out)
        .options(BuiltinOptions.ReshapeOptions, fbb -> ReshapeOptions.createReshapeOptions(fbb,
            ReshapeOptions.createNewShapeVector(fbb, shape)))
        .build());
  }

  private static int slice(SubgraphBuilder g, int flat, int begin, int size, String name,
      int... shape) {
    int b = g.addConstant(name + "_begin", new int[] {2}, new int[] {0, begin});
    int s = g.addConstant(name + "_size", new int[] {2}, new int[] {1, size});
    int sliced = g.addTensor(name + "_slice", TensorType.FLOAT32, 1, size);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.SLICE).inputs(flat, b, s).outputs(sliced)
        .options(BuiltinOptions.SliceOptions, fbb -> {
          SliceOptions.startSliceOptions(fbb);
          return SliceOptions.endSliceOptions(fbb);
        })
        .build());
    int out = g.addTensor(name, TensorType.FLOAT32, shape);
    reshape(g, sliced, out, shape);
    return out;
  }
}
