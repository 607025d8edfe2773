package dev.jlite.task.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.TensorImage;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Inputs whose height and width are -1 in the shape signature follow the region of interest, as
 * TFLite's image preprocessor does: here a pointwise "segmenter" (the image, through RELU) sees the
 * region at its own size, unresized.
 */
class ResizableInputTest {
  private static ByteBuffer pointwiseModel() {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    QuantizationSpec q = QuantizationSpec.perTensor(1f, 0);
    int in = g.addTensor(TensorSpec.builder("image", TensorType.UINT8, 1, 4, 4, 3)
        .shapeSignature(1, -1, -1, 3).quantization(q).build());
    int out = g.addTensor(TensorSpec.builder("scores", TensorType.UINT8, 1, 4, 4, 3)
        .shapeSignature(1, -1, -1, 3).quantization(q).build());
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(in).outputs(out).build());
    g.inputs(in).outputs(out);
    return ByteBuffer.wrap(model.build());
  }

  @Test
  void inputSizeFollowsTheRegionOfInterest() {
    byte[] rgb = new byte[6 * 5 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) ((i * 37) % 251);
    }
    TensorImage image = TensorImage.fromRgb(rgb, 6, 5);
    Rect roi = Rect.of(1, 2, 3, 2);

    Segmentation s;
    try (ImageSegmenter segmenter =
        ImageSegmenter.create(pointwiseModel(), ImageSegmenter.Options.DEFAULT)) {
      s = segmenter.segment(image, ImageProcessingOptions.builder().setRoi(roi).build());
    }

    assertThat(s.width()).isEqualTo(3);
    assertThat(s.height()).isEqualTo(2);
    byte[] crop = image.crop(roi).pixels();
    int[] expected = new int[6];
    for (int p = 0; p < 6; p++) {
      int best = 0;
      for (int c = 1; c < 3; c++) {
        if ((crop[3 * p + c] & 0xFF) > (crop[3 * p + best] & 0xFF)) {
          best = c;
        }
      }
      expected[p] = best;
    }
    assertThat(s.categoryMask()).containsExactly(expected);
  }
}
