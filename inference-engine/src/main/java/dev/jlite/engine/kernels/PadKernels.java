package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.MirrorPadMode;
import dev.jlite.schema.model.MirrorPadOptions;
import java.util.Arrays;

/**
 * Padding: PAD (zeros, or the zero point of quantized tensors), PADV2 (a given constant) and
 * MIRROR_PAD (REFLECT or SYMMETRIC), for float32, int32, int64, uint8, int8, int16 and bool, up to
 * rank 5 as TFLite. Paddings are an int32 or int64 [rank, 2] tensor of (before, after) pairs.
 */
final class PadKernels {
  static final int MAX_RANK = 5;

  private PadKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.PAD, () -> new Pad(false));
    builder.addBuiltin(BuiltinOperator.PADV2, () -> new Pad(true));
    builder.addBuiltin(BuiltinOperator.MIRROR_PAD, MirrorPad::new);
  }

  /** Checks what all three share: data types, rank and the paddings tensor's type and shape. */
  static void checkPadding(Node node) {
    Tensor in = node.input(0);
    node.checkType(in, "input", ElementArrays.NUMERIC);
    node.checkType(node.output(0), "output", in.dataType());
    if (in.numDimensions() > MAX_RANK) {
      throw node.invalid("input rank " + in.numDimensions() + " exceeds " + MAX_RANK);
    }
    Tensor paddings = node.input(1);
    node.checkType(paddings, "paddings", DataType.INT32, DataType.INT64);
    int[] p = paddings.shape();
    if (p.length != 2 || p[0] != in.numDimensions() || p[1] != 2) {
      throw node.invalid("paddings must have shape [" + in.numDimensions() + ", 2], has "
          + Arrays.toString(p));
    }
  }

  /** PAD and PADV2: the output filled with the pad value, then the input copied inside. */
  static final class Pad extends ValueShapedKernel {
    private final boolean withValue;
    private Object zero;
    private StridedCopy copy;
    private int interiorBase;

    Pad(boolean withValue) {
      super(1);
      this.withValue = withValue;
    }

    @Override
    void check(Node node) {
      if (withValue) {
        node.checkArity(2, 3, 1);
      } else {
        node.checkArity(2, 2, 1);
      }
      checkPadding(node);
      Tensor value = node.input(2);
      if (value != null) {
        node.checkType(value, "constant_values", node.input(0).dataType());
        if (value.numElements() != 1) {
          throw node.invalid("constant_values must hold one value, has " + value.numElements());
        }
      }
      zero = ElementArrays.zero(node.output(0));
    }

    @Override
    void configure(Node node) {
      int[] in = node.input(0).shape();
      int[] pads = intValues(node, 1, "paddings");
      int[] out = new int[in.length];
      for (int i = 0; i < in.length; i++) {
        if (pads[2 * i] < 0 || pads[2 * i + 1] < 0) {
          throw fail(node, "paddings " + Arrays.toString(pads) + " hold a negative value");
        }
        out[i] = (int) Math.min(Integer.MAX_VALUE, (long) in[i] + pads[2 * i] + pads[2 * i + 1]);
      }
      resize(node, 0, out);
      int[] outStrides = StridedCopy.strides(out);
      interiorBase = 0;
      for (int i = 0; i < in.length; i++) {
        interiorBase += pads[2 * i] * outStrides[i];
      }
      copy = new StridedCopy(in, StridedCopy.strides(in), outStrides);
    }

    @Override
    void run(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      Tensor value = node.input(2);
      Object dst = ElementArrays.of(out);
      if (value == null) {
        ElementArrays.fill(dst, out.offset(), out.numElements(), zero, 0);
      } else {
        ElementArrays.fill(dst, out.offset(), out.numElements(), ElementArrays.of(value),
            value.offset());
      }
      copy.run(ElementArrays.of(in), in.offset(), dst, out.offset() + interiorBase);
    }
  }

  /**
   * MIRROR_PAD: each output index maps to an input index reflected at the borders, excluding the
   * border element (REFLECT) or including it (SYMMETRIC).
   */
  static final class MirrorPad extends ValueShapedKernel {
    private boolean symmetric;
    /** Per dimension, output index → input element offset (index times input stride). */
    private int[][] maps;
    private int[] outShape;
    private int[] counter;

    MirrorPad() {
      super(1);
    }

    @Override
    void check(Node node) {
      node.checkArity(2, 2, 1);
      checkPadding(node);
      MirrorPadOptions options = node.options(new MirrorPadOptions(),
          BuiltinOptions.MirrorPadOptions);
      byte mode = options == null ? MirrorPadMode.REFLECT : options.mode();
      if (mode != MirrorPadMode.REFLECT && mode != MirrorPadMode.SYMMETRIC) {
        throw node.invalid("mirror pad mode " + mode + " is neither REFLECT nor SYMMETRIC");
      }
      symmetric = mode == MirrorPadMode.SYMMETRIC;
    }

    @Override
    void configure(Node node) {
      int[] in = node.input(0).shape();
      int[] pads = intValues(node, 1, "paddings");
      int[] inStrides = StridedCopy.strides(in);
      int rank = in.length;
      outShape = new int[rank];
      maps = new int[rank][];
      for (int d = 0; d < rank; d++) {
        int before = pads[2 * d];
        int after = pads[2 * d + 1];
        int limit = symmetric ? in[d] : in[d] - 1;
        if (before < 0 || after < 0 || before > limit || after > limit) {
          throw fail(node, "paddings " + before + " and " + after + " of dimension " + d
              + " must lie in [0, " + limit + "] for " + (symmetric ? "SYMMETRIC" : "REFLECT")
              + " padding of size " + in[d]);
        }
        outShape[d] = in[d] + before + after;
        int[] map = new int[outShape[d]];
        for (int j = 0; j < map.length; j++) {
          int i = j - before;
          if (i < 0) {
            i = symmetric ? -i - 1 : -i;
          } else if (i >= in[d]) {
            i = symmetric ? 2 * in[d] - 1 - i : 2 * in[d] - 2 - i;
          }
          map[j] = i * inStrides[d];
        }
        maps[d] = map;
      }
      resize(node, 0, outShape);
      counter = new int[Math.max(0, rank - 1)];
    }

    @Override
    void run(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      Object src = ElementArrays.of(in);
      Object dst = ElementArrays.of(out);
      int rank = outShape.length;
      if (rank == 0) {
        System.arraycopy(src, in.offset(), dst, out.offset(), 1);
        return;
      }
      if (out.numElements() == 0) {
        return;
      }
      int row = outShape[rank - 1];
      int[] last = maps[rank - 1];
      Arrays.fill(counter, 0);
      int d = out.offset();
      while (true) {
        int s = in.offset();
        for (int k = 0; k < rank - 1; k++) {
          s += maps[k][counter[k]];
        }
        ElementArrays.copyMapped(src, s, last, dst, d, row);
        d += row;
        int k = rank - 2;
        while (k >= 0 && ++counter[k] == outShape[k]) {
          counter[k] = 0;
          k--;
        }
        if (k < 0) {
          return;
        }
      }
    }
  }
}
