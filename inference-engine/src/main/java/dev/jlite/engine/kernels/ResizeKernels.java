package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ResizeBilinearOptions;
import dev.jlite.schema.model.ResizeNearestNeighborOptions;
import java.util.Arrays;

/**
 * Spatial resizing of NHWC float32 tensors to the height and width held by an int32 size tensor:
 * RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR, with TFLite's coordinate transforms in float
 * arithmetic. Source coordinate of output index {@code i}: {@code i * scale}, or with half-pixel
 * centers {@code (i + 0.5) * scale - 0.5} (bilinear) / {@code (i + 0.5) * scale} (nearest), where
 * {@code scale = in / out}, or {@code (in - 1) / (out - 1)} with aligned corners. Nearest neighbour
 * then floors, or rounds half away from zero when corners are aligned.
 */
final class ResizeKernels {
  private ResizeKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.RESIZE_BILINEAR, () -> new Resize(true));
    builder.addBuiltin(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, () -> new Resize(false));
  }

  /** One resize node. */
  static final class Resize implements Kernel {
    private final boolean bilinear;
    private boolean alignCorners;
    private boolean halfPixelCenters;
    private Tensor input;
    private Tensor size;
    private Tensor output;
    private int batches;
    private int inHeight;
    private int inWidth;
    private int depth;
    private int outHeight;
    private int outWidth;
    private float heightScale;
    private float widthScale;
    private final ParallelTask rows = (row, thread) -> resizeRow(row);

    Resize(boolean bilinear) {
      this.bilinear = bilinear;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(2, 2, 1);
      input = node.input(0);
      size = node.input(1);
      output = node.output(0);
      node.checkType(input, "input", DataType.FLOAT32);
      node.checkType(size, "size", DataType.INT32);
      node.checkType(output, "output", input.dataType());
      if (input.numDimensions() != 4) {
        throw node.invalid("input must have rank 4 (NHWC), has rank " + input.numDimensions());
      }
      if (size.numDimensions() != 1 || size.dim(0) != 2) {
        throw node.invalid("size must be a 1-D tensor of 2 elements (height, width), has shape "
            + Arrays.toString(size.shape()));
      }
      if (bilinear) {
        ResizeBilinearOptions o = node.options(new ResizeBilinearOptions(),
            BuiltinOptions.ResizeBilinearOptions);
        alignCorners = o != null && o.alignCorners();
        halfPixelCenters = o != null && o.halfPixelCenters();
        if (alignCorners && halfPixelCenters) {
          throw node.invalid("align_corners and half_pixel_centers cannot both be set");
        }
      } else {
        ResizeNearestNeighborOptions o = node.options(new ResizeNearestNeighborOptions(),
            BuiltinOptions.ResizeNearestNeighborOptions);
        alignCorners = o != null && o.alignCorners();
        halfPixelCenters = o != null && o.halfPixelCenters();
      }
      batches = input.dim(0);
      inHeight = input.dim(1);
      inWidth = input.dim(2);
      depth = input.dim(3);
      if (size.isConstant()) {
        String error = plan(node);
        if (error != null) {
          throw node.invalid(error);
        }
      } else {
        node.markOutputDynamic(0);
      }
    }

    /** Reads the size tensor, sizes the output and computes the scales; an error or null. */
    private String plan(Node node) {
      int[] s = size.ints();
      int h = s[size.offset()];
      int w = s[size.offset() + 1];
      if (bilinear ? h <= 0 || w <= 0 : h < 0 || w < 0) {
        return "output size " + h + "x" + w + " must be "
            + (bilinear ? "positive" : "non-negative");
      }
      if ((inHeight == 0 || inWidth == 0) && (long) h * w > 0 && batches * depth > 0) {
        return "cannot resize an empty " + inHeight + "x" + inWidth + " image to " + h + "x" + w;
      }
      outHeight = h;
      outWidth = w;
      heightScale = scale(inHeight, outHeight);
      widthScale = scale(inWidth, outWidth);
      node.resizeOutput(0, batches, outHeight, outWidth, depth);
      return null;
    }

    private float scale(int in, int out) {
      return alignCorners && out > 1 ? (in - 1) / (float) (out - 1) : in / (float) out;
    }

    @Override
    public void eval(Node node) {
      if (!size.isConstant()) {
        String error = plan(node);
        if (error != null) {
          throw new InferenceException(node + ": " + error);
        }
      }
      node.parallelFor(batches * outHeight, rows);
    }

    private void resizeRow(int row) {
      if (bilinear) {
        bilinearRow(row);
      } else {
        nearestRow(row);
      }
    }

    /** TFLite's GetNearestNeighbor: the source index of output index {@code i}. */
    private int nearest(int i, int in, float scale) {
      float offset = halfPixelCenters ? 0.5f : 0f;
      float at = (i + offset) * scale;
      int index = Math.min(alignCorners ? Math.round(at) : (int) Math.floor(at), in - 1);
      return halfPixelCenters ? Math.max(0, index) : index;
    }

    private void nearestRow(int row) {
      float[] in = input.floats();
      float[] out = output.floats();
      int b = row / outHeight;
      int y = row % outHeight;
      int inY = nearest(y, inHeight, heightScale);
      int src = input.offset() + (b * inHeight + inY) * inWidth * depth;
      int o = output.offset() + row * outWidth * depth;
      for (int x = 0; x < outWidth; x++, o += depth) {
        int inX = nearest(x, inWidth, widthScale);
        System.arraycopy(in, src + inX * depth, out, o, depth);
      }
    }

    private float source(int i, float scale) {
      return halfPixelCenters ? (i + 0.5f) * scale - 0.5f : i * scale;
    }

    private void bilinearRow(int row) {
      float[] in = input.floats();
      float[] out = output.floats();
      int b = row / outHeight;
      int y = row % outHeight;
      float inY = source(y, heightScale);
      int y0 = Math.max((int) Math.floor(inY), 0);
      int y1 = Math.min((int) Math.ceil(inY), inHeight - 1);
      float dy = inY - y0;
      int rowStride = inWidth * depth;
      int base = input.offset() + b * inHeight * rowStride;
      int r0 = base + y0 * rowStride;
      int r1 = base + y1 * rowStride;
      int o = output.offset() + row * outWidth * depth;
      for (int x = 0; x < outWidth; x++) {
        float inX = source(x, widthScale);
        int x0 = Math.max((int) Math.floor(inX), 0);
        int x1 = Math.min((int) Math.ceil(inX), inWidth - 1);
        float dx = inX - x0;
        for (int c = 0; c < depth; c++, o++) {
          out[o] = in[r0 + x0 * depth + c] * (1 - dy) * (1 - dx)
              + in[r1 + x0 * depth + c] * dy * (1 - dx)
              + in[r0 + x1 * depth + c] * (1 - dy) * dx
              + in[r1 + x1 * depth + c] * dy * dx;
        }
      }
    }
  }
}
