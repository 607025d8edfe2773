package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ReducerOptions;
import java.util.Arrays;

/**
 * Reductions over the axes given by an int32 tensor (negative axes count from the end, duplicates
 * count once): MEAN, SUM, REDUCE_PROD, REDUCE_MAX, REDUCE_MIN on float32, int32 and int64, and
 * REDUCE_ANY, REDUCE_ALL on bool. As TFLite, sums and products accumulate in the element type (MEAN
 * on integers in 64 bits, dividing with truncation), in input order; an empty input gives the
 * reduction's neutral value (MEAN: NaN, or 0 for integers), REDUCE_MAX of nothing is the lowest
 * finite value.
 *
 * <p>MEAN and SUM also take uint8 and int8, summing the stored values in 32 bits and taking the
 * path TFLite's builtin kernel takes: a 4-D MEAN over axes 1 and 2 with keep_dims uses
 * {@code inScale / (count * outScale)} as one fixed-point multiplier plus an integer bias; other
 * MEANs subtract {@code count * inZeroPoint} from the sum and apply the fixed-point multiplier
 * {@code inScale / outScale} with {@code 1 / count} folded into it; SUM rescales in float,
 * {@code round(sum * s - inZeroPoint * s * count) + outZeroPoint}. All clamp to the type.
 * REDUCE_MAX and REDUCE_MIN compare uint8 and int8 stored values, input and output sharing their
 * quantization as TFLite requires.
 *
 * <p>int16 (zero points 0, as TFLite requires): every MEAN, the 4-D spatial one included, takes
 * the fixed-point path with {@code 1 / count} folded into the multiplier (what the oracle
 * computes). SUM, REDUCE_MAX and REDUCE_MIN need input and output to share their scale; SUM adds
 * the stored values in 16 bits, wrapping as TFLite's int16 accumulator does. REDUCE_PROD takes
 * quantized int8 and int16 (not uint8, as TFLite), rescaling each multiplication step.
 */
final class ReduceKernels {
  private ReduceKernels() {}

  enum Op { MEAN, SUM, PROD, MAX, MIN, ANY, ALL }

  /** How a quantized MEAN or SUM turns a 32-bit sum of stored values into an output value. */
  enum QuantizedPath { MEAN_4D, MEAN, SUM, INT16_SUM }

  private static boolean isQuantized(DataType type) {
    return type == DataType.UINT8 || type == DataType.INT8 || type == DataType.INT16;
  }

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.MEAN, () -> new Reduce(Op.MEAN));
    builder.addBuiltin(BuiltinOperator.SUM, () -> new Reduce(Op.SUM));
    builder.addBuiltin(BuiltinOperator.REDUCE_PROD, () -> new Reduce(Op.PROD));
    builder.addBuiltin(BuiltinOperator.REDUCE_MAX, () -> new Reduce(Op.MAX));
    builder.addBuiltin(BuiltinOperator.REDUCE_MIN, () -> new Reduce(Op.MIN));
    builder.addBuiltin(BuiltinOperator.REDUCE_ANY, () -> new Reduce(Op.ANY));
    builder.addBuiltin(BuiltinOperator.REDUCE_ALL, () -> new Reduce(Op.ALL));
  }

  /** One reduction node. */
  static final class Reduce implements Kernel {
    private final Op op;
    private boolean keepDims;
    private boolean constantAxes;
    private Tensor input;
    private Tensor axes;
    private Tensor output;
    /** Output element where each input row (the innermost dimension) starts. */
    private int[] rowOutput;
    private int rowLength;
    private boolean innermostReduced;
    private int outputCount;
    /** Number of input elements folded into each output element. */
    private int reducedCount;
    private long[] wideSums;
    /** Quantized REDUCE_PROD: whether an output element has taken its first factor. */
    private boolean[] prodStarted;
    private QuantizedPath path;
    private int inputZeroPoint;
    private int mantissa;
    private int shift;
    private int bias4d;
    private float sumScale;
    private float sumBias;
    private int outputZeroPoint;
    private int outputMin;
    private int outputMax;

    Reduce(Op op) {
      this.op = op;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(2, 2, 1);
      input = node.input(0);
      axes = node.input(1);
      output = node.output(0);
      if (op == Op.ANY || op == Op.ALL) {
        node.checkType(input, "input", DataType.BOOL);
      } else if (op == Op.MEAN || op == Op.SUM || op == Op.MAX || op == Op.MIN) {
        node.checkType(input, "input", DataType.FLOAT32, DataType.INT32, DataType.INT64,
            DataType.UINT8, DataType.INT8, DataType.INT16);
      } else {
        // TFLite's quantized REDUCE_PROD takes int8 and int16, not uint8.
        node.checkType(input, "input", DataType.FLOAT32, DataType.INT32, DataType.INT64,
            DataType.INT8, DataType.INT16);
      }
      node.checkType(axes, "axis", DataType.INT32);
      node.checkType(output, "output", input.dataType());
      ReducerOptions o = node.options(new ReducerOptions(), BuiltinOptions.ReducerOptions);
      keepDims = o != null && o.keepDims();
      if (isQuantized(input.dataType())) {
        PerTensorQuantization.check(node, input, "input");
        PerTensorQuantization.check(node, output, "output");
        outputZeroPoint = output.quantizationParams().zeroPoint();
        outputMin = PerTensorQuantization.min(output.dataType());
        outputMax = PerTensorQuantization.max(output.dataType());
        boolean int16 = input.dataType() == DataType.INT16;
        if (int16 && (input.quantizationParams().zeroPoint() != 0 || outputZeroPoint != 0)) {
          throw node.invalid("int16 input and output need zero point 0, have "
              + input.quantizationParams() + " and " + output.quantizationParams());
        }
        if ((op == Op.MAX || op == Op.MIN || (int16 && op == Op.SUM))
            && (input.quantizationParams().scale() != output.quantizationParams().scale()
                || input.quantizationParams().zeroPoint() != outputZeroPoint)) {
          throw node.invalid("input and output must share scale and zero point (TFLite compares"
              + " stored values), have " + input.quantizationParams() + " and "
              + output.quantizationParams());
        }
      }
      constantAxes = axes.isConstant();
      if (constantAxes) {
        String error = plan(node);
        if (error != null) {
          throw node.invalid(error);
        }
      } else {
        node.markOutputDynamic(0);
      }
    }

    /** Resolves the axes, sizes the output and builds the row table; returns an error or null. */
    private String plan(Node node) {
      int rank = input.numDimensions();
      int[] shape = input.shape();
      int[] axisValues = axes.ints();
      int axisOffset = axes.offset();
      boolean[] reduced = new boolean[rank];
      // A scalar has nothing to reduce: TFLite ignores the axes then.
      for (int i = 0; rank > 0 && i < axes.numElements(); i++) {
        int a = axisValues[axisOffset + i];
        int resolved = a < 0 ? a + rank : a;
        if (resolved < 0 || resolved >= rank) {
          return "axis " + a + " is out of range for input rank " + rank;
        }
        reduced[resolved] = true;
      }
      int[] outShape = new int[rank];
      int outRank = 0;
      long count = 1;
      for (int d = 0; d < rank; d++) {
        if (reduced[d]) {
          count *= shape[d];
          if (keepDims) {
            outShape[outRank++] = 1;
          }
        } else {
          outShape[outRank++] = shape[d];
        }
      }
      node.resizeOutput(0, Arrays.copyOf(outShape, outRank));
      reducedCount = (int) count;
      outputCount = output.numElements();
      rowLength = rank == 0 ? 1 : shape[rank - 1];
      innermostReduced = rank == 0 || reduced[rank - 1];
      int rows = rank == 0 ? 1 : Shapes.flatSize(shape, 0, rank - 1);
      if (input.numElements() == 0) {
        rows = 0;
      }
      rowOutput = new int[rows];
      // Output strides of the non-reduced dimensions, walked with an odometer over input rows.
      int[] outStride = new int[rank];
      for (int d = rank - 1, s = 1; d >= 0; d--) {
        outStride[d] = reduced[d] ? 0 : s;
        s *= reduced[d] ? 1 : shape[d];
      }
      int[] counter = new int[Math.max(rank - 1, 0)];
      int at = 0;
      for (int r = 0; r < rows; r++) {
        rowOutput[r] = at;
        for (int d = rank - 2; d >= 0; d--) {
          at += outStride[d];
          if (++counter[d] < shape[d]) {
            break;
          }
          at -= outStride[d] * shape[d];
          counter[d] = 0;
        }
      }
      boolean quantizedSum = isQuantized(input.dataType()) && (op == Op.MEAN || op == Op.SUM);
      if ((op == Op.MEAN || quantizedSum) && input.dataType() != DataType.FLOAT32) {
        wideSums = new long[outputCount];
      }
      if (quantizedSum) {
        choosePath(axisValues, axisOffset, rank);
      }
      if (op == Op.PROD && isQuantized(input.dataType())) {
        planQuantizedProd();
      }
      return null;
    }

    /**
     * Picks TFLite's path for a quantized MEAN or SUM and precomputes its constants in TFLite's
     * float and fixed-point arithmetic. The 4-D special case looks at the axes as written (1 and
     * 2, in either order), not at their resolved values.
     */
    private void choosePath(int[] axisValues, int axisOffset, int rank) {
      float inScale = input.quantizationParams().scale();
      inputZeroPoint = input.quantizationParams().zeroPoint();
      float outScale = output.quantizationParams().scale();
      int a0 = axes.numElements() == 2 ? axisValues[axisOffset] : 0;
      int a1 = axes.numElements() == 2 ? axisValues[axisOffset + 1] : 0;
      boolean spatial = keepDims && rank == 4 && axes.numElements() == 2
          && ((a0 == 1 && a1 == 2) || (a0 == 2 && a1 == 1));
      if (input.dataType() == DataType.INT16 && op == Op.SUM) {
        path = QuantizedPath.INT16_SUM;
        return;
      }
      if (op == Op.MEAN && spatial && input.dataType() != DataType.INT16) {
        path = QuantizedPath.MEAN_4D;
        float temp = inputZeroPoint * inScale / outScale;
        temp = temp > 0 ? temp + 0.5f : temp - 0.5f;
        bias4d = outputZeroPoint - FixedPoint.toInt32AsX86(temp);
        float count = (float) (input.dim(1) * input.dim(2));
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(inScale / (count * outScale));
        mantissa = m.mantissa();
        shift = m.shift();
        return;
      }
      if (op == Op.SUM) {
        path = QuantizedPath.SUM;
        sumScale = inScale / outScale;
        sumBias = -inputZeroPoint * sumScale * (float) reducedCount;
        return;
      }
      path = QuantizedPath.MEAN;
      FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier((double) inScale / outScale);
      mantissa = m.mantissa();
      shift = m.shift();
      if (reducedCount > 0) {
        // Fold 1 / count into the multiplier, keeping the shift within what the rounding
        // multiply accepts, as TFLite's QuantizedMeanOrSum does.
        int extra = 63 - Long.numberOfLeadingZeros(reducedCount);
        extra = Math.min(extra, 32);
        extra = Math.min(extra, 31 + shift);
        mantissa = (int) (((long) mantissa << extra) / reducedCount);
        shift -= extra;
      }
    }

    /** Quantized MEAN or SUM over uint8 or int8 stored values. */
    private void reduceQuantized(byte[] in, int io, byte[] out, int oo) {
      boolean unsigned = input.dataType() == DataType.UINT8;
      Arrays.fill(wideSums, 0);
      int step = innermostReduced ? 0 : 1;
      for (int r = 0; r < rowOutput.length; r++) {
        int base = io + r * rowLength;
        int o = rowOutput[r];
        for (int j = 0; j < rowLength; j++) {
          wideSums[o + j * step] += unsigned ? in[base + j] & 0xff : in[base + j];
        }
      }
      for (int i = 0; i < outputCount; i++) {
        out[oo + i] = (byte) (rowOutput.length == 0 ? 0 : quantizedValue((int) wideSums[i]));
      }
    }

    /**
     * TFLite rescales every step of a quantized product by {@code inScale / outScale^(1/count)}
     * (64-bit product, 16-bit-mantissa multiplier) so that the 32-bit accumulator cannot overflow,
     * and rescales the final product once more.
     */
    private void planQuantizedProd() {
      wideSums = new long[outputCount];
      prodStarted = new boolean[outputCount];
      inputZeroPoint = input.quantizationParams().zeroPoint();
      if (reducedCount > 0 && outputCount > 0) {
        double scaling = input.quantizationParams().scale()
            / Math.pow(output.quantizationParams().scale(), 1.0 / reducedCount);
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier(scaling);
        mantissa = m.mantissa();
        shift = m.shift();
      }
    }

    private void prodStep(int at, int value) {
      int v = value - inputZeroPoint;
      if (prodStarted[at]) {
        wideSums[at] =
            FixedPoint.multiplyByQuantizedMultiplier(wideSums[at] * v, mantissa, shift);
      } else {
        prodStarted[at] = true;
        wideSums[at] = v;
      }
    }

    /** Quantized REDUCE_PROD over int8 (bytes) or int16 (shorts) stored values. */
    private void reduceQuantizedProd(byte[] bytes, short[] shorts, int io, byte[] outBytes,
        short[] outShorts, int oo) {
      Arrays.fill(prodStarted, false);
      int step = innermostReduced ? 0 : 1;
      for (int r = 0; r < rowOutput.length; r++) {
        int base = io + r * rowLength;
        int o = rowOutput[r];
        for (int j = 0; j < rowLength; j++) {
          prodStep(o + j * step, bytes != null ? bytes[base + j] : shorts[base + j]);
        }
      }
      for (int i = 0; i < outputCount; i++) {
        int value = rowOutput.length == 0 ? 0 : Math.min(Math.max(
            FixedPoint.multiplyByQuantizedMultiplier(wideSums[i], mantissa, shift)
                + outputZeroPoint, outputMin), outputMax);
        if (outBytes != null) {
          outBytes[oo + i] = (byte) value;
        } else {
          outShorts[oo + i] = (short) value;
        }
      }
    }

    /** Quantized MEAN or SUM over int16 stored values. */
    private void reduceQuantizedShorts(short[] in, int io, short[] out, int oo) {
      Arrays.fill(wideSums, 0);
      int step = innermostReduced ? 0 : 1;
      for (int r = 0; r < rowOutput.length; r++) {
        int base = io + r * rowLength;
        int o = rowOutput[r];
        for (int j = 0; j < rowLength; j++) {
          wideSums[o + j * step] += in[base + j];
        }
      }
      for (int i = 0; i < outputCount; i++) {
        out[oo + i] = (short) (rowOutput.length == 0 ? 0 : quantizedValue((int) wideSums[i]));
      }
    }

    private int quantizedValue(int sum) {
      int value = switch (path) {
        // The 16-bit accumulator wraps and TFLite stores it unclamped.
        case INT16_SUM -> (short) sum;
        case MEAN_4D -> FixedPoint.multiplyByQuantizedMultiplier(sum, mantissa, shift) + bias4d;
        case MEAN -> FixedPoint.multiplyByQuantizedMultiplier(
            (int) (sum - (long) inputZeroPoint * reducedCount), mantissa, shift)
            + outputZeroPoint;
        case SUM -> FixedPoint.toInt32AsX86(
            (float) FixedPoint.roundHalfAway(sum * sumScale + sumBias)) + outputZeroPoint;
      };
      return Math.min(Math.max(value, outputMin), outputMax);
    }

    @Override
    public void eval(Node node) {
      if (!constantAxes) {
        String error = plan(node);
        if (error != null) {
          throw new InferenceException(node + ": " + error);
        }
      }
      switch (input.dataType()) {
        case FLOAT32 -> reduceFloats(input.floats(), input.offset(), output.floats(),
            output.offset());
        case INT32 -> {
          if (op == Op.MEAN) {
            meanInts(input.ints(), input.offset(), output.ints(), output.offset());
          } else {
            reduceInts(input.ints(), input.offset(), output.ints(), output.offset());
          }
        }
        case INT64 -> reduceLongs(input.longs(), input.offset(), output.longs(), output.offset());
        case UINT8, INT8 -> {
          if (op == Op.PROD) {
            reduceQuantizedProd(input.bytes(), null, input.offset(), output.bytes(), null,
                output.offset());
          } else if (op == Op.MAX || op == Op.MIN) {
            reduceStoredExtremes(input.bytes(), input.offset(), output.bytes(), output.offset());
          } else {
            reduceQuantized(input.bytes(), input.offset(), output.bytes(), output.offset());
          }
        }
        case INT16 -> {
          if (op == Op.PROD) {
            reduceQuantizedProd(null, input.shorts(), input.offset(), null, output.shorts(),
                output.offset());
          } else if (op == Op.MAX || op == Op.MIN) {
            reduceShortExtremes(input.shorts(), input.offset(), output.shorts(),
                output.offset());
          } else {
            reduceQuantizedShorts(input.shorts(), input.offset(), output.shorts(),
                output.offset());
          }
        }
        default -> reduceBools(input.bytes(), input.offset(), output.bytes(), output.offset());
      }
    }

    private void reduceFloats(float[] in, int io, float[] out, int oo) {
      float init = switch (op) {
        case PROD -> 1f;
        case MAX -> -Float.MAX_VALUE;
        case MIN -> Float.MAX_VALUE;
        default -> 0f;
      };
      if (op == Op.MEAN && input.numElements() == 0) {
        init = Float.NaN;
      }
      Arrays.fill(out, oo, oo + outputCount, init);
      for (int r = 0; r < rowOutput.length; r++) {
        int base = io + r * rowLength;
        int o = oo + rowOutput[r];
        if (innermostReduced) {
          float acc = out[o];
          for (int j = 0; j < rowLength; j++) {
            acc = combine(acc, in[base + j]);
          }
          out[o] = acc;
        } else {
          for (int j = 0; j < rowLength; j++) {
            out[o + j] = combine(out[o + j], in[base + j]);
          }
        }
      }
      if (op == Op.MEAN && input.numElements() > 0) {
        float n = reducedCount;
        for (int i = 0; i < outputCount; i++) {
          out[oo + i] /= n;
        }
      }
    }

    private float combine(float acc, float v) {
      return switch (op) {
        case PROD -> v * acc;
        case MAX -> v > acc ? v : acc;
        case MIN -> v < acc ? v : acc;
        default -> v + acc;
      };
    }

    private void reduceInts(int[] in, int io, int[] out, int oo) {
      int init = switch (op) {
        case PROD -> 1;
        case MAX -> Integer.MIN_VALUE;
        case MIN -> Integer.MAX_VALUE;
        default -> 0;
      };
      Arrays.fill(out, oo, oo + outputCount, init);
      for (int r = 0; r < rowOutput.length; r++) {
        int base = io + r * rowLength;
        int o = oo + rowOutput[r];
        int step = innermostReduced ? 0 : 1;
        for (int j = 0; j < rowLength; j++) {
          int at = o + j * step;
          int acc = out[at];
          int v = in[base + j];
          out[at] = switch (op) {
            case PROD -> v * acc;
            case MAX -> Math.max(v, acc);
            case MIN -> Math.min(v, acc);
            default -> v + acc;
          };
        }
      }
    }

    /** MEAN on int32: 64-bit sums, then division truncating toward zero. */
    private void meanInts(int[] in, int io, int[] out, int oo) {
      Arrays.fill(wideSums, 0);
      int step = innermostReduced ? 0 : 1;
      for (int r = 0; r < rowOutput.length; r++) {
        int base = io + r * rowLength;
        for (int j = 0; j < rowLength; j++) {
          wideSums[rowOutput[r] + j * step] += in[base + j];
        }
      }
      for (int i = 0; i < outputCount; i++) {
        out[oo + i] = rowOutput.length == 0 ? 0 : (int) (wideSums[i] / reducedCount);
      }
    }

    private void reduceLongs(long[] in, int io, long[] out, int oo) {
      long init = switch (op) {
        case PROD -> 1;
        case MAX -> Long.MIN_VALUE;
        case MIN -> Long.MAX_VALUE;
        default -> 0;
      };
      Arrays.fill(out, oo, oo + outputCount, init);
      for (int r = 0; r < rowOutput.length; r++) {
        int base = io + r * rowLength;
        int o = oo + rowOutput[r];
        int step = innermostReduced ? 0 : 1;
        for (int j = 0; j < rowLength; j++) {
          int at = o + j * step;
          long acc = out[at];
          long v = in[base + j];
          out[at] = switch (op) {
            case PROD -> v * acc;
            case MAX -> Math.max(v, acc);
            case MIN -> Math.min(v, acc);
            default -> v + acc;
          };
        }
      }
      if (op == Op.MEAN) {
        for (int i = 0; i < outputCount; i++) {
          out[oo + i] = rowOutput.length == 0 ? 0 : out[oo + i] / reducedCount;
        }
      }
    }

    /** REDUCE_MAX and REDUCE_MIN of uint8 or int8 stored values (shared quantization). */
    private void reduceStoredExtremes(byte[] in, int io, byte[] out, int oo) {
      boolean unsigned = input.dataType() == DataType.UINT8;
      int init = op == Op.MAX ? outputMin : outputMax;
      Arrays.fill(out, oo, oo + outputCount, (byte) init);
      int step = innermostReduced ? 0 : 1;
      for (int r = 0; r < rowOutput.length; r++) {
        int base = io + r * rowLength;
        int o = oo + rowOutput[r];
        for (int j = 0; j < rowLength; j++) {
          int at = o + j * step;
          int acc = unsigned ? out[at] & 0xff : out[at];
          int v = unsigned ? in[base + j] & 0xff : in[base + j];
          out[at] = (byte) (op == Op.MAX ? Math.max(v, acc) : Math.min(v, acc));
        }
      }
    }

    /** REDUCE_MAX and REDUCE_MIN of int16 stored values (shared quantization). */
    private void reduceShortExtremes(short[] in, int io, short[] out, int oo) {
      Arrays.fill(out, oo, oo + outputCount, (short) (op == Op.MAX ? outputMin : outputMax));
      int step = innermostReduced ? 0 : 1;
      for (int r = 0; r < rowOutput.length; r++) {
        int base = io + r * rowLength;
        int o = oo + rowOutput[r];
        for (int j = 0; j < rowLength; j++) {
          int at = o + j * step;
          out[at] = (short) (op == Op.MAX ? Math.max(in[base + j], out[at])
              : Math.min(in[base + j], out[at]));
        }
      }
    }

    private void reduceBools(byte[] in, int io, byte[] out, int oo) {
      boolean all = op == Op.ALL;
      Arrays.fill(out, oo, oo + outputCount, (byte) (all ? 1 : 0));
      for (int r = 0; r < rowOutput.length; r++) {
        int base = io + r * rowLength;
        int o = oo + rowOutput[r];
        int step = innermostReduced ? 0 : 1;
        for (int j = 0; j < rowLength; j++) {
          int at = o + j * step;
          boolean v = in[base + j] != 0;
          boolean acc = out[at] != 0;
          out[at] = (byte) ((all ? v && acc : v || acc) ? 1 : 0);
        }
      }
    }
  }
}
