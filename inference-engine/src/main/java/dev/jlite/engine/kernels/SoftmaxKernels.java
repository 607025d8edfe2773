package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.ParallelTask;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.SoftmaxOptions;

/**
 * SOFTMAX ({@code exp(beta * (x - max)) / sum}) and LOG_SOFTMAX ({@code x - max - log(sum)}) over
 * the last axis, float32; SOFTMAX also from uint8 or int8 to the same type or int16. Subtracting
 * the row maximum first, as TFLite does, keeps exp in range. The quantized path is TFLite's
 * optimized one: a float table of {@code exp(-inputScale * beta * d)} for the 256 possible
 * differences {@code d} from the row maximum, a float sum, and each probability divided by the
 * output scale and rounded. int16 SOFTMAX follows TFLite's SoftmaxInt16 in integers: the
 * differences from the row maximum scaled to [-10, 0] through a fixed-point multiplier, exp and
 * {@code 1 / (1 + x)} read from 513-entry interpolated tables built as TFLite's LUTPopulate
 * builds them (in double), and each exp scaled by the reciprocal of their sum.
 */
final class SoftmaxKernels {
  private SoftmaxKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.SOFTMAX, () -> new Softmax(false));
    builder.addBuiltin(BuiltinOperator.LOG_SOFTMAX, () -> new Softmax(true));
  }

  /** One SOFTMAX or LOG_SOFTMAX node. */
  static final class Softmax implements Kernel {
    private final boolean log;
    private float beta;
    private int depth;
    private int rows;
    private Tensor input;
    private Tensor output;
    private final ParallelTask task = (t, thread) -> rows(t);
    private final ParallelTask quantizedTask = (t, thread) -> quantizedRows(t);
    private final ParallelTask int16Task = (t, thread) -> int16Rows(t);
    private boolean int16;
    private short[] expLut;
    private short[] reciprocalLut;
    private int inputMantissa;
    private int inputShift;
    private boolean quantized;
    private float[] table;
    private float outputScale;
    private int outputZeroPoint;
    private int tasks;

    Softmax(boolean log) {
      this.log = log;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      input = node.input(0);
      output = node.output(0);
      if (log) {
        node.checkType(input, "input", DataType.FLOAT32);
        node.checkType(output, "output", input.dataType());
      } else {
        node.checkType(input, "input", DataType.FLOAT32, DataType.UINT8, DataType.INT8,
            DataType.INT16);
        if (input.dataType() == DataType.FLOAT32 || input.dataType() == DataType.INT16) {
          node.checkType(output, "output", input.dataType());
        } else {
          node.checkType(output, "output", input.dataType(), DataType.INT16);
        }
      }
      int16 = input.dataType() == DataType.INT16;
      quantized = input.dataType() != DataType.FLOAT32 && !int16;
      if (input.numDimensions() < 1) {
        throw node.invalid("input must have rank 1 or more, is a scalar");
      }
      beta = 1f;
      if (!log) {
        SoftmaxOptions o = node.options(new SoftmaxOptions(), BuiltinOptions.SoftmaxOptions);
        beta = o == null ? 1f : o.beta();
      }
      if (quantized) {
        PerTensorQuantization.check(node, input, "input");
        PerTensorQuantization.check(node, output, "output");
        table = expTable(input.quantizationParams().scale(), beta);
        outputScale = output.quantizationParams().scale();
        outputZeroPoint = output.quantizationParams().zeroPoint();
        if (output.dataType() == DataType.INT8) {
          // TFLite's prepare insists on the conventional int8 probability encoding.
          float delta = Math.abs(outputScale - 1f / 256);
          if (outputZeroPoint != -128 || delta > 0.001f * (1f / 256)) {
            throw node.invalid("int8 output must have scale 1/256 and zero point -128, has "
                + output.quantizationParams());
          }
        }
      }
      if (int16) {
        prepareInt16(node);
      }
      node.resizeOutput(0, input.shape());
      depth = input.dim(-1);
      rows = depth == 0 ? 0 : input.numElements() / depth;
      tasks = Math.min(rows, node.threadCount());
    }

    @Override
    public void eval(Node node) {
      node.parallelFor(tasks, int16 ? int16Task : quantized ? quantizedTask : task);
    }

    /** Checks int16 parameters as TFLite's prepare does and builds the tables and multiplier. */
    private void prepareInt16(Node node) {
      PerTensorQuantization.check(node, input, "input");
      PerTensorQuantization.check(node, output, "output");
      float outScale = output.quantizationParams().scale();
      if (input.quantizationParams().zeroPoint() != 0
          || output.quantizationParams().zeroPoint() != 0
          || Math.abs(outScale - 1f / 32768) > 0.001f * (1f / 32768)) {
        throw node.invalid("int16 softmax needs zero points 0 and output scale 1/32768, has "
            + input.quantizationParams() + " and " + output.quantizationParams());
      }
      if (input.numDimensions() > 4) {
        throw node.invalid("int16 softmax supports ranks 1 to 4, input has rank "
            + input.numDimensions());
      }
      double range = 65535;
      expLut = lut(10.0 / range, Short.MAX_VALUE, 2.0 / range, false);
      reciprocalLut = lut(1.0 / range, Short.MIN_VALUE, 2.0 / range, true);
      float scaledBeta = input.quantizationParams().scale() * beta;
      FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(scaledBeta / (10.0 / 65535.0));
      inputMantissa = m.mantissa();
      inputShift = m.shift();
    }

    private static double transform(double x, boolean reciprocal) {
      return reciprocal ? 1.0 / (1.0 + x) : Math.exp(x);
    }

    /**
     * TFLite's LUTPopulateInt16 in double: 512 samples of the function over the input range plus
     * the end point, each sample nudged by half the error of linear interpolation at its
     * interval's midpoint.
     */
    private static short[] lut(double inScale, int inZero, double outScale, boolean reciprocal) {
      double inMin = inScale * (Short.MIN_VALUE - inZero);
      double inMax = inScale * (Short.MAX_VALUE - inZero);
      double outMin = outScale * Short.MIN_VALUE;
      double outMax = outScale * Short.MAX_VALUE;
      int steps = 512;
      double step = (inMax - inMin) / steps;
      double halfStep = step / 2;
      double inv = 65536.0 / (outMax - outMin);
      short[] t = new short[steps + 1];
      for (int i = 0; i < steps; i++) {
        double val = transform(inMin + i * step, reciprocal);
        double mid = transform(inMin + i * step + halfStep, reciprocal);
        double next = transform(inMin + (i + 1) * step, reciprocal);
        double sample = round(val * inv);
        double interpolated = round((next * inv + round(val * inv)) / 2);
        double midpoint = round(mid * inv);
        double bias = round((interpolated - midpoint) / 2);
        t[i] = (short) Math.min(Math.max(sample - bias, Short.MIN_VALUE), Short.MAX_VALUE);
      }
      t[steps] = (short) Math.min(Math.max(round(transform(inMax, reciprocal) * inv),
          Short.MIN_VALUE), Short.MAX_VALUE);
      return t;
    }

    private static double round(double x) {
      return (double) FixedPoint.roundHalfAway(x);
    }

    /** TFLite's LUTLookup: 9 bits index the table, 7 bits interpolate to the next entry. */
    private static int lookup(int value, short[] t) {
      int index = 256 + (value >> 7);
      int offset = value & 0x7f;
      int base = t[index];
      int slope = t[index + 1] - t[index];
      return (short) (base + ((slope * offset + 64) >> 7));
    }

    /** int16 rows of task {@code t}: TFLite's SoftmaxInt16, exps cached in the output row. */
    private void int16Rows(int t) {
      short[] in = input.shorts();
      short[] out = output.shorts();
      int from = (int) ((long) rows * t / tasks);
      int to = (int) ((long) rows * (t + 1) / tasks);
      for (int r = from; r < to; r++) {
        int i0 = input.offset() + r * depth;
        int o0 = output.offset() + r * depth;
        int max = Short.MIN_VALUE;
        for (int c = 0; c < depth; c++) {
          max = Math.max(max, in[i0 + c]);
        }
        int sum = 0;
        for (int c = 0; c < depth; c++) {
          int scaled = FixedPoint.multiplyByQuantizedMultiplier(in[i0 + c] - max, inputMantissa,
              inputShift);
          int centred = Math.min(Math.max(scaled + 32767, -32768), 32767);
          short e = (short) lookup(centred, expLut);
          out[o0 + c] = e;
          sum += e;
        }
        int headroomPlusOne = Integer.numberOfLeadingZeros(sum);
        int shiftedSum = (int) ((((long) sum << (headroomPlusOne - 1)) + (1 << 13)) >> 14);
        int centredSum = Math.min(Math.max(shiftedSum - ((1 << 15) + (1 << 16)), -32768), 32767);
        int reciprocal = (short) lookup(centredSum, reciprocalLut);
        int rightShift = 31 - headroomPlusOne;
        long round = 1L << (rightShift - 1);
        for (int c = 0; c < depth; c++) {
          int result = (int) ((out[o0 + c] * (long) reciprocal + round) >> rightShift);
          out[o0 + c] = (short) Math.min(Math.max(result, 0), 32767);
        }
      }
    }

    /**
     * {@code table[255 - d] = exp(-inputScale * beta * d)} in float, as TFLite's
     * PopulateSoftmaxLookupTable computes it, so a value {@code x} of a row with maximum
     * {@code m} reads {@code table[255 - m + x]}.
     */
    private static float[] expTable(float inputScale, float beta) {
      float[] t = new float[256];
      float scale = -inputScale * beta;
      for (int d = 0; d <= 255; d++) {
        t[255 - d] = (float) Math.exp(scale * d);
      }
      return t;
    }

    /** Quantized rows of task {@code t} of {@link #tasks}. */
    private void quantizedRows(int t) {
      boolean unsigned = input.dataType() == DataType.UINT8;
      DataType outType = output.dataType();
      byte[] in = input.bytes();
      byte[] outBytes = outType == DataType.INT16 ? null : output.bytes();
      short[] outShorts = outType == DataType.INT16 ? output.shorts() : null;
      int lowest = PerTensorQuantization.min(outType);
      int highest = PerTensorQuantization.max(outType);
      int from = (int) ((long) rows * t / tasks);
      int to = (int) ((long) rows * (t + 1) / tasks);
      for (int r = from; r < to; r++) {
        int i0 = input.offset() + r * depth;
        int o0 = output.offset() + r * depth;
        int max = unsigned ? 0 : Byte.MIN_VALUE;
        for (int c = 0; c < depth; c++) {
          max = Math.max(max, unsigned ? in[i0 + c] & 0xff : in[i0 + c]);
        }
        int base = 255 - max;
        float sum = 0f;
        for (int c = 0; c < depth; c++) {
          sum += table[base + (unsigned ? in[i0 + c] & 0xff : in[i0 + c])];
        }
        float inverse = 1f / (sum * outputScale);
        for (int c = 0; c < depth; c++) {
          float p = table[base + (unsigned ? in[i0 + c] & 0xff : in[i0 + c])] * inverse;
          int q = Math.min(Math.max(quantize(p, outType), lowest), highest);
          if (outShorts != null) {
            outShorts[o0 + c] = (short) q;
          } else {
            outBytes[o0 + c] = (byte) q;
          }
        }
      }
    }

    /**
     * TFLite's QuantizeSoftmaxOutput on x86-64: uint8 adds 0.5 and truncates, ignoring the zero
     * point; the other types round half away from zero and add the zero point.
     */
    private int quantize(float p, DataType outType) {
      if (outType == DataType.UINT8) {
        return FixedPoint.toInt32AsX86(p + 0.5f);
      }
      float rounded = Float.isNaN(p) ? p : (float) FixedPoint.roundHalfAway(p);
      return FixedPoint.toInt32AsX86(rounded) + outputZeroPoint;
    }

    /** Rows of task {@code t} of {@link #tasks}. */
    private void rows(int t) {
      float[] in = input.floats();
      float[] out = output.floats();
      int from = (int) ((long) rows * t / tasks);
      int to = (int) ((long) rows * (t + 1) / tasks);
      for (int r = from; r < to; r++) {
        int i0 = input.offset() + r * depth;
        int o0 = output.offset() + r * depth;
        float max = -Float.MAX_VALUE;
        for (int c = 0; c < depth; c++) {
          max = Math.max(max, in[i0 + c]);
        }
        float sum = 0f;
        if (log) {
          for (int c = 0; c < depth; c++) {
            sum += (float) Math.exp(in[i0 + c] - max);
          }
          float logSum = (float) Math.log(sum);
          for (int c = 0; c < depth; c++) {
            out[o0 + c] = in[i0 + c] - max - logSum;
          }
        } else {
          for (int c = 0; c < depth; c++) {
            float e = (float) Math.exp((in[i0 + c] - max) * beta);
            out[o0 + c] = e;
            sum += e;
          }
          for (int c = 0; c < depth; c++) {
            out[o0 + c] /= sum;
          }
        }
      }
    }
  }
}
