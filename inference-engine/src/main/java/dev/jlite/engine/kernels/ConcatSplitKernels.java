package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.QuantizationParams;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.ConcatenationOptions;
import dev.jlite.schema.model.PackOptions;
import dev.jlite.schema.model.SplitOptions;
import dev.jlite.schema.model.SplitVOptions;
import dev.jlite.schema.model.UnpackOptions;
import java.util.Arrays;

/**
 * Operators that join tensors along an axis or cut one apart: CONCATENATION and PACK (many inputs,
 * one output), SPLIT, SPLIT_V and UNPACK (one input, many outputs), for float32, int32, int64,
 * uint8, int8, int16 and bool. Each input (or output) is one {@link StridedCopy} into (or out of)
 * its slab of the joined tensor. CONCATENATION applies a fused activation to float32 (TFLite 2.19
 * refuses any), and, as TFLite, joins uint8 inputs quantized differently from the output by
 * requantizing them: {@code round(q * s + b) + outZeroPoint} in float, with
 * {@code s = inScale * (1 / outScale)} and {@code b = -inZeroPoint * s}; int16 inputs (zero point
 * 0) are copied as stored whatever their scale, as TFLite does; other types must share the
 * output's parameters. SPLIT and SPLIT_V copy stored values into outputs of any quantization, as
 * TFLite (which does not look at it).
 */
final class ConcatSplitKernels {
  private ConcatSplitKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.CONCATENATION, Concatenation::new);
    builder.addBuiltin(BuiltinOperator.PACK, Pack::new);
    builder.addBuiltin(BuiltinOperator.SPLIT, () -> new Split(false));
    builder.addBuiltin(BuiltinOperator.SPLIT_V, () -> new Split(true));
    builder.addBuiltin(BuiltinOperator.UNPACK, Unpack::new);
  }

  /** Fails unless every tensor has the reference's type and, if quantized, its parameters. */
  static void checkSameData(Node node, Tensor reference, Tensor tensor, String role) {
    node.checkType(tensor, role, reference.dataType());
    QuantizationParams a = reference.quantizationParams();
    QuantizationParams b = tensor.quantizationParams();
    if (reference.dataType() != DataType.FLOAT32 && a.isQuantized() && b.isQuantized()
        && (a.scale() != b.scale() || a.zeroPoint() != b.zeroPoint())) {
      throw node.invalid(role + " is quantized with " + b + ", tensor " + reference.index()
          + " with " + a + ": requantizing is not supported");
    }
  }

  /** Joins the inputs into output 0: input i goes to output offset {@code bases[i]}. */
  private abstract static class Join extends ValueShapedKernel {
    StridedCopy[] copies;
    int[] bases;

    @Override
    void run(Node node) {
      Tensor out = node.output(0);
      Object dst = ElementArrays.of(out);
      for (int i = 0; i < copies.length; i++) {
        Tensor in = node.input(i);
        copies[i].run(ElementArrays.of(in), in.offset(), dst, out.offset() + bases[i]);
      }
    }

    void checkInputs(Node node) {
      node.checkArity(1, Integer.MAX_VALUE, 1);
      Tensor first = node.input(0);
      node.checkType(first, "input 0", ElementArrays.NUMERIC);
      // TFLite's CONCATENATION requantizes uint8 and copies int16 stored values whatever the
      // scales, only asking int16 zero points to be 0.
      boolean rescale = rescalesUint8() && first.dataType() == DataType.UINT8;
      boolean rawInt16 = rescalesUint8() && first.dataType() == DataType.INT16;
      for (int i = 0; i < node.inputCount(); i++) {
        if (!node.hasInput(i)) {
          throw node.invalid("input " + i + " is missing");
        }
        if (rescale || rawInt16) {
          node.checkType(node.input(i), "input " + i, first.dataType());
        } else {
          checkSameData(node, first, node.input(i), "input " + i);
        }
        if (rawInt16) {
          checkZeroPointZero(node, node.input(i), "input " + i);
        }
      }
      if (rescale || rawInt16) {
        node.checkType(node.output(0), "output", first.dataType());
      } else {
        checkSameData(node, first, node.output(0), "output");
      }
      if (rawInt16) {
        checkZeroPointZero(node, node.output(0), "output");
      }
    }

    private static void checkZeroPointZero(Node node, Tensor tensor, String role) {
      if (tensor.quantizationParams().zeroPoint() != 0) {
        throw node.invalid("int16 " + role + " needs zero point 0, has "
            + tensor.quantizationParams());
      }
    }

    /** Whether uint8 (and int16) inputs may be quantized differently from the output. */
    boolean rescalesUint8() {
      return false;
    }
  }

  /** CONCATENATION: inputs of one rank joined along the axis, then the fused activation. */
  static final class Concatenation extends Join {
    private FusedActivation activation;
    /** Per input: requantize into the output (uint8 with other parameters), or copy. */
    private boolean[] requantize;
    private float[] inputScale;
    private float[] inputBias;
    private int outputZeroPoint;
    private int outer;
    private int outerStride;
    private int[] slab;

    @Override
    boolean rescalesUint8() {
      return true;
    }

    @Override
    void check(Node node) {
      checkInputs(node);
      ConcatenationOptions options =
          node.options(new ConcatenationOptions(), BuiltinOptions.ConcatenationOptions);
      activation = FusedActivation.of(node,
          options == null ? 0 : options.fusedActivationFunction());
      if (!activation.isNone() && node.input(0).dataType() != DataType.FLOAT32) {
        throw node.invalid("fused activation on " + node.input(0).dataType()
            + " concatenation is not supported");
      }
      prepareRequantizing(node);
    }

    /**
     * Finds the uint8 inputs whose scale or zero point differs from the output's and precomputes
     * their float scale and bias exactly as TFLite's ConcatenationWithScaling does.
     */
    private void prepareRequantizing(Node node) {
      int n = node.inputCount();
      requantize = new boolean[n];
      inputScale = new float[n];
      inputBias = new float[n];
      if (node.input(0).dataType() != DataType.UINT8) {
        return;
      }
      Tensor output = node.output(0);
      QuantizationParams o = output.quantizationParams();
      outputZeroPoint = o.zeroPoint();
      for (int i = 0; i < n; i++) {
        QuantizationParams q = node.input(i).quantizationParams();
        if (q.zeroPoint() == o.zeroPoint() && q.scale() == o.scale()) {
          continue;
        }
        PerTensorQuantization.check(node, node.input(i), "input " + i);
        PerTensorQuantization.check(node, output, "output");
        requantize[i] = true;
        inputScale[i] = q.scale() * (1f / o.scale());
        inputBias[i] = -q.zeroPoint() * inputScale[i];
      }
    }

    @Override
    void configure(Node node) {
      ConcatenationOptions options =
          node.options(new ConcatenationOptions(), BuiltinOptions.ConcatenationOptions);
      int[] first = node.input(0).shape();
      int rank = first.length;
      int axis = Shapes.axis(node, options == null ? 0 : options.axis(), rank, "axis");
      long total = 0;
      for (int i = 0; i < node.inputCount(); i++) {
        int[] shape = node.input(i).shape();
        if (shape.length != rank) {
          throw node.invalid("input " + i + " has rank " + shape.length + ", input 0 has " + rank);
        }
        for (int d = 0; d < rank; d++) {
          if (d != axis && shape[d] != first[d]) {
            throw node.invalid("input " + i + " shape " + Arrays.toString(shape)
                + " differs from input 0 shape " + Arrays.toString(first) + " outside axis "
                + axis);
          }
        }
        total += shape[axis];
        if (total > Integer.MAX_VALUE) {
          throw node.invalid("the inputs' sizes along axis " + axis + " add up to more than 2^31");
        }
      }
      int[] out = first.clone();
      out[axis] = (int) total;
      resize(node, 0, out);
      int[] outStrides = StridedCopy.strides(out);
      copies = new StridedCopy[node.inputCount()];
      bases = new int[copies.length];
      int at = 0;
      slab = new int[copies.length];
      for (int i = 0; i < copies.length; i++) {
        int[] shape = node.input(i).shape();
        copies[i] = new StridedCopy(shape, StridedCopy.strides(shape), outStrides);
        bases[i] = at * outStrides[axis];
        slab[i] = shape[axis] * outStrides[axis];
        at += shape[axis];
      }
      outer = 1;
      for (int d = 0; d < axis; d++) {
        outer *= out[d];
      }
      outerStride = out[axis] * outStrides[axis];
    }

    @Override
    void run(Node node) {
      super.run(node);
      Tensor out = node.output(0);
      for (int i = 0; i < requantize.length; i++) {
        if (requantize[i]) {
          requantizeSlabs(out.bytes(), out.offset() + bases[i], slab[i], inputScale[i],
              inputBias[i]);
        }
      }
      if (!activation.isNone()) {
        float[] o = out.floats();
        for (int i = out.offset(), end = i + out.numElements(); i < end; i++) {
          o[i] = activation.apply(o[i]);
        }
      }
    }

    /** Requantizes, in place, the raw uint8 values an input's copy put into every outer slab. */
    private void requantizeSlabs(byte[] o, int start, int size, float scale, float bias) {
      for (int k = 0; k < outer; k++) {
        for (int j = start + k * outerStride, end = j + size; j < end; j++) {
          float rounded = (float) FixedPoint.roundHalfAway((o[j] & 0xff) * scale + bias);
          int value = FixedPoint.toInt32AsX86(rounded) + outputZeroPoint;
          o[j] = (byte) Math.max(Math.min(255, value), 0);
        }
      }
    }
  }

  /** PACK: values_count inputs of one shape stacked along a new axis. */
  static final class Pack extends Join {
    @Override
    void check(Node node) {
      checkInputs(node);
    }

    @Override
    void configure(Node node) {
      PackOptions options = node.options(new PackOptions(), BuiltinOptions.PackOptions);
      int n = node.inputCount();
      if (options != null && options.valuesCount() != n) {
        throw node.invalid("values_count " + options.valuesCount() + " differs from the " + n
            + " inputs");
      }
      int[] shape = node.input(0).shape();
      int axis = Shapes.axis(node, options == null ? 0 : options.axis(), shape.length + 1,
          "axis");
      for (int i = 1; i < n; i++) {
        Shapes.checkSameShape(node, node.input(0), node.input(i), "input " + i);
      }
      int[] out = new int[shape.length + 1];
      System.arraycopy(shape, 0, out, 0, axis);
      out[axis] = n;
      System.arraycopy(shape, axis, out, axis + 1, shape.length - axis);
      resize(node, 0, out);
      int[] outStrides = StridedCopy.strides(out);
      int[] dst = new int[shape.length];
      for (int d = 0; d < shape.length; d++) {
        dst[d] = outStrides[d < axis ? d : d + 1];
      }
      StridedCopy copy = new StridedCopy(shape, StridedCopy.strides(shape), dst);
      copies = new StridedCopy[n];
      bases = new int[n];
      for (int i = 0; i < n; i++) {
        copies[i] = copy;
        bases[i] = i * outStrides[axis];
      }
    }
  }

  /** Cuts input 0 into the outputs: output i comes from input offset {@code bases[i]}. */
  private abstract static class Cut extends ValueShapedKernel {
    StridedCopy[] copies;
    int[] bases;

    Cut(int... valueInputs) {
      super(valueInputs);
    }

    @Override
    final void run(Node node) {
      Tensor in = node.input(dataInput());
      Object src = ElementArrays.of(in);
      for (int i = 0; i < copies.length; i++) {
        Tensor out = node.output(i);
        copies[i].run(src, in.offset() + bases[i], ElementArrays.of(out), out.offset());
      }
    }

    abstract int dataInput();

    /** Whether outputs quantized differently from the input get its stored values as they are. */
    boolean copiesStoredValues() {
      return false;
    }

    void checkOutputs(Node node) {
      Tensor in = node.input(dataInput());
      node.checkType(in, "input", ElementArrays.NUMERIC);
      for (int i = 0; i < node.outputCount(); i++) {
        if (copiesStoredValues()) {
          node.checkType(node.output(i), "output " + i, in.dataType());
        } else {
          checkSameData(node, in, node.output(i), "output " + i);
        }
      }
    }

    /** Sizes output i as the input with {@code size} along the axis, starting at {@code start}. */
    void cut(Node node, int i, int axis, int start, int size) {
      int[] in = node.input(dataInput()).shape();
      int[] inStrides = StridedCopy.strides(in);
      int[] out = in.clone();
      out[axis] = size;
      resize(node, i, out);
      copies[i] = new StridedCopy(out, inStrides, StridedCopy.strides(out));
      bases[i] = start * inStrides[axis];
    }
  }

  /** SPLIT (axis input 0, data input 1, equal parts) and SPLIT_V (sizes, one may be -1). */
  static final class Split extends Cut {
    private final boolean sized;

    Split(boolean sized) {
      super(sized ? new int[] {1, 2} : new int[] {0});
      this.sized = sized;
    }

    /** TFLite's SPLIT and SPLIT_V do not look at quantization: they copy stored values. */
    @Override
    boolean copiesStoredValues() {
      return true;
    }

    @Override
    int dataInput() {
      return sized ? 0 : 1;
    }

    @Override
    void check(Node node) {
      node.checkArity(sized ? 3 : 2, sized ? 3 : 2, node.outputCount());
      if (node.outputCount() == 0) {
        throw node.invalid("has no outputs");
      }
      checkOutputs(node);
      int numSplits;
      if (sized) {
        SplitVOptions options = node.options(new SplitVOptions(), BuiltinOptions.SplitVOptions);
        numSplits = options == null ? node.outputCount() : options.numSplits();
      } else {
        SplitOptions options = node.options(new SplitOptions(), BuiltinOptions.SplitOptions);
        numSplits = options == null ? node.outputCount() : options.numSplits();
      }
      if (numSplits <= 0) {
        throw node.invalid("num_splits " + numSplits + " must be positive");
      }
      if (numSplits != node.outputCount()) {
        throw node.invalid("num_splits " + numSplits + " differs from the " + node.outputCount()
            + " outputs");
      }
      Tensor axis = node.input(sized ? 2 : 0);
      node.checkType(axis, "axis", DataType.INT32, DataType.INT64);
      if (axis.numElements() != 1) {
        throw node.invalid("axis must hold one value, has " + axis.numElements());
      }
      if (sized) {
        Tensor sizes = node.input(1);
        node.checkType(sizes, "size_splits", DataType.INT32, DataType.INT64);
        if (sizes.numDimensions() != 1 || sizes.numElements() != numSplits) {
          throw node.invalid("size_splits must be a vector of " + numSplits + " values, has shape "
              + Arrays.toString(sizes.shape()));
        }
      }
    }

    @Override
    void configure(Node node) {
      int[] in = node.input(dataInput()).shape();
      int axisValue = intValues(node, sized ? 2 : 0, "axis")[0];
      int axis = axisValue < 0 ? axisValue + in.length : axisValue;
      if (axis < 0 || axis >= in.length) {
        throw fail(node, "axis " + axisValue + " is out of range for input rank " + in.length);
      }
      int n = node.outputCount();
      int[] sizes = sized ? splitSizes(node, in[axis]) : null;
      if (!sized && in[axis] % n != 0) {
        throw fail(node, "dimension " + axis + " of size " + in[axis] + " does not split into "
            + n + " equal parts");
      }
      copies = new StridedCopy[n];
      bases = new int[n];
      int start = 0;
      for (int i = 0; i < n; i++) {
        int size = sized ? sizes[i] : in[axis] / n;
        cut(node, i, axis, start, size);
        start += size;
      }
    }

    private int[] splitSizes(Node node, int dim) {
      int[] sizes = intValues(node, 1, "size_splits");
      int unknown = -1;
      long sum = 0;
      for (int i = 0; i < sizes.length; i++) {
        if (sizes[i] == -1 && unknown < 0) {
          unknown = i;
        } else if (sizes[i] < 0) {
          throw fail(node, "size_splits " + Arrays.toString(sizes)
              + (sizes[i] == -1 ? " has more than one -1" : " has a negative size"));
        } else {
          sum += sizes[i];
        }
      }
      if (unknown >= 0 ? sum > dim : sum != dim) {
        throw fail(node, "size_splits " + Arrays.toString(sizes) + " do not add up to dimension "
            + "size " + dim);
      }
      if (unknown >= 0) {
        sizes[unknown] = (int) (dim - sum);
      }
      return sizes;
    }
  }

  /** UNPACK: one output per index along the axis, the axis removed. */
  static final class Unpack extends Cut {
    @Override
    int dataInput() {
      return 0;
    }

    @Override
    void check(Node node) {
      node.checkArity(1, 1, node.outputCount());
      checkOutputs(node);
    }

    @Override
    void configure(Node node) {
      UnpackOptions options = node.options(new UnpackOptions(), BuiltinOptions.UnpackOptions);
      int[] in = node.input(0).shape();
      int axis = Shapes.axis(node, options == null ? 0 : options.axis(), in.length, "axis");
      int n = node.outputCount();
      if (in[axis] != n || (options != null && options.num() != n)) {
        throw node.invalid("num " + (options == null ? n : options.num()) + " and " + n
            + " outputs must both equal dimension " + axis + " of input shape "
            + Arrays.toString(in));
      }
      int[] inStrides = StridedCopy.strides(in);
      int[] out = new int[in.length - 1];
      int[] src = new int[in.length - 1];
      for (int d = 0, k = 0; d < in.length; d++) {
        if (d != axis) {
          out[k] = in[d];
          src[k++] = inStrides[d];
        }
      }
      StridedCopy copy = new StridedCopy(out, src, StridedCopy.strides(out));
      copies = new StridedCopy[n];
      bases = new int[n];
      for (int i = 0; i < n; i++) {
        resize(node, i, out);
        copies[i] = copy;
        bases[i] = i * inStrides[axis];
      }
    }
  }
}
