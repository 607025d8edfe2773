package dev.jlite.engine.kernels;

import com.google.flatbuffers.Table;
import dev.jlite.engine.DataType;
import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.DimensionMetadata;
import dev.jlite.schema.model.DimensionType;
import dev.jlite.schema.model.Int32Vector;
import dev.jlite.schema.model.SparseIndexVector;
import dev.jlite.schema.model.SparsityParameters;
import dev.jlite.schema.model.Uint16Vector;
import dev.jlite.schema.model.Uint8Vector;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * DENSIFY: expands a sparse constant (float32, int8 or float16; TFLite's sparsity format of DENSE
 * and CSR levels in a traversal order, optionally blocked) into its dense form, zeros elsewhere.
 * The input is constant, so the positions of the stored values are worked out once in prepare, as
 * TFLite's format converter walks the levels; eval zeroes the output and scatters the values.
 */
final class DensifyKernel implements Kernel {
  private Tensor output;
  /** Dense position of each stored value, in storage order. */
  private int[] positions;
  private float[] floatValues;
  private byte[] byteValues;
  private short[] shortValues;

  static void register(OpResolver.Builder builder) {
    builder.addBuiltin(BuiltinOperator.DENSIFY, DensifyKernel::new);
  }

  @Override
  public void prepare(Node node) {
    node.checkArity(1, 1, 1);
    Tensor input = node.input(0);
    output = node.output(0);
    node.checkType(input, "input", DataType.FLOAT32, DataType.INT8, DataType.FLOAT16);
    node.checkType(output, "output", input.dataType());
    SparsityParameters sparsity = input.sparsity();
    if (!input.isConstant() || sparsity == null) {
      throw node.invalid("input (tensor " + input.index() + ") must be a sparse constant");
    }
    int[] shape = input.shape();
    node.resizeOutput(0, shape);
    Walk walk = new Walk(node, shape, sparsity);
    ByteBuffer data = input.constantData();
    int stored = data.remaining() / input.dataType().byteSize();
    positions = walk.positions(stored);
    switch (input.dataType()) {
      case FLOAT32 -> {
        floatValues = new float[stored];
        data.asFloatBuffer().get(floatValues);
      }
      case INT8 -> {
        byteValues = new byte[stored];
        data.get(byteValues);
      }
      default -> {
        shortValues = new short[stored];
        data.asShortBuffer().get(shortValues);
      }
    }
  }

  @Override
  public void eval(Node node) {
    int o = output.offset();
    int n = output.numElements();
    if (floatValues != null) {
      float[] out = output.floats();
      Arrays.fill(out, o, o + n, 0f);
      for (int i = 0; i < positions.length; i++) {
        out[o + positions[i]] = floatValues[i];
      }
    } else if (byteValues != null) {
      byte[] out = output.bytes();
      Arrays.fill(out, o, o + n, (byte) 0);
      for (int i = 0; i < positions.length; i++) {
        out[o + positions[i]] = byteValues[i];
      }
    } else {
      short[] out = output.shorts();
      Arrays.fill(out, o, o + n, (short) 0);
      for (int i = 0; i < positions.length; i++) {
        out[o + positions[i]] = shortValues[i];
      }
    }
  }

  /** The traversal of the sparse levels that yields each stored value's dense position. */
  private static final class Walk {
    private final Node node;
    private final int[] shape;
    private final int rank;
    private final int levels;
    private final int[] order;
    private final int[] blockMap;
    private final int[] blockSize;
    private final boolean[] dense;
    private final int[] levelSize;
    private final int[][] segments;
    private final int[][] indices;
    private final int[] index;
    private final int[] original;
    private int[] positions;
    private int count;

    Walk(Node node, int[] shape, SparsityParameters sp) {
      this.node = node;
      this.shape = shape;
      rank = shape.length;
      levels = sp.traversalOrderLength();
      order = new int[levels];
      Arrays.setAll(order, sp::traversalOrder);
      blockMap = new int[sp.blockMapLength()];
      Arrays.setAll(blockMap, sp::blockMap);
      blockSize = new int[levels - rank];
      dense = new boolean[levels];
      levelSize = new int[levels];
      segments = new int[levels][];
      indices = new int[levels][];
      index = new int[levels];
      original = new int[rank];
      if (sp.dimMetadataLength() != levels || blockMap.length != levels - rank) {
        throw node.invalid("sparsity has " + levels + " traversal levels, "
            + sp.dimMetadataLength() + " dimension metadata and " + blockMap.length
            + " block map entries for rank " + rank);
      }
      for (int l = rank; l < levels; l++) {
        blockSize[l - rank] = sp.dimMetadata(l).denseSize();
      }
      for (int l = 0; l < levels; l++) {
        DimensionMetadata dm = sp.dimMetadata(l);
        levelSize[l] = dm.denseSize();
        dense[l] = dm.format() == DimensionType.DENSE;
        if (!dense[l]) {
          segments[l] = read(dm.arraySegmentsType(), dm::arraySegments, l, "array_segments");
          indices[l] = read(dm.arrayIndicesType(), dm::arrayIndices, l, "array_indices");
        }
      }
    }

    private int[] read(byte type, UnaryOperator<Table> union, int level,
        String what) {
      int[] values;
      switch (type) {
        case SparseIndexVector.Int32Vector -> {
          Int32Vector v = (Int32Vector) union.apply(new Int32Vector());
          values = v == null ? null : new int[v.valuesLength()];
          if (v != null) {
            Arrays.setAll(values, v::values);
          }
        }
        case SparseIndexVector.Uint16Vector -> {
          Uint16Vector v = (Uint16Vector) union.apply(new Uint16Vector());
          values = v == null ? null : new int[v.valuesLength()];
          if (v != null) {
            Arrays.setAll(values, v::values);
          }
        }
        case SparseIndexVector.Uint8Vector -> {
          Uint8Vector v = (Uint8Vector) union.apply(new Uint8Vector());
          values = v == null ? null : new int[v.valuesLength()];
          if (v != null) {
            Arrays.setAll(values, v::values);
          }
        }
        default -> values = null;
      }
      if (values == null) {
        throw node.invalid("sparsity level " + level + " has no " + what);
      }
      return values;
    }

    int[] positions(int stored) {
      positions = new int[stored];
      visit(0, 0);
      if (count != stored) {
        throw node.invalid("sparsity describes " + count + " stored values, the buffer holds "
            + stored);
      }
      return positions;
    }

    private void visit(int level, int parent) {
      if (level == levels) {
        record();
        return;
      }
      if (dense[level]) {
        int size = levelSize[level];
        for (int i = 0; i < size; i++) {
          index[level] = i;
          visit(level + 1, parent * size + i);
        }
      } else {
        int[] seg = segments[level];
        if (parent + 1 >= seg.length) {
          throw node.invalid("sparsity level " + level + " has too few array_segments");
        }
        for (int i = seg[parent]; i < seg[parent + 1]; i++) {
          if (i < 0 || i >= indices[level].length) {
            throw node.invalid("sparsity level " + level + " segment points past its indices");
          }
          index[level] = indices[level][i];
          visit(level + 1, i);
        }
      }
    }

    /** Maps the current level indices to a dense flat position. */
    private void record() {
      if (count >= positions.length) {
        count++;
        return;
      }
      long flat = 0;
      for (int l = 0; l < rank; l++) {
        original[order[l]] = index[l];
      }
      for (int l = rank; l < levels; l++) {
        int block = order[l] - rank;
        int dim = blockMap[block];
        original[dim] = original[dim] * blockSize[block] + index[l];
      }
      for (int d = 0; d < rank; d++) {
        if (original[d] < 0 || original[d] >= shape[d]) {
          throw node.invalid("sparse index " + original[d] + " is outside dimension " + d
              + " of size " + shape[d]);
        }
        flat = flat * shape[d] + original[d];
      }
      positions[count++] = (int) flat;
    }
  }
}
