package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.QuantizationParams;
import dev.jlite.engine.Tensor;
import java.nio.ByteBuffer;

/**
 * The quantized path of TRANSPOSE_CONV: uint8 (per-tensor filter), int8 (per-tensor or
 * per-channel symmetric filter) and int16 activations with int8 filters and an int64 bias.
 *
 * <p>TFLite's optimized kernel multiplies through a GEMM into int32 (int64 for int16) columns and
 * scatters them onto the output; every product is exact and the int32 sum wraps, so the order of
 * summation is free: here each output value gathers the taps that land on it, then adds the bias
 * and requantizes per channel as {@link ConvQuantization} does (TFLite's
 * MultiplyByQuantizedMultiplier, the fused activation clamping). Output rows run in parallel.
 */
final class QuantizedTransposeConv {
  private final ConvQuantization quantization;
  private final Tensor input;
  private final Tensor weights;
  private final Tensor bias;
  private final Tensor output;
  private final DataType type;
  private final int inputOffset;
  private final int filterOffset;
  /** Input values plus the input offset, refreshed every run. */
  private final int[] in;
  /** Weights [out][fy][fx][in] plus the filter offset; filled once when constant. */
  private final int[] filter;
  private final int[] bias32;
  private final long[] bias64;
  private final int[][] acc32;
  private final long[][] acc64;
  private final ParallelTask rowTask = this::row;
  private int inH;
  private int inW;
  private int inC;
  private int outH;
  private int outW;
  private int outC;
  private int filterH;
  private int filterW;
  private int padH;
  private int padW;
  private int strideH;
  private int strideW;
  /** The grid input pixels are laid on, in memory order (see {@link #grid}). */
  private int gridH;
  private int gridW;
  private int inputPixels;

  private QuantizedTransposeConv(Node node, Tensor input, Tensor weights, Tensor bias,
      Tensor output, ConvQuantization quantization) {
    this.input = input;
    this.weights = weights;
    this.bias = bias;
    this.output = output;
    this.quantization = quantization;
    this.type = input.dataType();
    this.inputOffset = quantization.inputOffset;
    this.filterOffset = quantization.filterOffset;
    int channels = weights.dim(0);
    in = new int[input.numElements()];
    filter = new int[weights.numElements()];
    if (weights.isConstant()) {
      readFilter();
    }
    boolean wide = type == DataType.INT16;
    bias32 = new int[wide ? 0 : channels];
    bias64 = new long[wide ? channels : 0];
    if (bias != null && bias.isConstant()) {
      readBias();
    }
    int threads = node.threadCount();
    acc32 = new int[threads][wide ? 0 : channels];
    acc64 = new long[threads][wide ? channels : 0];
  }

  /**
   * Checks the quantization of a quantized node (TFLite's TransposeConv Prepare and
   * PopulateConvolutionQuantizationParams) and prepares its integer path.
   */
  static QuantizedTransposeConv prepare(Node node, Tensor input, Tensor weights, Tensor bias,
      Tensor output, FusedActivation activation) {
    int channels = weights.dim(0);
    ConvQuantization q = ConvQuantization.prepare(node, input, weights, bias, output, channels, 0,
        activation, ConvQuantization.TFLITE, false);
    if (bias != null && input.dataType() != DataType.UINT8) {
      QuantizationParams bq = bias.quantizationParams();
      if (bq.isQuantized() && bq.zeroPoint() != 0) {
        throw node.invalid("bias zero point " + bq.zeroPoint() + " must be 0");
      }
    }
    if (bias != null && input.dataType() == DataType.UINT8) {
      // TFLite's GetQuantizedConvolutionMultipler: the bias scale must be input scale times
      // filter scale, within 2% of the output scale.
      double product = (double) input.quantizationParams().scale()
          * weights.quantizationParams().scale();
      double biasScale = bias.quantizationParams().isQuantized()
          ? bias.quantizationParams().scale() : 0;
      if (Math.abs(product - biasScale) / output.quantizationParams().scale() > 0.02) {
        throw node.invalid("bias scale " + biasScale + " is not input scale times filter scale ("
            + product + ")");
      }
    }
    return new QuantizedTransposeConv(node, input, weights, bias, output, q);
  }

  private void readFilter() {
    if (weights.isConstant()) {
      ByteBuffer data = weights.constantData();
      for (int i = 0; i < filter.length; i++) {
        filter[i] = value(data.get(i)) + filterOffset;
      }
    } else {
      byte[] data = weights.bytes();
      int offset = weights.offset();
      for (int i = 0; i < filter.length; i++) {
        filter[i] = value(data[offset + i]) + filterOffset;
      }
    }
  }

  private void readBias() {
    if (type == DataType.INT16) {
      ConvQuantization.readBias(bias, bias64);
    } else {
      ConvQuantization.readBias(bias, bias32);
    }
  }

  /** A filter byte's integer value: unsigned for uint8, signed otherwise (int8 filters). */
  private int value(byte b) {
    return type == DataType.UINT8 ? b & 0xff : b;
  }

  /** Runs the node on the geometry the float kernel derived (output size and padding). */
  void run(Node node, int batches, int inH, int inW, int inC, int outH, int outW, int outC,
      int filterH, int filterW, byte padding, int padH, int padW, int strideH, int strideW) {
    this.inH = inH;
    this.inW = inW;
    this.inC = inC;
    this.outH = outH;
    this.outW = outW;
    this.outC = outC;
    this.filterH = filterH;
    this.filterW = filterW;
    this.padH = padH;
    this.padW = padW;
    this.strideH = strideH;
    this.strideW = strideW;
    gridH = grid(padding, inH, outH, filterH, strideH);
    gridW = grid(padding, inW, outW, filterW, strideW);
    inputPixels = batches * inH * inW;
    if (!weights.isConstant()) {
      readFilter();
    }
    if (bias != null && !bias.isConstant()) {
      readBias();
    }
    int n = in.length;
    int offset = input.offset();
    if (type == DataType.INT16) {
      short[] x = input.shorts();
      for (int i = 0; i < n; i++) {
        in[i] = x[offset + i] + inputOffset;
      }
    } else {
      byte[] x = input.bytes();
      int mask = type == DataType.UINT8 ? 0xff : -1;
      for (int i = 0; i < n; i++) {
        in[i] = (x[offset + i] & mask) + inputOffset;
      }
    }
    node.parallelFor(batches * outH, rowTask);
  }

  /**
   * The position grid input pixels are laid on: TFLite's reference int16 kernel scatters every
   * input value at its own position, its optimized uint8 and int8 kernels go through col2im
   * ({@link TransposeConv#col2imGrid}).
   */
  private int grid(byte padding, int in, int out, int filter, int stride) {
    return type == DataType.INT16 ? in : TransposeConv.col2imGrid(padding, out, filter, stride);
  }

  /** Output row {@code index} (batch-major). */
  private void row(int index, int thread) {
    int b = index / outH;
    int oy = index % outH;
    int taps = filterH * filterW;
    boolean wide = type == DataType.INT16;
    int[] acc = acc32[thread];
    long[] wideAcc = acc64[thread];
    int o = output.offset() + index * outW * outC;
    for (int ox = 0; ox < outW; ox++, o += outC) {
      if (wide) {
        System.arraycopy(bias64, 0, wideAcc, 0, outC);
      } else {
        System.arraycopy(bias32, 0, acc, 0, outC);
      }
      for (int fy = 0; fy < filterH; fy++) {
        int ny = oy + padH - fy;
        if (ny < 0 || ny % strideH != 0 || ny / strideH >= gridH) {
          continue;
        }
        int rowBase = b * inH * inW + ny / strideH * gridW;
        for (int fx = 0; fx < filterW; fx++) {
          int nx = ox + padW - fx;
          if (nx < 0 || nx % strideW != 0 || nx / strideW >= gridW
              || rowBase + nx / strideW >= inputPixels) {
            continue;
          }
          int x0 = (rowBase + nx / strideW) * inC;
          int tap = fy * filterW + fx;
          for (int c = 0; c < outC; c++) {
            int w0 = (c * taps + tap) * inC;
            if (wide) {
              wideAcc[c] += wideDot(x0, w0);
            } else {
              acc[c] += dot(x0, w0);
            }
          }
        }
      }
      store(o, acc, wideAcc);
    }
  }

  /** One tap's 8-bit products summed in int32, wrapping as TFLite's accumulator does. */
  private int dot(int x0, int w0) {
    int sum = 0;
    for (int k = 0; k < inC; k++) {
      sum += in[x0 + k] * filter[w0 + k];
    }
    return sum;
  }

  /** One tap's int16 x int8 products (each fits an int32), summed in 64 bits. */
  private long wideDot(int x0, int w0) {
    long sum = 0;
    for (int k = 0; k < inC; k++) {
      sum += in[x0 + k] * filter[w0 + k];
    }
    return sum;
  }

  private void store(int o, int[] acc, long[] wideAcc) {
    if (type == DataType.INT16) {
      short[] y = output.shorts();
      for (int c = 0; c < outC; c++) {
        y[o + c] = (short) quantization.output(wideAcc[c], c);
      }
    } else {
      byte[] y = output.bytes();
      for (int c = 0; c < outC; c++) {
        y[o + c] = (byte) quantization.output(acc[c], c);
      }
    }
  }
}
