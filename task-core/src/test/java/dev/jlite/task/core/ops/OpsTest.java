package dev.jlite.task.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.engine.DataType;
import dev.jlite.task.core.Orientation;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.ResizeMethod;
import dev.jlite.task.core.TensorBuffer;
import dev.jlite.task.core.TensorImage;
import org.junit.jupiter.api.Test;

class OpsTest {
  @Test
  void normalizePerChannel() {
    TensorBuffer rgb = TensorBuffer.ofUint8(new byte[] {0, 10, 20, (byte) 255, 110, 40}, 1, 2, 3);

    TensorBuffer out = new NormalizeOp(new float[] {0, 10, 20}, new float[] {1, 2, 4}).apply(rgb);

    assertThat(out.dataType()).isEqualTo(DataType.FLOAT32);
    assertThat(out.floatArray()).containsExactly(0f, 0f, 0f, 255f, 50f, 5f);
    assertThatThrownBy(() -> new NormalizeOp(new float[] {0, 0}, new float[] {1, 1}).apply(rgb))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 channels");
    assertThatThrownBy(() -> new NormalizeOp(0f, 0f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-zero");
  }

  @Test
  void quantizeCastAndDequantize() {
    TensorBuffer real = TensorBuffer.ofFloats(new float[] {-1f, 0f, 0.5f, 100f}, 4);

    TensorBuffer q = new CastOp(DataType.UINT8).apply(new QuantizeOp(128f, 0.5f).apply(real));

    // x / 0.5 + 128 = 126, 128, 129, 328 -> clamped to 255.
    assertThat(q.dataType()).isEqualTo(DataType.UINT8);
    assertThat(q.intArray()).containsExactly(126, 128, 129, 255);
    assertThat(new DequantizeOp(128f, 0.5f).apply(q).floatArray())
        .containsExactly(-1f, 0f, 0.5f, 63.5f);
  }

  @Test
  void castTruncatesLikeTheSupportLibrary() {
    TensorBuffer f = TensorBuffer.ofFloats(new float[] {1.9f, -3f, 254.99f}, 3);

    assertThat(new CastOp(DataType.UINT8).apply(f).intArray()).containsExactly(1, 0, 254);
    assertThatThrownBy(() -> new CastOp(DataType.INT32))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void processorRunsImageThenTensorOperators() {
    TensorImage image = TensorImage.fromGrayscale(new byte[] {0, 100, (byte) 200, 50}, 2, 2);
    ImageProcessor processor = ImageProcessor.builder()
        .add(new CropOp(Rect.of(0, 0, 2, 1)))
        .add(RotateOp.counterClockwise(1))
        .add(new ResizeOp(2, 1, ResizeMethod.NEAREST_NEIGHBOR))
        .add(new NormalizeOp(0f, 100f))
        .build();

    TensorBuffer out = processor.process(image);

    // Crop keeps "0 100"; a counter-clockwise quarter turn puts 100 on top.
    assertThat(out.shape()).containsExactly(2, 1, 1);
    assertThat(out.floatArray()).containsExactly(1f, 0f);
  }

  @Test
  void imageOperatorsMustComeFirst() {
    ImageProcessor.Builder builder = ImageProcessor.builder().add(new NormalizeOp(0f, 1f));

    assertThatThrownBy(() -> builder.add(new RotateOp(Orientation.RIGHT_TOP)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before tensor operators");
  }

  @Test
  void rotateByQuarterTurns() {
    TensorImage row = TensorImage.fromGrayscale(new byte[] {1, 2}, 2, 1);

    assertThat(RotateOp.counterClockwise(1).apply(row).pixels()).containsExactly(2, 1);
    assertThat(RotateOp.counterClockwise(-1).apply(row).pixels()).containsExactly(1, 2);
    assertThat(RotateOp.counterClockwise(2).apply(row).pixels()).containsExactly(2, 1);
    assertThat(RotateOp.counterClockwise(-1).apply(row).height()).isEqualTo(2);
  }
}
