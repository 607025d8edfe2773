package dev.jlite.task.core.ops;

import dev.jlite.task.core.TensorBuffer;
import dev.jlite.task.core.TensorImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sequence of image operators followed by a sequence of tensor operators: an image goes through
 * the first, becomes a {@code [height, width, channels]} UINT8 buffer, and goes through the second.
 * Immutable and safe to share.
 */
public final class ImageProcessor {
  private final List<ImageOperator> imageOps;
  private final List<TensorOperator> tensorOps;

  private ImageProcessor(Builder b) {
    this.imageOps = List.copyOf(b.imageOps);
    this.tensorOps = List.copyOf(b.tensorOps);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs the image operators only. */
  public TensorImage processImage(TensorImage image) {
    TensorImage current = image;
    for (ImageOperator op : imageOps) {
      current = op.apply(current);
    }
    return current;
  }

  /** Runs every operator. */
  public TensorBuffer process(TensorImage image) {
    TensorBuffer current = TensorBuffer.of(processImage(image));
    for (TensorOperator op : tensorOps) {
      current = op.apply(current);
    }
    return current;
  }

  /** Builds an {@link ImageProcessor}; image operators must all come before tensor operators. */
  public static final class Builder {
    private final List<ImageOperator> imageOps = new ArrayList<>();
    private final List<TensorOperator> tensorOps = new ArrayList<>();

    private Builder() {}

    /**
     * Appends an image operator.
     *
     * @throws IllegalStateException if a tensor operator was added before
     */
    public Builder add(ImageOperator op) {
      Objects.requireNonNull(op, "op");
      if (!tensorOps.isEmpty()) {
        throw new IllegalStateException(
            "image operators must come before tensor operators; add " + op + " earlier");
      }
      imageOps.add(op);
      return this;
    }

    public Builder add(TensorOperator op) {
      tensorOps.add(Objects.requireNonNull(op, "op"));
      return this;
    }

    public ImageProcessor build() {
      return new ImageProcessor(this);
    }
  }
}
