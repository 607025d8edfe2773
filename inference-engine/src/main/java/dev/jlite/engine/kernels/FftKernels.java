package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import java.util.Arrays;

/**
 * Fourier transforms and complex numbers: RFFT2D (the real 2-D DFT of the innermost two dimensions
 * of a float32 tensor, cropped or zero-padded to {@code fft_length}, keeping the
 * {@code fft_length[1] / 2 + 1} non-negative frequencies of the last axis, as complex64) and
 * COMPLEX_ABS (complex64 to float32 magnitudes). Complex64 tensors hold two floats per element.
 *
 * <p>The transform is computed in double precision, as TFLite does, but as two separable direct
 * DFTs (rows, then columns) rather than TFLite's radix-2 FFT; the float results agree to rounding.
 * Like TFLite, both lengths must be powers of two.
 */
final class FftKernels {
  private FftKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.RFFT2D, Rfft2d::new);
    builder.addBuiltin(BuiltinOperator.COMPLEX_ABS, ComplexAbs::new);
  }

  /** One RFFT2D node. */
  static final class Rfft2d implements Kernel {
    private Tensor input;
    private Tensor fftLength;
    private Tensor output;
    private int slices;
    private int inHeight;
    private int inWidth;
    private int height;
    private int width;
    private int bins;
    private double[] cosH;
    private double[] sinH;
    private double[] cosW;
    private double[] sinW;
    private double[] rowRe;
    private double[] rowIm;

    @Override
    public void prepare(Node node) {
      node.checkArity(2, 2, 1);
      input = node.input(0);
      fftLength = node.input(1);
      output = node.output(0);
      node.checkType(input, "input", DataType.FLOAT32);
      node.checkType(fftLength, "fft_length", DataType.INT32);
      node.checkType(output, "output", DataType.COMPLEX64);
      int rank = input.numDimensions();
      if (rank < 2) {
        throw node.invalid("input must have rank 2 or more, has rank " + rank);
      }
      if (fftLength.numDimensions() != 1 || fftLength.dim(0) != 2) {
        throw node.invalid("fft_length must be a 1-D tensor of 2 elements, has shape "
            + Arrays.toString(fftLength.shape()));
      }
      inHeight = input.dim(-2);
      inWidth = input.dim(-1);
      long count = 1;
      for (int d = 0; d < rank - 2; d++) {
        count = Math.min(count * input.dim(d), 1L << 31);
      }
      if (count > Integer.MAX_VALUE) {
        throw node.invalid("input shape " + Arrays.toString(input.shape())
            + " has too many slices");
      }
      slices = (int) count;
      if (fftLength.isConstant()) {
        String error = plan(node);
        if (error != null) {
          throw node.invalid(error);
        }
      } else {
        node.markOutputDynamic(0);
      }
    }

    /** Reads fft_length, sizes the output and builds the twiddle tables; an error or null. */
    private String plan(Node node) {
      int[] lengths = fftLength.ints();
      int h = lengths[fftLength.offset()];
      int w = lengths[fftLength.offset() + 1];
      if (Integer.bitCount(h) != 1 || Integer.bitCount(w) != 1 || h < 0 || w < 0) {
        return "fft_length " + h + "x" + w + " must be powers of two";
      }
      if (h == height && w == width && rowRe != null) {
        node.resizeOutput(0, outputShape());
        return null;
      }
      height = h;
      width = w;
      bins = w / 2 + 1;
      node.resizeOutput(0, outputShape());
      cosH = new double[h];
      sinH = new double[h];
      for (int k = 0; k < h; k++) {
        cosH[k] = Math.cos(2 * Math.PI * k / h);
        sinH[k] = Math.sin(2 * Math.PI * k / h);
      }
      cosW = new double[w];
      sinW = new double[w];
      for (int k = 0; k < w; k++) {
        cosW[k] = Math.cos(2 * Math.PI * k / w);
        sinW[k] = Math.sin(2 * Math.PI * k / w);
      }
      rowRe = new double[Math.min(inHeight, h) * bins];
      rowIm = new double[rowRe.length];
      return null;
    }

    private int[] outputShape() {
      int[] shape = input.shape();
      shape[shape.length - 2] = height;
      shape[shape.length - 1] = bins;
      return shape;
    }

    @Override
    public void eval(Node node) {
      if (!fftLength.isConstant()) {
        String error = plan(node);
        if (error != null) {
          throw new InferenceException(node + ": " + error);
        }
      }
      float[] in = input.floats();
      float[] out = output.floats();
      int rows = Math.min(inHeight, height);
      int cols = Math.min(inWidth, width);
      for (int s = 0; s < slices; s++) {
        int i0 = input.offset() + s * inHeight * inWidth;
        // Real DFT of each row: X[y][v] = sum_x in[y][x] * e^(-2 pi i v x / width).
        for (int y = 0; y < rows; y++) {
          int row = i0 + y * inWidth;
          for (int v = 0; v < bins; v++) {
            double re = 0;
            double im = 0;
            for (int x = 0, k = 0; x < cols; x++, k = (k + v) % width) {
              double value = in[row + x];
              re += value * cosW[k];
              im -= value * sinW[k];
            }
            rowRe[y * bins + v] = re;
            rowIm[y * bins + v] = im;
          }
        }
        // Complex DFT of each column: F[u][v] = sum_y X[y][v] * e^(-2 pi i u y / height).
        int o = output.offset() + 2 * s * height * bins;
        for (int u = 0; u < height; u++) {
          for (int v = 0; v < bins; v++) {
            double re = 0;
            double im = 0;
            for (int y = 0, k = 0; y < rows; y++, k = (k + u) % height) {
              double a = rowRe[y * bins + v];
              double b = rowIm[y * bins + v];
              re += a * cosH[k] + b * sinH[k];
              im += b * cosH[k] - a * sinH[k];
            }
            out[o++] = (float) re;
            out[o++] = (float) im;
          }
        }
      }
    }
  }

  /** One COMPLEX_ABS node. */
  static final class ComplexAbs implements Kernel {
    private Tensor input;
    private Tensor output;

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      input = node.input(0);
      output = node.output(0);
      node.checkType(input, "input", DataType.COMPLEX64);
      node.checkType(output, "output", DataType.FLOAT32);
      node.resizeOutput(0, input.shape());
    }

    @Override
    public void eval(Node node) {
      float[] in = input.floats();
      float[] out = output.floats();
      int n = output.numElements();
      for (int i = 0, j = input.offset(); i < n; i++, j += 2) {
        out[output.offset() + i] = (float) Math.hypot(in[j], in[j + 1]);
      }
    }
  }
}
