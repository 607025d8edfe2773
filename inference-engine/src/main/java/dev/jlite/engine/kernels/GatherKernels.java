package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.GatherOptions;
import java.util.Arrays;

/**
 * Operators that pick slices of a tensor by index values: GATHER (along an axis, with batch
 * dimensions), GATHER_ND (by index tuples) and EMBEDDING_LOOKUP (rows of a float table). Params of
 * every element type move (float32, int32, int64, uint8, int8, int16, bool, string); indices are
 * int32 or int64. Every index is checked before anything is written: an index out of range is an
 * {@link InferenceException} and the output stays untouched.
 */
final class GatherKernels {
  private GatherKernels() {}

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.GATHER, Gather::new);
    builder.addBuiltin(BuiltinOperator.GATHER_ND, GatherNd::new);
    builder.addBuiltin(BuiltinOperator.EMBEDDING_LOOKUP, EmbeddingLookup::new);
  }

  /** Index {@code i} of an int32 or int64 indices tensor. */
  static long index(Tensor indices, int i) {
    return indices.dataType() == DataType.INT32 ? indices.ints()[indices.offset() + i]
        : indices.longs()[indices.offset() + i];
  }

  static InferenceException outOfRange(Node node, long value, int position, int limit) {
    return new InferenceException(node + ": index " + value + " at position " + position
        + " is out of range [0, " + limit + ")");
  }

  /** GATHER: out[b, o, coords…, i] = params[b, o, indices[b, coords…], i] (b: batch dims). */
  static final class Gather implements Kernel {
    private int batches;
    private int outer;
    private int axisSize;
    private int inner;
    private int coords;

    @Override
    public void prepare(Node node) {
      node.checkArity(2, 2, 1);
      Tensor params = node.input(0);
      Tensor indices = node.input(1);
      node.checkType(params, "params", ElementArrays.WITH_STRING);
      node.checkType(indices, "indices", DataType.INT32, DataType.INT64);
      node.checkType(node.output(0), "output", params.dataType());
      GatherOptions options = node.options(new GatherOptions(), BuiltinOptions.GatherOptions);
      int[] p = params.shape();
      int[] ix = indices.shape();
      int axis = Shapes.axis(node, options == null ? 0 : options.axis(), p.length, "axis");
      int batchDims = options == null ? 0 : options.batchDims();
      if (batchDims < 0) {
        batchDims += ix.length;
      }
      if (batchDims < 0 || batchDims > ix.length || batchDims > axis) {
        throw node.invalid("batch_dims " + (options == null ? 0 : options.batchDims())
            + " must lie in [0, " + Math.min(ix.length, axis) + "] for indices rank " + ix.length
            + " and axis " + axis);
      }
      for (int i = 0; i < batchDims; i++) {
        if (p[i] != ix[i]) {
          throw node.invalid("params shape " + Arrays.toString(p) + " and indices shape "
              + Arrays.toString(ix) + " differ in batch dimension " + i);
        }
      }
      int[] out = new int[p.length - 1 + ix.length - batchDims];
      int k = 0;
      for (int i = 0; i < axis; i++) {
        out[k++] = p[i];
      }
      for (int i = batchDims; i < ix.length; i++) {
        out[k++] = ix[i];
      }
      for (int i = axis + 1; i < p.length; i++) {
        out[k++] = p[i];
      }
      node.resizeOutput(0, out);
      batches = Shapes.flatSize(p, 0, batchDims);
      outer = Shapes.flatSize(p, batchDims, axis);
      axisSize = p[axis];
      inner = Shapes.flatSize(p, axis + 1, p.length);
      coords = Shapes.flatSize(ix, batchDims, ix.length);
    }

    @Override
    public void eval(Node node) {
      Tensor params = node.input(0);
      Tensor indices = node.input(1);
      Tensor out = node.output(0);
      int n = indices.numElements();
      for (int i = 0; i < n; i++) {
        long v = index(indices, i);
        if (v < 0 || v >= axisSize) {
          throw outOfRange(node, v, i, axisSize);
        }
      }
      Object src = ElementArrays.of(params);
      Object dst = ElementArrays.of(out);
      int d = out.offset();
      for (int b = 0; b < batches; b++) {
        for (int o = 0; o < outer; o++) {
          int base = params.offset() + (b * outer + o) * axisSize * inner;
          for (int c = 0; c < coords; c++, d += inner) {
            int v = (int) index(indices, b * coords + c);
            System.arraycopy(src, base + v * inner, dst, d, inner);
          }
        }
      }
    }
  }

  /** GATHER_ND: each index tuple (the last indices dimension) picks a slice of params. */
  static final class GatherNd implements Kernel {
    private int[] dims;
    private int[] strides;
    private int depth;
    private int slice;
    private int tuples;

    @Override
    public void prepare(Node node) {
      node.checkArity(2, 2, 1);
      Tensor params = node.input(0);
      Tensor indices = node.input(1);
      node.checkType(params, "params", ElementArrays.WITH_STRING);
      node.checkType(indices, "indices", DataType.INT32, DataType.INT64);
      node.checkType(node.output(0), "output", params.dataType());
      int[] p = params.shape();
      int[] ix = indices.shape();
      if (p.length == 0) {
        throw node.invalid("params must have at least one dimension");
      }
      if (ix.length == 0) {
        throw node.invalid("indices must have at least one dimension");
      }
      depth = ix[ix.length - 1];
      if (depth > p.length) {
        throw node.invalid("index tuples of length " + depth + " exceed params rank "
            + p.length);
      }
      int[] out = new int[ix.length - 1 + p.length - depth];
      System.arraycopy(ix, 0, out, 0, ix.length - 1);
      System.arraycopy(p, depth, out, ix.length - 1, p.length - depth);
      node.resizeOutput(0, out);
      dims = Arrays.copyOf(p, depth);
      strides = Arrays.copyOf(StridedCopy.strides(p), depth);
      slice = Shapes.flatSize(p, depth, p.length);
      tuples = Shapes.flatSize(ix, 0, ix.length - 1);
    }

    @Override
    public void eval(Node node) {
      Tensor params = node.input(0);
      Tensor indices = node.input(1);
      Tensor out = node.output(0);
      for (int t = 0, i = 0; t < tuples; t++) {
        for (int k = 0; k < depth; k++, i++) {
          long v = index(indices, i);
          if (v < 0 || v >= dims[k]) {
            throw outOfRange(node, v, i, dims[k]);
          }
        }
      }
      Object src = ElementArrays.of(params);
      Object dst = ElementArrays.of(out);
      for (int t = 0, i = 0; t < tuples; t++) {
        int from = params.offset();
        for (int k = 0; k < depth; k++, i++) {
          from += (int) index(indices, i) * strides[k];
        }
        System.arraycopy(src, from, dst, out.offset() + t * slice, slice);
      }
    }
  }

  /** EMBEDDING_LOOKUP: output row i is row ids[i] of the float table. */
  static final class EmbeddingLookup implements Kernel {
    private int rows;
    private int rowSize;

    @Override
    public void prepare(Node node) {
      node.checkArity(2, 2, 1);
      Tensor ids = node.input(0);
      Tensor table = node.input(1);
      node.checkType(ids, "ids", DataType.INT32);
      node.checkType(table, "value", DataType.FLOAT32);
      node.checkType(node.output(0), "output", DataType.FLOAT32);
      if (ids.numDimensions() != 1) {
        throw node.invalid("ids must be a vector, has shape " + Arrays.toString(ids.shape()));
      }
      int[] t = table.shape();
      if (t.length < 2) {
        throw node.invalid("value must have at least 2 dimensions, has shape "
            + Arrays.toString(t));
      }
      if (t[0] == 0) {
        throw node.invalid("value has no rows (shape " + Arrays.toString(t) + ")");
      }
      rows = t[0];
      rowSize = Shapes.flatSize(t, 1, t.length);
      int[] out = t.clone();
      out[0] = ids.dim(0);
      node.resizeOutput(0, out);
    }

    @Override
    public void eval(Node node) {
      Tensor ids = node.input(0);
      Tensor table = node.input(1);
      Tensor out = node.output(0);
      int[] id = ids.ints();
      int n = ids.numElements();
      for (int i = 0; i < n; i++) {
        int v = id[ids.offset() + i];
        if (v < 0 || v >= rows) {
          throw outOfRange(node, v, i, rows);
        }
      }
      float[] src = table.floats();
      float[] dst = out.floats();
      for (int i = 0; i < n; i++) {
        System.arraycopy(src, table.offset() + id[ids.offset() + i] * rowSize, dst,
            out.offset() + i * rowSize, rowSize);
      }
    }
  }
}
