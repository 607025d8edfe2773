package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.engine.Differential;
import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.DimensionMetadata;
import dev.jlite.schema.model.DimensionType;
import dev.jlite.schema.model.Int32Vector;
import dev.jlite.schema.model.SparseIndexVector;
import dev.jlite.schema.model.SparsityParameters;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.model.Uint8Vector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DensifyKernelTest {
  /** A sparse encoding: per level DENSE size or CSR segments and indices, values in order. */
  record Encoding(int[] levelSizes, boolean[] csr, List<int[]> segments, List<int[]> indices,
      float[] values) { }

  /**
   * Encodes a dense tensor as TFLite's converter does: level by level in traversal order, a CSR
   * level keeps the indices whose sub-block holds a non-zero value.
   */
  static Encoding encode(float[] dense, int[] shape, int[] order, int[] blockMap,
      int[] blockSizes, boolean[] csr) {
    int rank = shape.length;
    int levels = order.length;
    int[] sizes = new int[levels];
    for (int l = 0; l < levels; l++) {
      int d = order[l];
      if (d < rank) {
        int size = shape[d];
        for (int b = 0; b < blockMap.length; b++) {
          if (blockMap[b] == d) {
            size /= blockSizes[b];
          }
        }
        sizes[l] = size;
      } else {
        sizes[l] = blockSizes[d - rank];
      }
    }
    List<int[]> parents = new ArrayList<>();
    parents.add(new int[0]);
    List<int[]> segments = new ArrayList<>();
    List<int[]> indices = new ArrayList<>();
    for (int l = 0; l < levels; l++) {
      List<int[]> children = new ArrayList<>();
      List<Integer> seg = new ArrayList<>();
      List<Integer> idx = new ArrayList<>();
      seg.add(0);
      for (int[] parent : parents) {
        for (int i = 0; i < sizes[l]; i++) {
          int[] child = Arrays.copyOf(parent, l + 1);
          child[l] = i;
          if (!csr[l] || anyNonZero(dense, shape, order, blockMap, blockSizes, sizes, child)) {
            children.add(child);
            idx.add(i);
          }
        }
        seg.add(idx.size());
      }
      segments.add(seg.stream().mapToInt(Integer::intValue).toArray());
      indices.add(idx.stream().mapToInt(Integer::intValue).toArray());
      parents = children;
    }
    float[] values = new float[parents.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = dense[flat(shape, order, blockMap, blockSizes, parents.get(i))];
    }
    return new Encoding(sizes, csr, segments, indices, values);
  }

  private static boolean anyNonZero(float[] dense, int[] shape, int[] order, int[] blockMap,
      int[] blockSizes, int[] sizes, int[] prefix) {
    if (prefix.length == order.length) {
      return dense[flat(shape, order, blockMap, blockSizes, prefix)] != 0;
    }
    for (int i = 0; i < sizes[prefix.length]; i++) {
      int[] next = Arrays.copyOf(prefix, prefix.length + 1);
      next[prefix.length] = i;
      if (anyNonZero(dense, shape, order, blockMap, blockSizes, sizes, next)) {
        return true;
      }
    }
    return false;
  }

  private static int flat(int[] shape, int[] order, int[] blockMap, int[] blockSizes,
      int[] levelIndex) {
    int rank = shape.length;
    int[] original = new int[rank];
    for (int l = 0; l < rank; l++) {
      original[order[l]] = levelIndex[l];
    }
    for (int l = rank; l < order.length; l++) {
      int b = order[l] - rank;
      original[blockMap[b]] = original[blockMap[b]] * blockSizes[b] + levelIndex[l];
    }
    int f = 0;
    for (int d = 0; d < rank; d++) {
      f = f * shape[d] + original[d];
    }
    return f;
  }

  static ToIntFunction<FlatBufferBuilder> sparsity(Encoding e, int[] order, int[] blockMap,
      boolean uint8Indices) {
    return fbb -> {
      int[] metadata = new int[order.length];
      for (int l = 0; l < order.length; l++) {
        if (!e.csr()[l]) {
          metadata[l] = DimensionMetadata.createDimensionMetadata(fbb, DimensionType.DENSE,
              e.levelSizes()[l], (byte) 0, 0, (byte) 0, 0);
        } else {
          int seg = vector(fbb, e.segments().get(l), uint8Indices);
          int idx = vector(fbb, e.indices().get(l), uint8Indices);
          byte type = uint8Indices ? SparseIndexVector.Uint8Vector : SparseIndexVector.Int32Vector;
          metadata[l] = DimensionMetadata.createDimensionMetadata(fbb, DimensionType.SPARSE_CSR,
              0, type, seg, type, idx);
        }
      }
      int traversal = SparsityParameters.createTraversalOrderVector(fbb, order);
      int map = blockMap.length == 0 ? 0 : SparsityParameters.createBlockMapVector(fbb, blockMap);
      int dims = SparsityParameters.createDimMetadataVector(fbb, metadata);
      return SparsityParameters.createSparsityParameters(fbb, traversal, map, dims);
    };
  }

  private static int vector(FlatBufferBuilder fbb, int[] values, boolean uint8) {
    if (uint8) {
      byte[] bytes = new byte[values.length];
      for (int i = 0; i < values.length; i++) {
        bytes[i] = (byte) values[i];
      }
      return Uint8Vector.createUint8Vector(fbb, Uint8Vector.createValuesVector(fbb, bytes));
    }
    return Int32Vector.createInt32Vector(fbb, Int32Vector.createValuesVector(fbb, values));
  }

  @Test
  void anotherOperatorReadingASparseConstantIsRejected() {
    int[] shape = {4, 4};
    Encoding e = encode(sparseMatrix(16, 3), shape, new int[] {0, 1}, new int[0], new int[0],
        new boolean[] {false, true});
    ReduceOpModel m = new ReduceOpModel();
    ByteBuffer data = ByteBuffer.allocate(4 * e.values().length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : e.values()) {
      data.putFloat(v);
    }
    int x = m.tensor(TensorSpec.builder("sparse", TensorType.FLOAT32, shape)
        .buffer(m.model.addBuffer(data.flip()))
        .sparsity(sparsity(e, new int[] {0, 1}, new int[0], false)).build());
    int y = m.output(TensorType.FLOAT32);
    m.input(TensorType.FLOAT32, 1);
    byte[] model = m.op(BuiltinOperator.RELU, ReduceOpModel.in(x), y).build();

    assertThatThrownBy(() -> new Interpreter(ByteBuffer.wrap(model)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("operator 0 (RELU): input 0 (tensor 0) is a sparse constant");
  }

  static byte[] densify(byte type, int[] shape, Encoding e, int[] order, int[] blockMap,
      boolean uint8Indices) {
    return densifyModel(type, shape, e, order, blockMap, uint8Indices).build();
  }

  static ReduceOpModel densifyModel(byte type, int[] shape, Encoding e, int[] order, int[] blockMap,
      boolean uint8Indices) {
    ReduceOpModel m = new ReduceOpModel();
    ByteBuffer data = ByteBuffer.allocate(e.values().length * (type == TensorType.FLOAT32 ? 4
        : type == TensorType.INT8 ? 1 : 2)).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : e.values()) {
      switch (type) {
        case TensorType.FLOAT32 -> data.putFloat(v);
        case TensorType.INT8 -> data.put((byte) Math.round(v * 50));
        default -> data.putShort((short) (Float.floatToIntBits(v) >>> 16));
      }
    }
    data.flip();
    int buffer = m.model.addBuffer(data);
    int x = m.tensor(TensorSpec.builder("sparse", type, shape).buffer(buffer)
        .sparsity(sparsity(e, order, blockMap, uint8Indices)).build());
    int y = m.output(type);
    // An unused graph input: TFLite's Java binding cannot open a model without inputs.
    m.input(TensorType.FLOAT32, 1);
    return m.op(BuiltinOperator.DENSIFY, ReduceOpModel.in(x), y);
  }

  static float[] sparseMatrix(int n, long seed) {
    Random random = new Random(seed);
    float[] dense = new float[n];
    for (int i = 0; i < n; i++) {
      dense[i] = random.nextInt(3) == 0 ? random.nextFloat() * 2 - 1 : 0f;
    }
    return dense;
  }

  static List<Arguments> sweep() {
    // shape, traversal order, block map, block sizes, CSR flags per level
    Object[][] layouts = {
        {new int[] {4, 4}, new int[] {0, 1}, new int[0], new int[0], new boolean[] {false, true}},
        {new int[] {5, 3}, new int[] {1, 0}, new int[0], new int[0], new boolean[] {false, true}},
        {new int[] {3, 6}, new int[] {0, 1}, new int[0], new int[0], new boolean[] {true, true}},
        {new int[] {4, 4}, new int[] {0, 1, 2, 3}, new int[] {0, 1}, new int[] {2, 2},
            new boolean[] {false, true, false, false}},
        {new int[] {4, 8}, new int[] {0, 1, 2}, new int[] {1}, new int[] {4},
            new boolean[] {false, true, false}},
        {new int[] {2, 3, 4}, new int[] {0, 1, 2}, new int[0], new int[0],
            new boolean[] {false, true, true}},
        {new int[] {2, 3, 4}, new int[] {2, 0, 1}, new int[0], new int[0],
            new boolean[] {false, false, true}},
        {new int[] {6}, new int[] {0}, new int[0], new int[0], new boolean[] {true}},
    };
    List<Arguments> cases = new ArrayList<>();
    int k = 0;
    for (Object[] l : layouts) {
      for (byte type : new byte[] {TensorType.FLOAT32, TensorType.INT8, TensorType.FLOAT16}) {
        cases.add(Arguments.of(type, l[0], l[1], l[2], l[3], l[4], k++ % 2 == 0));
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("sweep")
  void matchesTfLite(byte type, int[] shape, int[] order, int[] blockMap, int[] blockSizes,
      boolean[] csr, boolean uint8Indices) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    Encoding e = encode(sparseMatrix(n, n * 31L + order[0]), shape, order, blockMap,
        blockSizes, csr);
    Differential.assertMatchesTfLite(densify(type, shape, e, order, blockMap, uint8Indices), 1);
  }

  @Test
  void handComputedCsrMatrix() {
    // [[1, 0, 2, 0], [0, 3, 0, 0], [0, 0, 0, 0], [4, 0, 0, 5]]
    float[] dense = {1, 0, 2, 0, 0, 3, 0, 0, 0, 0, 0, 0, 4, 0, 0, 5};
    int[] order = {0, 1};
    Encoding e = encode(dense, new int[] {4, 4}, order, new int[0], new int[0],
        new boolean[] {false, true});
    assertThat(e.segments().get(1)).containsExactly(0, 2, 3, 3, 5);
    assertThat(e.indices().get(1)).containsExactly(0, 2, 1, 0, 3);
    assertThat(e.values()).containsExactly(1f, 2f, 3f, 4f, 5f);
    byte[] model = densify(TensorType.FLOAT32, new int[] {4, 4}, e, order, new int[0], false);
    assertThat(ReduceOpModel.runFloats(model, new float[1])).containsExactly(dense);
  }

  @Test
  void denseInputIsRejected() {
    ReduceOpModel m = new ReduceOpModel();
    int x = m.constant(new int[] {2}, 1f, 2f);
    int y = m.output(TensorType.FLOAT32);
    byte[] model = m.op(BuiltinOperator.DENSIFY, ReduceOpModel.in(x), y).build();
    assertThatThrownBy(() -> ReduceOpModel.prepare(model)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("DENSIFY").hasMessageContaining("must be a sparse constant");
  }

  @Test
  void inconsistentSparsityIsRejectedWhenLoading() {
    float[] dense = {1, 0, 0, 2};
    int[] order = {0, 1};
    Encoding good = encode(dense, new int[] {2, 2}, order, new int[0], new int[0],
        new boolean[] {false, true});
    Encoding bad = new Encoding(good.levelSizes(), good.csr(), good.segments(),
        List.of(good.indices().get(0), new int[] {0, 7}), good.values());
    byte[] model = densifyModel(TensorType.FLOAT32, new int[] {2, 2}, bad, order, new int[0],
        false).buildUnverified();
    assertThatThrownBy(() -> ReduceOpModel.prepare(model)).isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("index 7 is outside the dimension size 2");
  }
}
