package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import java.util.Arrays;

/**
 * SELECT and SELECT_V2: {@code out = condition ? x : y} elementwise, on float32, int32, int64,
 * bool, uint8, int8 and int16 (raw values: quantized tensors select without requantizing, as in
 * TFLite).
 *
 * <p>SELECT (v1) takes a condition of the inputs' shape, a scalar condition, or a 1-D condition
 * over the first dimension that picks whole slices; x and y must have the same shape. SELECT_V2
 * broadcasts all three operands NumPy-style.
 */
final class SelectKernels {
  private SelectKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.SELECT, () -> new Select(false));
    builder.addBuiltin(BuiltinOperator.SELECT_V2, () -> new Select(true));
  }

  /** One select node. */
  static final class Select implements Kernel {
    private final boolean v2;
    private TernaryLoop loop;
    private TernaryLoop.Row row;

    Select(boolean v2) {
      this.v2 = v2;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(3, 3, 1);
      Tensor c = node.input(0);
      Tensor x = node.input(1);
      Tensor y = node.input(2);
      Tensor out = node.output(0);
      node.checkType(c, "condition", DataType.BOOL);
      node.checkType(x, "input x", DataType.FLOAT32, DataType.INT32, DataType.INT64,
          DataType.BOOL, DataType.UINT8, DataType.INT8, DataType.INT16);
      node.checkType(y, "input y", x.dataType());
      node.checkType(out, "output", x.dataType());
      int[] conditionShape = c.shape();
      int[] shape;
      if (v2) {
        shape = Shapes.broadcast(node, Shapes.broadcast(node, c.shape(), x.shape()), y.shape());
      } else {
        conditionShape = v1ConditionShape(node, c, x, y);
        shape = x.shape();
      }
      node.resizeOutput(0, shape);
      loop = new TernaryLoop(conditionShape, x.shape(), y.shape(), shape);
      row = switch (x.dataType()) {
        case FLOAT32 -> (ic, ix, iy, io, n, sc, sx, sy) -> floatRow(c.bytes(), c.offset() + ic,
            sc, x.floats(), x.offset() + ix, sx, y.floats(), y.offset() + iy, sy, out.floats(),
            out.offset() + io, n);
        case INT32 -> (ic, ix, iy, io, n, sc, sx, sy) -> intRow(c.bytes(), c.offset() + ic, sc,
            x.ints(), x.offset() + ix, sx, y.ints(), y.offset() + iy, sy, out.ints(),
            out.offset() + io, n);
        case INT64 -> (ic, ix, iy, io, n, sc, sx, sy) -> longRow(c.bytes(), c.offset() + ic, sc,
            x.longs(), x.offset() + ix, sx, y.longs(), y.offset() + iy, sy, out.longs(),
            out.offset() + io, n);
        case INT16 -> (ic, ix, iy, io, n, sc, sx, sy) -> shortRow(c.bytes(), c.offset() + ic, sc,
            x.shorts(), x.offset() + ix, sx, y.shorts(), y.offset() + iy, sy, out.shorts(),
            out.offset() + io, n);
        default -> (ic, ix, iy, io, n, sc, sx, sy) -> byteRow(c.bytes(), c.offset() + ic, sc,
            x.bytes(), x.offset() + ix, sx, y.bytes(), y.offset() + iy, sy, out.bytes(),
            out.offset() + io, n);
      };
    }

    /**
     * The condition's shape as it broadcasts against x under SELECT v1's rules: unchanged when all
     * shapes agree; a 1-D condition over the first dimension becomes [n, 1, ..., 1].
     */
    private static int[] v1ConditionShape(Node node, Tensor c, Tensor x, Tensor y) {
      int[] cs = c.shape();
      int[] xs = x.shape();
      if (!Arrays.equals(xs, y.shape())) {
        throw node.invalid("x of shape " + Arrays.toString(xs) + " and y of shape "
            + Arrays.toString(y.shape()) + " must have the same shape");
      }
      if (Arrays.equals(cs, xs) || cs.length == 0) {
        return cs;
      }
      if (cs.length == 1 && xs.length > 1 && cs[0] == xs[0]) {
        int[] expanded = new int[xs.length];
        Arrays.fill(expanded, 1);
        expanded[0] = cs[0];
        return expanded;
      }
      throw node.invalid("condition of shape " + Arrays.toString(cs) + " must have the inputs'"
          + " shape " + Arrays.toString(xs) + ", be a scalar, or be 1-D over their first"
          + " dimension");
    }

    @Override
    public void eval(Node node) {
      loop.run(row);
    }
  }

  private static void floatRow(byte[] c, int ic, int sc, float[] x, int ix, int sx, float[] y,
      int iy, int sy, float[] o, int io, int n) {
    for (int i = 0; i < n; i++) {
      o[io + i] = c[ic + i * sc] != 0 ? x[ix + i * sx] : y[iy + i * sy];
    }
  }

  private static void intRow(byte[] c, int ic, int sc, int[] x, int ix, int sx, int[] y, int iy,
      int sy, int[] o, int io, int n) {
    for (int i = 0; i < n; i++) {
      o[io + i] = c[ic + i * sc] != 0 ? x[ix + i * sx] : y[iy + i * sy];
    }
  }

  private static void longRow(byte[] c, int ic, int sc, long[] x, int ix, int sx, long[] y,
      int iy, int sy, long[] o, int io, int n) {
    for (int i = 0; i < n; i++) {
      o[io + i] = c[ic + i * sc] != 0 ? x[ix + i * sx] : y[iy + i * sy];
    }
  }

  private static void shortRow(byte[] c, int ic, int sc, short[] x, int ix, int sx, short[] y,
      int iy, int sy, short[] o, int io, int n) {
    for (int i = 0; i < n; i++) {
      o[io + i] = c[ic + i * sc] != 0 ? x[ix + i * sx] : y[iy + i * sy];
    }
  }

  private static void byteRow(byte[] c, int ic, int sc, byte[] x, int ix, int sx, byte[] y,
      int iy, int sy, byte[] o, int io, int n) {
    for (int i = 0; i < n; i++) {
      o[io + i] = c[ic + i * sc] != 0 ? x[ix + i * sx] : y[iy + i * sy];
    }
  }

  /**
   * Walks three broadcast operands and their output row by row, like {@link BroadcastLoop} does for
   * two: the innermost output dimension is one row, read from each operand with stride 1 or 0; when
   * every operand has the output's shape, all elements form one row. Built in prepare; {@link #run}
   * allocates nothing.
   */
  static final class TernaryLoop {
    /** Processes {@code n} output elements from {@code io}; operand k starts at ik, stride sk. */
    @FunctionalInterface
    interface Row {
      void run(int ic, int ix, int iy, int io, int n, int sc, int sx, int sy);
    }

    private final int rows;
    private final int rowLength;
    private final int[] inner;
    private final int[] outer;
    private final int[][] strides;
    private final int[] counter;
    private final int[] index = new int[3];

    TernaryLoop(int[] c, int[] x, int[] y, int[] out) {
      int total = Shapes.flatSize(out);
      int[][] operands = {c, x, y};
      inner = new int[3];
      if (out.length == 0 || Arrays.equals(c, out) && Arrays.equals(x, out)
          && Arrays.equals(y, out)) {
        rows = total == 0 ? 0 : 1;
        rowLength = total;
        Arrays.fill(inner, 1);
        outer = new int[0];
        strides = new int[3][0];
      } else {
        int rank = out.length;
        rowLength = out[rank - 1];
        outer = Arrays.copyOf(out, rank - 1);
        strides = new int[3][];
        for (int k = 0; k < 3; k++) {
          int[] s = Shapes.broadcastStrides(operands[k], out);
          inner[k] = s[rank - 1];
          strides[k] = Arrays.copyOf(s, rank - 1);
        }
        rows = rowLength == 0 ? 0 : Shapes.flatSize(outer);
      }
      counter = new int[outer.length];
    }

    void run(Row row) {
      if (rows == 0) {
        return;
      }
      Arrays.fill(counter, 0);
      Arrays.fill(index, 0);
      for (int r = 0, io = 0; r < rows; r++, io += rowLength) {
        row.run(index[0], index[1], index[2], io, rowLength, inner[0], inner[1], inner[2]);
        for (int d = outer.length - 1; d >= 0; d--) {
          for (int k = 0; k < 3; k++) {
            index[k] += strides[k][d];
          }
          if (++counter[d] < outer[d]) {
            break;
          }
          for (int k = 0; k < 3; k++) {
            index[k] -= strides[k][d] * outer[d];
          }
          counter[d] = 0;
        }
      }
    }
  }
}
