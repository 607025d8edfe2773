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
 * Spatial resizing of NHWC float32, uint8, int8 and int16 tensors to the height and width held by
 * an int32 size tensor: RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR, with TFLite's coordinate
 * transforms in float arithmetic. Source coordinate of output index {@code i}: {@code i * scale},
 * or with half-pixel centers {@code (i + 0.5) * scale - 0.5} (bilinear) / {@code (i + 0.5) *
 * scale} (nearest), where {@code scale = in / out}, or {@code (in - 1) / (out - 1)} with aligned
 * corners. Nearest neighbour then floors, or rounds half away from zero when corners are aligned;
 * on 8-bit tensors without either option TFLite's optimized kernel uses the 16.16 fixed-point
 * step {@code (in << 16) / out + 1} instead. Quantized bilinear interpolates the stored values:
 * uint8 in float, truncating {@code sum + 0.5}; int8 and int16 in TFLite's 10-bit fixed point.
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
    private DataType type;
    private boolean fixedNearest;
    private int heightStep;
    private int widthStep;
    private int heightScale10;
    private int widthScale10;

    Resize(boolean bilinear) {
      this.bilinear = bilinear;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(2, 2, 1);
      input = node.input(0);
      size = node.input(1);
      output = node.output(0);
      node.checkType(input, "input", DataType.FLOAT32, DataType.UINT8, DataType.INT8,
          DataType.INT16);
      type = input.dataType();
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
      fixedNearest = !bilinear && (type == DataType.UINT8 || type == DataType.INT8)
          && !alignCorners && !halfPixelCenters;
      if (fixedNearest && outHeight > 0 && outWidth > 0) {
        heightStep = (inHeight << 16) / outHeight + 1;
        widthStep = (inWidth << 16) / outWidth + 1;
      }
      heightScale10 = scale10(inHeight, outHeight);
      widthScale10 = scale10(inWidth, outWidth);
      node.resizeOutput(0, batches, outHeight, outWidth, depth);
      return null;
    }

    /** TFLite's ResizeBilinearInteger scale: {@code in / out} in 10-bit fixed point, rounded. */
    private int scale10(int in, int out) {
      if (alignCorners && out > 1) {
        return ((1 << 10) * (in - 1) + (out - 1) / 2) / (out - 1);
      }
      return ((1 << 10) * in + out / 2) / out;
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
        switch (type) {
          case FLOAT32 -> bilinearRow(row);
          case UINT8 -> bilinearUint8Row(row);
          default -> bilinearIntegerRow(row);
        }
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
      Object in = ElementArrays.of(input);
      Object out = ElementArrays.of(output);
      int b = row / outHeight;
      int y = row % outHeight;
      int inY = fixedNearest ? Math.min((y * heightStep) >> 16, inHeight - 1)
          : nearest(y, inHeight, heightScale);
      int src = input.offset() + (b * inHeight + inY) * inWidth * depth;
      int o = output.offset() + row * outWidth * depth;
      for (int x = 0; x < outWidth; x++, o += depth) {
        int inX = fixedNearest ? Math.min((x * widthStep) >> 16, inWidth - 1)
            : nearest(x, inWidth, widthScale);
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

    /**
     * uint8 bilinear as TFLite's optimized ResizeBilinearGenericSmallChannel: float weights,
     * the four products summed in order (top-left, top-right, bottom-left, bottom-right) plus
     * 0.5, truncated.
     */
    private void bilinearUint8Row(int row) {
      byte[] in = input.bytes();
      byte[] out = output.bytes();
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
        float w00 = (1 - dy) * (1 - dx);
        float w01 = (1 - dy) * dx;
        float w10 = dy * (1 - dx);
        float w11 = dy * dx;
        for (int c = 0; c < depth; c++, o++) {
          float v = (in[r0 + x0 * depth + c] & 0xff) * w00 + (in[r0 + x1 * depth + c] & 0xff) * w01
              + (in[r1 + x0 * depth + c] & 0xff) * w10 + (in[r1 + x1 * depth + c] & 0xff) * w11
              + 0.5f;
          out[o] = (byte) FixedPoint.toInt32AsX86(v);
        }
      }
    }

    /** Source position of output index {@code i} in 10-bit fixed point (ResizeBilinearInteger). */
    private int source10(int i, int scale10) {
      return halfPixelCenters ? i * scale10 + scale10 / 2 - (1 << 9) : i * scale10;
    }

    /**
     * int8 and int16 bilinear as TFLite's ResizeBilinearInteger: 10-bit positions and weights,
     * a 20-bit fractional sum in 64 bits, rounded half away from zero.
     */
    private void bilinearIntegerRow(int row) {
      boolean wide = type == DataType.INT16;
      byte[] inBytes = wide ? null : input.bytes();
      short[] inShorts = wide ? input.shorts() : null;
      byte[] outBytes = wide ? null : output.bytes();
      short[] outShorts = wide ? output.shorts() : null;
      int b = row / outHeight;
      int y = row % outHeight;
      int inY = source10(y, heightScale10);
      int y0 = Math.max(inY / (1 << 10), 0);
      int y1 = Math.min((inY + (1 << 10) - 1) / (1 << 10), inHeight - 1);
      long fy = inY - (1 << 10) * y0;
      int rowStride = inWidth * depth;
      int base = input.offset() + b * inHeight * rowStride;
      int r0 = base + y0 * rowStride;
      int r1 = base + y1 * rowStride;
      int o = output.offset() + row * outWidth * depth;
      for (int x = 0; x < outWidth; x++) {
        int inX = source10(x, widthScale10);
        int x0 = Math.max(inX / (1 << 10), 0);
        int x1 = Math.min((inX + (1 << 10) - 1) / (1 << 10), inWidth - 1);
        long fx = inX - (1 << 10) * x0;
        long w00 = ((1 << 10) - fy) * ((1 << 10) - fx);
        long w10 = fy * ((1 << 10) - fx);
        long w01 = ((1 << 10) - fy) * fx;
        long w11 = fy * fx;
        for (int c = 0; c < depth; c++, o++) {
          int a = r0 + x0 * depth + c;
          int bl = r1 + x0 * depth + c;
          int tr = r0 + x1 * depth + c;
          int br = r1 + x1 * depth + c;
          long sum = wide
              ? inShorts[a] * w00 + inShorts[bl] * w10 + inShorts[tr] * w01 + inShorts[br] * w11
              : inBytes[a] * w00 + inBytes[bl] * w10 + inBytes[tr] * w01 + inBytes[br] * w11;
          long v = (sum + (sum > 0 ? 1 << 19 : -(1 << 19))) / (1 << 20);
          if (wide) {
            outShorts[o] = (short) v;
          } else {
            outBytes[o] = (byte) v;
          }
        }
      }
    }
  }
}
