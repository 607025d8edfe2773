package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.StridedSliceOptions;
import java.util.Arrays;

/**
 * SLICE (begin and size, size -1 meaning "to the end") and STRIDED_SLICE (begin, end and strides
 * with TFLite's begin/end/ellipsis/new-axis/shrink-axis masks and the offset option), for float32,
 * int32, int64, uint8, int8, int16, bool and string, up to rank 5 as in TFLite. The slice is one
 * {@link StridedCopy} from the first selected element, negative strides walking backwards.
 */
final class SliceKernels {
  static final int MAX_RANK = 5;

  private SliceKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.SLICE, Slice::new);
    builder.addBuiltin(BuiltinOperator.STRIDED_SLICE, StridedSlice::new);
  }

  /** Input 0 to output 0 through a strided copy starting at {@code sourceBase}. */
  private abstract static class Window extends ValueShapedKernel {
    StridedCopy copy;
    int sourceBase;

    Window(int... valueInputs) {
      super(valueInputs);
    }

    void checkData(Node node, int inputs) {
      node.checkArity(inputs, inputs, 1);
      Tensor in = node.input(0);
      node.checkType(in, "input", ElementArrays.WITH_STRING);
      node.checkType(node.output(0), "output", in.dataType());
      if (in.numDimensions() > MAX_RANK) {
        throw node.invalid("input rank " + in.numDimensions() + " exceeds " + MAX_RANK);
      }
    }

    void checkIndexVector(Node node, int input, String role, int length) {
      Tensor t = node.input(input);
      node.checkType(t, role, DataType.INT32, DataType.INT64);
      if (t.numDimensions() != 1 || (length >= 0 && t.numElements() != length)) {
        throw node.invalid(role + " must be a vector" + (length >= 0 ? " of " + length
            + " values" : "") + ", has shape " + Arrays.toString(t.shape()));
      }
    }

    @Override
    final void run(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      copy.run(ElementArrays.of(in), in.offset() + sourceBase, ElementArrays.of(out),
          out.offset());
    }
  }

  /** SLICE: output dimension i holds input indices [begin[i], begin[i] + size[i]). */
  static final class Slice extends Window {
    Slice() {
      super(1, 2);
    }

    @Override
    void check(Node node) {
      checkData(node, 3);
      int rank = node.input(0).numDimensions();
      checkIndexVector(node, 1, "begin", rank);
      checkIndexVector(node, 2, "size", rank);
    }

    @Override
    void configure(Node node) {
      int[] in = node.input(0).shape();
      int[] begin = intValues(node, 1, "begin");
      int[] size = intValues(node, 2, "size");
      int[] out = new int[in.length];
      int[] strides = StridedCopy.strides(in);
      sourceBase = 0;
      for (int i = 0; i < in.length; i++) {
        int b = begin[i];
        int s = size[i] == -1 ? in[i] - b : size[i];
        if (b < 0 || b > in[i] || s < 0 || (long) b + s > in[i]) {
          throw fail(node, "begin " + Arrays.toString(begin) + " and size "
              + Arrays.toString(size) + " leave input shape " + Arrays.toString(in)
              + " in dimension " + i);
        }
        out[i] = s;
        sourceBase += b * strides[i];
      }
      resize(node, 0, out);
      copy = new StridedCopy(out, strides, StridedCopy.strides(out));
    }
  }

  /**
   * STRIDED_SLICE, following TFLite: the ellipsis and new-axis masks are first turned into an
   * "effective" input of rank at most 5 with plain begin/end masks, then each dimension is clamped.
   */
  static final class StridedSlice extends Window {
    StridedSlice() {
      super(1, 2, 3);
    }

    @Override
    void check(Node node) {
      checkData(node, 4);
      checkIndexVector(node, 1, "begin", -1);
      int count = node.input(1).numElements();
      checkIndexVector(node, 2, "end", count);
      checkIndexVector(node, 3, "strides", count);
      if (count > 32) {
        throw node.invalid("begin has " + count + " entries, more than the masks' 32 bits");
      }
      StridedSliceOptions o = options(node);
      int ellipsis = o == null ? 0 : o.ellipsisMask();
      int newAxis = o == null ? 0 : o.newAxisMask();
      long valid = count == 32 ? 0xffffffffL : (1L << count) - 1;
      if ((ellipsis & ~valid) != 0 || (newAxis & ~valid) != 0) {
        throw node.invalid("ellipsis_mask or new_axis_mask has bits beyond the " + count
            + " begin entries");
      }
      if (Integer.bitCount(ellipsis) > 1) {
        throw node.invalid("ellipsis_mask " + ellipsis + " has more than one ellipsis");
      }
      // TFLite reads end[i] as the size of effective dimension i; that is only well defined
      // when the effective dimensions are the begin entries themselves.
      if (o != null && o.offset()
          && (ellipsis != 0 || newAxis != 0 || count != node.input(0).numDimensions())) {
        throw node.invalid("offset needs one begin entry per input dimension and no ellipsis or "
            + "new axes");
      }
    }

    private static StridedSliceOptions options(Node node) {
      return node.options(new StridedSliceOptions(), BuiltinOptions.StridedSliceOptions);
    }

    @Override
    void configure(Node node) {
      StridedSliceOptions o = options(node);
      int beginMaskIn = o == null ? 0 : o.beginMask();
      int endMaskIn = o == null ? 0 : o.endMask();
      int ellipsisMask = o == null ? 0 : o.ellipsisMask();
      int newAxisMask = o == null ? 0 : o.newAxisMask();
      int shrinkMaskIn = o == null ? 0 : o.shrinkAxisMask();
      boolean offset = o != null && o.offset();
      int[] input = node.input(0).shape();
      int[] beginIn = intValues(node, 1, "begin");
      int[] endIn = intValues(node, 2, "end");
      int[] stridesIn = intValues(node, 3, "strides");
      int count = beginIn.length;

      // New axes outside the ellipsis each add one dimension of size 1.
      int added = 0;
      for (int i = 0; i < count; i++) {
        if ((ellipsisMask & (1 << i)) == 0 && (newAxisMask & (1 << i)) != 0) {
          added++;
        }
      }
      int dims = input.length + added;
      if (dims > MAX_RANK) {
        throw fail(node, "the slice has " + dims + " dimensions with its new axes, more than "
            + MAX_RANK);
      }
      // The ellipsis covers the dimensions that begin does not name; a new-axis bit at the
      // ellipsis has no effect. Every step advances i by at least one.
      int ellipsisDims = 0;
      int ellipsisStart = dims;
      int effectiveEllipsis = 0;
      int effectiveNewAxis = 0;
      for (int i = 0; i < dims;) {
        if ((ellipsisMask & (1 << i)) != 0) {
          ellipsisStart = i;
          int stop = Math.max(i + 1, Math.min(i + 1 + added + input.length - count, dims));
          ellipsisDims = stop - i - 1;
          for (; i < stop; i++) {
            effectiveEllipsis |= 1 << i;
          }
          continue;
        }
        if ((newAxisMask & (1 << (i - ellipsisDims))) != 0) {
          effectiveNewAxis |= 1 << i;
        }
        i++;
      }

      int[] shape = new int[dims];
      int[] begin = new int[dims];
      int[] end = new int[dims];
      int[] strides = new int[dims];
      int beginMask = 0;
      int endMask = 0;
      int shrinkMask = 0;
      int addedAxes = 0;
      int passedEllipsis = 0;
      for (int i = 0; i < dims; i++) {
        boolean newAxis = (effectiveEllipsis & (1 << i)) == 0 && (effectiveNewAxis & (1 << i)) != 0;
        if (!newAxis && i - addedAxes >= input.length) {
          throw fail(node, "the masks name more dimensions than the input's " + input.length);
        }
        if ((effectiveEllipsis & (1 << i)) != 0) {
          passedEllipsis = Math.max(0, i - ellipsisStart);
          beginMask |= 1 << i;
          endMask |= 1 << i;
          strides[i] = 1;
          shape[i] = input[i - addedAxes];
        } else if (newAxis) {
          end[i] = 1;
          strides[i] = 1;
          shape[i] = 1;
          addedAxes++;
        } else if (i >= count + ellipsisDims) {
          strides[i] = 1;
          beginMask |= 1 << i;
          endMask |= 1 << i;
          shape[i] = input[i - addedAxes];
        } else {
          int k = i - passedEllipsis;
          if (k >= count) {
            throw fail(node, "begin entry " + k + " does not match an input dimension");
          }
          begin[i] = beginIn[k];
          end[i] = endIn[k];
          strides[i] = stridesIn[k];
          beginMask |= ((beginMaskIn >> k) & 1) << i;
          endMask |= ((endMaskIn >> k) & 1) << i;
          shrinkMask |= ((shrinkMaskIn >> k) & 1) << i;
          shape[i] = input[i - addedAxes];
        }
      }

      int[] inStrides = StridedCopy.strides(shape);
      int[] box = new int[dims];
      int[] src = new int[dims];
      int[] out = new int[dims];
      int outRank = 0;
      sourceBase = 0;
      for (int i = 0; i < dims; i++) {
        int stride = strides[i];
        if (stride == 0) {
          throw fail(node, "stride " + i + " is 0");
        }
        int size = shape[i];
        int start = begin[i];
        if (start < 0) {
          start += size;
        }
        start = stride > 0 ? clamp(start, 0, size) : clamp(start, -1, size - 1);
        if ((beginMask & (1 << i)) != 0) {
          start = stride > 0 ? 0 : size - 1;
        }
        boolean shrink = (shrinkMask & (1 << i)) != 0;
        int n;
        if (shrink) {
          if (stride < 0 || start < 0 || start >= size) {
            throw fail(node, "shrinking dimension " + i + " needs an index in [0, " + size
                + ") and a positive stride, has begin " + begin[i] + " and stride " + stride);
          }
          n = 1;
        } else {
          long stop = end[i];
          if (offset) {
            stop += start;
          }
          if (stop < 0) {
            stop += size;
          }
          stop = stride > 0 ? Math.max(0, Math.min(size, stop))
              : Math.max(-1, Math.min(size - 1, stop));
          if ((endMask & (1 << i)) != 0) {
            stop = stride > 0 ? size : -1;
          }
          long span = stride > 0 ? stop - start : start - stop;
          long step = Math.abs((long) stride);
          n = span <= 0 ? 0 : (int) ((span + step - 1) / step);
          if (offset) {
            // TFLite sizes the output as ceil(end / stride) but copies only what lies inside.
            long sized = Math.max(0, -Math.floorDiv(-(long) end[i], (long) stride));
            if (sized != n) {
              throw fail(node, "dimension " + i + " of size " + size + " holds " + n
                  + " elements from begin " + begin[i] + " with stride " + stride + ", not the "
                  + sized + " that end " + end[i] + " asks for");
            }
          }
          out[outRank++] = n;
        }
        box[i] = n;
        src[i] = n > 1 ? stride * inStrides[i] : 0;
        if (n > 0) {
          sourceBase += start * inStrides[i];
        }
      }
      resize(node, 0, Arrays.copyOf(out, outRank));
      copy = new StridedCopy(box, src, StridedCopy.strides(box));
    }

    private static int clamp(int v, int lo, int hi) {
      return Math.max(lo, Math.min(hi, v));
    }
  }
}
