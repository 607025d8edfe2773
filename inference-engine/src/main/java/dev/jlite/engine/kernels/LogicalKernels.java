package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;

/**
 * Boolean logic: LOGICAL_AND and LOGICAL_OR with NumPy broadcasting, and LOGICAL_NOT. Any non-zero
 * input byte is true; outputs are 0 or 1.
 */
final class LogicalKernels {
  private LogicalKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.LOGICAL_AND, () -> new Binary(true));
    builder.addBuiltin(BuiltinOperator.LOGICAL_OR, () -> new Binary(false));
    builder.addBuiltin(BuiltinOperator.LOGICAL_NOT, Not::new);
  }

  /** LOGICAL_AND ({@code and} true) or LOGICAL_OR. */
  static final class Binary implements Kernel {
    private final boolean and;
    private BroadcastLoop loop;
    private BroadcastLoop.Row row;

    Binary(boolean and) {
      this.and = and;
    }

    @Override
    public void prepare(Node node) {
      node.checkArity(2, 2, 1);
      Tensor a = node.input(0);
      Tensor b = node.input(1);
      Tensor out = node.output(0);
      node.checkType(a, "input 0", DataType.BOOL);
      node.checkType(b, "input 1", DataType.BOOL);
      node.checkType(out, "output", DataType.BOOL);
      int[] shape = Shapes.broadcast(node, a.shape(), b.shape());
      node.resizeOutput(0, shape);
      loop = new BroadcastLoop(a.shape(), b.shape(), shape);
      row = and
          ? (ia, ib, io, n, sa, sb) -> andRow(a.bytes(), a.offset() + ia, sa, b.bytes(),
              b.offset() + ib, sb, out.bytes(), out.offset() + io, n)
          : (ia, ib, io, n, sa, sb) -> orRow(a.bytes(), a.offset() + ia, sa, b.bytes(),
              b.offset() + ib, sb, out.bytes(), out.offset() + io, n);
    }

    @Override
    public void eval(Node node) {
      loop.run(row);
    }

    private static void andRow(byte[] a, int ia, int sa, byte[] b, int ib, int sb, byte[] o,
        int io, int n) {
      for (int i = 0; i < n; i++) {
        o[io + i] = (byte) (a[ia + i * sa] != 0 && b[ib + i * sb] != 0 ? 1 : 0);
      }
    }

    private static void orRow(byte[] a, int ia, int sa, byte[] b, int ib, int sb, byte[] o,
        int io, int n) {
      for (int i = 0; i < n; i++) {
        o[io + i] = (byte) (a[ia + i * sa] != 0 || b[ib + i * sb] != 0 ? 1 : 0);
      }
    }
  }

  /** LOGICAL_NOT. */
  static final class Not implements Kernel {
    @Override
    public void prepare(Node node) {
      node.checkArity(1, 1, 1);
      Tensor in = node.input(0);
      node.checkType(in, "input", DataType.BOOL);
      node.checkType(node.output(0), "output", DataType.BOOL);
      node.resizeOutput(0, in.shape());
    }

    @Override
    public void eval(Node node) {
      Tensor in = node.input(0);
      Tensor out = node.output(0);
      byte[] x = in.bytes();
      byte[] y = out.bytes();
      int xo = in.offset();
      int yo = out.offset();
      int n = in.numElements();
      for (int i = 0; i < n; i++) {
        y[yo + i] = (byte) (x[xo + i] == 0 ? 1 : 0);
      }
    }
  }
}
