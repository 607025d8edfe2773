package dev.jlite.task.vision;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Tensor;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.Embedding;
import dev.jlite.task.core.ImageProcessingOptions;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.TensorImage;
import dev.jlite.task.core.internal.ImageInputSpec;
import dev.jlite.task.core.internal.ImagePreprocessor;
import dev.jlite.task.core.internal.TaskModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns images into feature vectors with a model whose outputs are {@code [1, N]} or {@code [1, 1,
 * 1, N]} UINT8 (dequantized) or FLOAT32 tensors, as TFLite's {@code ImageEmbedder}: one {@link
 * Embedding} per output, optionally L2-normalized and then quantized to signed bytes. Safe to call
 * from several threads (calls run one at a time).
 */
public final class ImageEmbedder implements AutoCloseable {
  private final TaskModel model;
  private final ImagePreprocessor preprocessor;
  private final boolean l2Normalize;
  private final boolean quantize;
  private final int[] dimensions;
  private boolean closed;

  private ImageEmbedder(TaskModel model, Options options) {
    this.model = model;
    this.preprocessor = new ImagePreprocessor(ImageInputSpec.of(model, options.normalization()));
    this.l2Normalize = options.l2Normalize();
    this.quantize = options.quantize();
    model.interpreter().allocateTensors();
    int outputs = model.interpreter().getOutputTensorCount();
    this.dimensions = new int[outputs];
    for (int i = 0; i < outputs; i++) {
      Tensor t = model.interpreter().getOutputTensor(i);
      int[] shape = t.shape();
      boolean flat = shape.length == 2 || (shape.length == 4 && shape[1] == 1 && shape[2] == 1);
      if (!flat || shape[0] != 1
          || (t.dataType() != DataType.UINT8 && t.dataType() != DataType.FLOAT32)) {
        throw new IncompatibleModelException("output " + i + " '" + t.name() + "' is "
            + t.dataType() + " " + Arrays.toString(shape)
            + "; an embedding output must be UINT8 or FLOAT32 [1, N] or [1, 1, 1, N]");
      }
      dimensions[i] = shape[shape.length - 1];
    }
  }

  /**
   * An embedder for a model file, with default options.
   *
   * @throws IOException if the file cannot be read
   * @throws dev.jlite.schema.InvalidModelException if the model is malformed
   * @throws IncompatibleModelException if its outputs are not embeddings
   */
  public static ImageEmbedder create(Path model) throws IOException {
    return create(model, Options.DEFAULT);
  }

  /** An embedder for a model file; see {@link #create(Path)}. */
  public static ImageEmbedder create(Path model, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.open(model, options.baseOptions()), options);
  }

  /** An embedder for a model held in memory (not copied); see {@link #create(Path)}. */
  public static ImageEmbedder create(ByteBuffer model, Options options) {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.wrap(model, options.baseOptions()), options);
  }

  private static ImageEmbedder create(TaskModel model, Options options) {
    try {
      return new ImageEmbedder(model, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Embeds the whole image, stored upright. */
  public List<Embedding> embed(TensorImage image) {
    return embed(image, ImageProcessingOptions.DEFAULT);
  }

  /**
   * Embeds the region of interest of an image stored in the given orientation; one embedding per
   * output.
   *
   * @throws dev.jlite.task.core.InvalidInputException if the region of interest is empty or not
   *     inside the image
   * @throws IllegalStateException if the embedder is closed
   */
  public synchronized List<Embedding> embed(TensorImage image, ImageProcessingOptions options) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("the image embedder is closed");
    }
    preprocessor.preprocess(image, options, model.interpreter());
    model.interpreter().invoke();
    List<Embedding> result = new ArrayList<>(dimensions.length);
    for (int i = 0; i < dimensions.length; i++) {
      float[] values = values(model.interpreter().getOutputTensor(i), dimensions[i]);
      result.add(Embedding.fromOutput(i, values, l2Normalize, quantize));
    }
    return result;
  }

  private static float[] values(Tensor t, int n) {
    float[] out = new float[n];
    if (t.dataType() == DataType.UINT8) {
      float scale = t.quantizationParams().scale();
      int zeroPoint = t.quantizationParams().zeroPoint();
      for (int j = 0; j < n; j++) {
        out[j] = scale * ((t.bytes()[t.offset() + j] & 0xFF) - zeroPoint);
      }
    } else {
      System.arraycopy(t.floats(), t.offset(), out, 0, n);
    }
    return out;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }

  /**
   * Options of an {@link ImageEmbedder}, with TFLite's names and defaults (no L2 normalization, no
   * quantization); immutable, made with {@link #builder()}.
   */
  public static final class Options {
    /** The defaults. */
    public static final Options DEFAULT = builder().build();

    private final BaseOptions baseOptions;
    private final boolean l2Normalize;
    private final boolean quantize;
    private final float[][] normalization;

    private Options(Builder b) {
      this.baseOptions = b.baseOptions;
      this.l2Normalize = b.l2Normalize;
      this.quantize = b.quantize;
      this.normalization = b.normalization;
    }

    public static Builder builder() {
      return new Builder();
    }

    public BaseOptions baseOptions() {
      return baseOptions;
    }

    public boolean l2Normalize() {
      return l2Normalize;
    }

    public boolean quantize() {
      return quantize;
    }

    /** The caller's normalization (mean, std), if set. */
    public Optional<float[][]> normalization() {
      return Optional.ofNullable(normalization)
          .map(n -> new float[][] {n[0].clone(), n[1].clone()});
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private BaseOptions baseOptions = BaseOptions.DEFAULT;
      private boolean l2Normalize;
      private boolean quantize;
      private float[][] normalization;

      private Builder() {}

      public Builder setBaseOptions(BaseOptions options) {
        this.baseOptions = Objects.requireNonNull(options, "options");
        return this;
      }

      /** Scales each feature vector to unit L2 norm (default false). */
      public Builder setL2Normalize(boolean l2Normalize) {
        this.l2Normalize = l2Normalize;
        return this;
      }

      /** Stores feature vectors as signed bytes, {@code round(x * 128)} (default false). */
      public Builder setQuantize(boolean quantize) {
        this.quantize = quantize;
        return this;
      }

      /** Normalization for FLOAT32 models; overrides the metadata's. */
      public Builder setNormalization(float[] mean, float[] std) {
        this.normalization = new float[][] {mean.clone(), std.clone()};
        return this;
      }

      public Options build() {
        return new Options(this);
      }
    }
  }
}
