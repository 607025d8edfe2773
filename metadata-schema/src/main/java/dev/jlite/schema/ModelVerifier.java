package dev.jlite.schema;

import dev.jlite.schema.model.Buffer;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.BuiltinOptions2;
import dev.jlite.schema.model.CallOnceOptions;
import dev.jlite.schema.model.CallOptions;
import dev.jlite.schema.model.DimensionMetadata;
import dev.jlite.schema.model.DimensionType;
import dev.jlite.schema.model.IfOptions;
import dev.jlite.schema.model.Int32Vector;
import dev.jlite.schema.model.Metadata;
import dev.jlite.schema.model.Model;
import dev.jlite.schema.model.Operator;
import dev.jlite.schema.model.OperatorCode;
import dev.jlite.schema.model.QuantizationParameters;
import dev.jlite.schema.model.SignatureDef;
import dev.jlite.schema.model.SparseIndexVector;
import dev.jlite.schema.model.SparsityParameters;
import dev.jlite.schema.model.StableHLOCompositeOptions;
import dev.jlite.schema.model.StablehloCaseOptions;
import dev.jlite.schema.model.StablehloReduceOptions;
import dev.jlite.schema.model.StablehloReduceWindowOptions;
import dev.jlite.schema.model.StablehloScatterOptions;
import dev.jlite.schema.model.StablehloSortOptions;
import dev.jlite.schema.model.StablehloWhileOptions;
import dev.jlite.schema.model.SubGraph;
import dev.jlite.schema.model.Tensor;
import dev.jlite.schema.model.TensorMap;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.model.Uint16Vector;
import dev.jlite.schema.model.Uint8Vector;
import dev.jlite.schema.model.WhileOptions;
import com.google.flatbuffers.Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The semantic checks on a structurally valid model: everything TFLite's optional
 * {@code tflite::Verify}, its {@code InterpreterBuilder} and its {@code Subgraph} check before a kernel
 * runs, plus the subgraph call graph. Operator-specific checks (strides, axes, shapes of inputs) belong
 * to the kernels' prepare step in the interpreter.
 *
 * <p>A buffer counts as constant data when it holds at least one byte, as in InterpreterBuilder; an
 * empty data vector is the same as none.
 */
final class ModelVerifier {
  private static final int SCHEMA_VERSION = 3;
  /** Java buffers and arrays end at 2^31 - 1 bytes, so no tensor can be larger. */
  private static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE;

  private final Model model;
  private final int fileSize;
  private final int bufferCount;
  private final Buffer bufferObj = new Buffer();
  private final Tensor tensorObj = new Tensor();
  private final Operator operatorObj = new Operator();

  private ModelVerifier(Model model, int fileSize) {
    this.model = model;
    this.fileSize = fileSize;
    this.bufferCount = model.buffersLength();
  }

  static void verify(Model model, int fileSize) {
    new ModelVerifier(model, fileSize).verify();
  }

  private void verify() {
    if (model.version() != SCHEMA_VERSION) {
      throw new InvalidModelException("schema version " + model.version()
          + " is not supported (expected " + SCHEMA_VERSION + ")");
    }
    if (model.subgraphsLength() == 0) {
      throw new InvalidModelException("the model has no subgraphs");
    }
    if (model.buffersVector() == null) {
      throw new InvalidModelException("the model has no buffers section");
    }
    for (int b = 0; b < bufferCount; b++) {
      verifyBuffer(b);
    }
    verifyOperatorCodes();
    for (int s = 0; s < model.subgraphsLength(); s++) {
      verifySubgraph(s, model.subgraphs(s));
    }
    verifySubgraphCalls();
    verifySignatures();
    verifyMetadataEntries();
  }

  private void verifyBuffer(int index) {
    Buffer buffer = model.buffers(bufferObj, index);
    long offset = buffer.offset();
    long size = buffer.size();
    // Offset 1 marks data that is external but not present; only offsets above 1 point into the file.
    if (offset > 1 && (size < 0 || offset + size > fileSize || offset + size < offset)) {
      throw new InvalidModelException("buffer " + index + ": external data at offset " + offset
          + " with size " + size + " lies outside the file (" + fileSize + " bytes)");
    }
  }

  private void verifyOperatorCodes() {
    OperatorCode code = new OperatorCode();
    for (int i = 0; i < model.operatorCodesLength(); i++) {
      model.operatorCodes(code, i);
      int builtin = ModelFile.builtinCode(code);
      if (builtin < 0) {
        throw new InvalidModelException("operator code " + i + ": builtin code " + builtin
            + " is negative");
      }
      if (builtin == BuiltinOperator.CUSTOM
          && (code.customCode() == null || code.customCode().isEmpty())) {
        throw new InvalidModelException("operator code " + i
            + ": a custom operator needs a non-empty custom_code");
      }
    }
  }

  private void verifySubgraph(int s, SubGraph subgraph) {
    String where = "subgraph " + s + describeName(subgraph.name());
    if (subgraph.tensorsVector() == null) {
      throw new InvalidModelException(where + ": has no tensors section");
    }
    int tensorCount = subgraph.tensorsLength();
    BitSet constant = new BitSet(tensorCount);
    BitSet available = new BitSet(tensorCount);
    BitSet empty = new BitSet(tensorCount);
    for (int t = 0; t < tensorCount; t++) {
      Tensor tensor = subgraph.tensors(tensorObj, t);
      if (verifyTensor(where, t, tensor)) {
        constant.set(t);
        available.set(t);
      } else if (tensor.isVariable()) {
        available.set(t);
      } else if (hasNoElements(tensor)) {
        // A tensor without elements (an empty axis list, say) needs no producer: there is no data.
        empty.set(t);
      }
    }
    for (int i = 0; i < subgraph.inputsLength(); i++) {
      int t = subgraph.inputs(i);
      checkTensorIndex(where + ": input " + i, t, tensorCount, false);
      available.set(t);
    }
    for (int i = 0; i < subgraph.outputsLength(); i++) {
      checkTensorIndex(where + ": output " + i, subgraph.outputs(i), tensorCount, false);
    }

    BitSet produced = new BitSet(tensorCount);
    for (int o = 0; o < subgraph.operatorsLength(); o++) {
      Operator op = subgraph.operators(operatorObj, o);
      long opcodeIndex = op.opcodeIndex();
      if (opcodeIndex >= model.operatorCodesLength()) {
        throw new InvalidModelException(where + ", operator " + o + ": operator code index "
            + opcodeIndex + " is out of range (" + model.operatorCodesLength() + " codes)");
      }
      int builtin = ModelFile.builtinCode(model.operatorCodes((int) opcodeIndex));
      String opWhere = where + ", operator " + o + " (" + opName((int) opcodeIndex, builtin) + ")";
      for (int i = 0; i < op.inputsLength(); i++) {
        int t = op.inputs(i);
        checkTensorIndex(opWhere + ": input " + i, t, tensorCount, true);
        if (t >= 0 && !available.get(t) && !empty.get(t)) {
          throw new InvalidModelException(opWhere + ": input " + i + " reads tensor " + t
              + describeName(subgraph.tensors(t).name())
              + ", which no earlier operator produces and which is neither a constant, a variable"
              + " nor a subgraph input");
        }
      }
      for (int i = 0; i < op.intermediatesLength(); i++) {
        checkTensorIndex(opWhere + ": intermediate " + i, op.intermediates(i), tensorCount, false);
      }
      for (int i = 0; i < op.outputsLength(); i++) {
        int t = op.outputs(i);
        checkTensorIndex(opWhere + ": output " + i, t, tensorCount, false);
        String tensor = "tensor " + t + describeName(subgraph.tensors(t).name());
        if (constant.get(t)) {
          throw new InvalidModelException(opWhere + ": output " + i + " writes constant " + tensor);
        }
        if (produced.get(t)) {
          throw new InvalidModelException(opWhere + ": output " + i + " writes " + tensor
              + ", which an earlier operator already produces (a cycle or a second writer)");
        }
        if (available.get(t)) {
          throw new InvalidModelException(opWhere + ": output " + i + " writes " + tensor
              + ", which is a subgraph input or a variable");
        }
        for (int k = 0; k < op.inputsLength(); k++) {
          if (op.inputs(k) == t) {
            throw new InvalidModelException(opWhere + ": " + tensor + " is both input " + k
                + " and output " + i);
          }
        }
        produced.set(t);
        available.set(t);
      }
      verifyLargeCustomOptions(opWhere, op);
    }
  }

  private void verifyLargeCustomOptions(String where, Operator op) {
    long offset = op.largeCustomOptionsOffset();
    long size = op.largeCustomOptionsSize();
    if (offset > 1 && (size < 0 || offset + size > fileSize || offset + size < offset)) {
      throw new InvalidModelException(where + ": large custom options at offset " + offset
          + " with size " + size + " lie outside the file (" + fileSize + " bytes)");
    }
  }

  private static void checkTensorIndex(String where, int index, int tensorCount, boolean optional) {
    if (index == -1 && optional) {
      return;
    }
    if (index < 0 || index >= tensorCount) {
      throw new InvalidModelException(where + " refers to tensor " + index + ", out of range ("
          + tensorCount + " tensors)");
    }
  }

  /** Checks one tensor; returns whether it holds constant data. */
  private boolean verifyTensor(String subgraphWhere, int t, Tensor tensor) {
    String where = subgraphWhere + ", tensor " + t + describeName(tensor.name());
    int type = tensor.type();
    if (type < 0 || type > TensorType.BFLOAT16) {
      throw new InvalidModelException(where + ": unknown type " + type);
    }
    int rank = tensor.shapeLength();
    long elements = 1;
    for (int d = 0; d < rank; d++) {
      int dim = tensor.shape(d);
      if (dim < 0) {
        throw new InvalidModelException(where + ": dimension " + d + " is negative (" + dim + ")");
      }
      elements = Math.min(elements * dim, MAX_TENSOR_BYTES + 1);
    }
    int elementSize = elementSize(type);
    if (elementSize > 0 && elements * elementSize > MAX_TENSOR_BYTES) {
      throw new InvalidModelException(where + ": shape " + shapeString(tensor) + " of "
          + TensorType.name(type) + " needs more than " + MAX_TENSOR_BYTES + " bytes");
    }
    int signatureRank = tensor.shapeSignatureLength();
    if (signatureRank != 0 && signatureRank != rank) {
      throw new InvalidModelException(where + ": shape_signature has rank " + signatureRank
          + " but shape has rank " + rank);
    }
    for (int d = 0; d < signatureRank; d++) {
      if (tensor.shapeSignature(d) < -1) {
        throw new InvalidModelException(where + ": shape_signature dimension " + d + " is "
            + tensor.shapeSignature(d) + " (only -1 marks a dynamic dimension)");
      }
    }
    verifyQuantization(where, tensor, rank);
    long sparseElements = tensor.sparsity() == null ? -1 : sparseElementCount(where, tensor);

    long bufferIndex = tensor.buffer();
    if (bufferIndex >= bufferCount) {
      throw new InvalidModelException(where + ": buffer index " + bufferIndex
          + " is out of range (" + bufferCount + " buffers)");
    }
    long bytes = constantBytes((int) bufferIndex);
    if (bufferIndex == 0 || bytes == 0) {
      return false;
    }
    if (tensor.isVariable()) {
      throw new InvalidModelException(where + ": a variable tensor cannot have constant data"
          + " (buffer " + bufferIndex + ")");
    }
    if (type == TensorType.STRING) {
      verifyStringBuffer(where, (int) bufferIndex, elements);
    } else if (elementSize <= 0) {
      throw new InvalidModelException(where + ": " + TensorType.name(type)
          + " tensors cannot hold constant data");
    } else {
      long count = sparseElements >= 0 ? sparseElements : elements;
      long expected = count * elementSize;
      // TFLite counts INT4 one byte per element; converters that pack two per byte are accepted too.
      boolean packedInt4 = type == TensorType.INT4 && bytes == (count + 1) / 2;
      if (bytes != expected && !packedInt4) {
        throw new InvalidModelException(where + ": shape " + shapeString(tensor) + " of "
            + TensorType.name(type) + " needs " + expected + " bytes, but buffer " + bufferIndex
            + " holds " + bytes);
      }
    }
    return true;
  }

  private static boolean hasNoElements(Tensor tensor) {
    for (int d = 0; d < tensor.shapeLength(); d++) {
      if (tensor.shape(d) == 0) {
        return true;
      }
    }
    return false;
  }

  private long constantBytes(int bufferIndex) {
    Buffer buffer = model.buffers(bufferObj, bufferIndex);
    if (buffer.dataLength() > 0) {
      return buffer.dataLength();
    }
    return buffer.offset() > 1 ? buffer.size() : 0;
  }

  private void verifyQuantization(String where, Tensor tensor, int rank) {
    QuantizationParameters q = tensor.quantization();
    if (q == null || q.scaleLength() == 0) {
      return;
    }
    int scales = q.scaleLength();
    if (q.zeroPointVector() == null) {
      throw new InvalidModelException(where + ": quantization has " + scales
          + " scales but no zero points");
    }
    if (q.zeroPointLength() != scales) {
      throw new InvalidModelException(where + ": quantization has " + scales + " scales but "
          + q.zeroPointLength() + " zero points");
    }
    int dim = q.quantizedDimension();
    if (dim < 0 || (rank > 0 && dim >= rank)) {
      throw new InvalidModelException(where + ": quantized_dimension " + dim
          + " is out of range for rank " + rank);
    }
    if (scales != 1 && (rank == 0 || scales != tensor.shape(dim))) {
      throw new InvalidModelException(where + ": " + scales + " per-channel scales but dimension "
          + dim + " has " + (rank == 0 ? "no size (scalar)" : String.valueOf(tensor.shape(dim))));
    }
  }

  /**
   * Validates sparsity parameters as TFLite does (traversal order a permutation of the dense then
   * the block dimensions, block sizes positive, DENSE sizes matching, CSR segments monotonic and
   * indices in range) and returns the number of stored elements.
   */
  private static long sparseElementCount(String where, Tensor tensor) {
    SparsityParameters sp = tensor.sparsity();
    String bad = where + ": invalid sparsity parameters: ";
    int rank = tensor.shapeLength();
    int total = sp.traversalOrderLength();
    if (sp.traversalOrderVector() == null || sp.dimMetadataLength() != total || total < rank) {
      throw new InvalidModelException(bad + "traversal_order (" + total + ") and dim_metadata ("
          + sp.dimMetadataLength() + ") must have one entry per dimension (rank " + rank + ")");
    }
    int blockRank = total - rank;
    if (blockRank > 0 && sp.blockMapLength() != blockRank) {
      throw new InvalidModelException(bad + "block_map has " + sp.blockMapLength()
          + " entries for " + blockRank + " block dimensions");
    }
    int[] order = new int[total];
    for (int i = 0; i < total; i++) {
      order[i] = sp.traversalOrder(i);
    }
    int[] dense = Arrays.copyOf(order, rank);
    int[] block = Arrays.copyOfRange(order, rank, total);
    Arrays.sort(dense);
    Arrays.sort(block);
    for (int i = 0; i < total; i++) {
      if ((i < rank ? dense[i] : block[i - rank]) != i) {
        throw new InvalidModelException(bad + "traversal_order " + Arrays.toString(order)
            + " is not a permutation of the dense then the block dimensions");
      }
    }
    long[] sizes = new long[total];
    for (int i = 0; i < rank; i++) {
      sizes[i] = tensor.shape(i);
    }
    for (int i = 0; i < blockRank; i++) {
      int blockDim = order[rank + i];
      int blockSize = sp.dimMetadata(rank + i).denseSize();
      if (blockSize <= 0) {
        throw new InvalidModelException(bad + "block dimension " + i + " has size " + blockSize);
      }
      sizes[blockDim] = blockSize;
      int mapped = sp.blockMap(i);
      if (mapped < 0 || mapped >= rank) {
        throw new InvalidModelException(bad + "block_map[" + i + "] = " + mapped
            + " is not a dimension of the tensor");
      }
      sizes[mapped] /= blockSize;
    }
    long count = 1;
    for (int level = 0; level < total; level++) {
      DimensionMetadata dm = sp.dimMetadata(level);
      long dimSize = sizes[order[level]];
      if (dm.format() == DimensionType.DENSE) {
        if (dm.denseSize() != dimSize) {
          throw new InvalidModelException(bad + "level " + level + " is DENSE with size "
              + dm.denseSize() + " but the dimension has " + dimSize);
        }
        count = Math.min(count * dimSize, MAX_TENSOR_BYTES + 1);
      } else if (dm.format() == DimensionType.SPARSE_CSR) {
        int[] segments = indexValues(bad + "level " + level + " array_segments",
            dm.arraySegmentsType(), dm::arraySegments);
        int[] indices = indexValues(bad + "level " + level + " array_indices",
            dm.arrayIndicesType(), dm::arrayIndices);
        if (segments.length - 1 != count) {
          throw new InvalidModelException(bad + "level " + level + " has " + segments.length
              + " segments for " + count + " parent elements");
        }
        for (int j = 0; j + 1 < segments.length; j++) {
          if (segments[j] < 0 || segments[j] > segments[j + 1]) {
            throw new InvalidModelException(bad + "level " + level
                + " array_segments are not non-decreasing at " + j);
          }
        }
        if (segments.length == 0 || segments[segments.length - 1] != indices.length) {
          throw new InvalidModelException(bad + "level " + level + " last segment does not equal"
              + " the number of indices (" + indices.length + ")");
        }
        for (int index : indices) {
          if (index < 0 || index >= dimSize) {
            throw new InvalidModelException(bad + "level " + level + " index " + index
                + " is outside the dimension size " + dimSize);
          }
        }
        count = indices.length;
      } else {
        throw new InvalidModelException(bad + "level " + level + " has unknown format "
            + dm.format());
      }
    }
    return count;
  }

  /** Reads a sparse index vector stored as any of the three index vector types. */
  private static int[] indexValues(String what, byte type, UnaryOperator<Table> read) {
    switch (type) {
      case SparseIndexVector.Int32Vector -> {
        Int32Vector v = (Int32Vector) read.apply(new Int32Vector());
        if (v == null || v.valuesVector() == null) {
          throw new InvalidModelException(what + " has no values");
        }
        int[] out = new int[v.valuesLength()];
        Arrays.setAll(out, v::values);
        return out;
      }
      case SparseIndexVector.Uint16Vector -> {
        Uint16Vector v = (Uint16Vector) read.apply(new Uint16Vector());
        if (v == null || v.valuesVector() == null) {
          throw new InvalidModelException(what + " has no values");
        }
        int[] out = new int[v.valuesLength()];
        Arrays.setAll(out, v::values);
        return out;
      }
      case SparseIndexVector.Uint8Vector -> {
        Uint8Vector v = (Uint8Vector) read.apply(new Uint8Vector());
        if (v == null || v.valuesVector() == null) {
          throw new InvalidModelException(what + " has no values");
        }
        int[] out = new int[v.valuesLength()];
        Arrays.setAll(out, v::values);
        return out;
      }
      default -> throw new InvalidModelException(what + " is missing or of unknown type " + type);
    }
  }

  /** TFLite's string layout: count, count + 1 offsets (the first just past the header), bytes. */
  private void verifyStringBuffer(String where, int bufferIndex, long elements) {
    ByteBuffer data = stringData(bufferIndex);
    long size = data.remaining();
    if (size < 4) {
      throw new InvalidModelException(where + ": string buffer " + bufferIndex
          + " is shorter than its 4-byte count");
    }
    long count = Integer.toUnsignedLong(data.getInt(0));
    long header = (count + 2) * 4;
    if (header > size) {
      throw new InvalidModelException(where + ": string buffer " + bufferIndex + " declares "
          + count + " strings, needing a " + header + "-byte header, but holds " + size + " bytes");
    }
    if (count != elements) {
      throw new InvalidModelException(where + ": string buffer " + bufferIndex + " holds " + count
          + " strings but the shape has " + elements + " elements");
    }
    long previous = header;
    if (Integer.toUnsignedLong(data.getInt(4)) != header) {
      throw new InvalidModelException(where + ": string buffer " + bufferIndex
          + " first offset must be " + header);
    }
    for (int i = 1; i <= count; i++) {
      long offset = Integer.toUnsignedLong(data.getInt(4 + 4 * i));
      if (offset < previous || offset > size) {
        throw new InvalidModelException(where + ": string buffer " + bufferIndex + " offset " + i
            + " (" + offset + ") is out of order or past the end");
      }
      previous = offset;
    }
    if (previous != size) {
      throw new InvalidModelException(where + ": string buffer " + bufferIndex
          + " last offset must equal its size " + size);
    }
  }

  private ByteBuffer stringData(int bufferIndex) {
    Buffer buffer = model.buffers(bufferObj, bufferIndex);
    ByteBuffer whole = buffer.getByteBuffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (buffer.dataLength() > 0) {
      ByteBuffer data = buffer.dataAsByteBuffer();
      whole.position(data.position()).limit(data.limit());
    } else {
      whole.position((int) buffer.offset()).limit((int) (buffer.offset() + buffer.size()));
    }
    return whole.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The subgraphs each subgraph calls through control-flow options; indices in range, no cycle. */
  private void verifySubgraphCalls() {
    int count = model.subgraphsLength();
    List<List<Integer>> calls = new ArrayList<>(count);
    for (int s = 0; s < count; s++) {
      List<Integer> callees = new ArrayList<>();
      SubGraph subgraph = model.subgraphs(s);
      for (int o = 0; o < subgraph.operatorsLength(); o++) {
        Operator op = subgraph.operators(operatorObj, o);
        String where = "subgraph " + s + describeName(subgraph.name()) + ", operator " + o;
        for (long callee : calledSubgraphs(op)) {
          if (callee < 0 || callee >= count) {
            throw new InvalidModelException(where + ": calls subgraph " + callee
                + ", out of range (" + count + " subgraphs)");
          }
          callees.add((int) callee);
        }
      }
      calls.add(callees);
    }
    // Iterative depth-first search: a chain of thousands of subgraphs must not overflow the stack.
    int[] state = new int[count]; // 0 unseen, 1 on the current path, 2 done
    for (int start = 0; start < count; start++) {
      if (state[start] != 0) {
        continue;
      }
      int[] stack = new int[count];
      int[] next = new int[count];
      int depth = 0;
      stack[0] = start;
      state[start] = 1;
      while (depth >= 0) {
        int s = stack[depth];
        if (next[depth] < calls.get(s).size()) {
          int callee = calls.get(s).get(next[depth]++);
          if (state[callee] == 1) {
            throw new InvalidModelException("subgraph " + s + " calls subgraph " + callee
                + ", which is already on the call path: recursive subgraph calls are not allowed");
          }
          if (state[callee] == 0) {
            state[callee] = 1;
            stack[++depth] = callee;
            next[depth] = 0;
          }
        } else {
          state[s] = 2;
          depth--;
        }
      }
    }
  }

  private static long[] calledSubgraphs(Operator op) {
    switch (op.builtinOptionsType()) {
      case BuiltinOptions.WhileOptions -> {
        WhileOptions w = (WhileOptions) op.builtinOptions(new WhileOptions());
        return w == null ? new long[0]
            : new long[] {w.condSubgraphIndex(), w.bodySubgraphIndex()};
      }
      case BuiltinOptions.IfOptions -> {
        IfOptions i = (IfOptions) op.builtinOptions(new IfOptions());
        return i == null ? new long[0]
            : new long[] {i.thenSubgraphIndex(), i.elseSubgraphIndex()};
      }
      case BuiltinOptions.CallOnceOptions -> {
        CallOnceOptions c = (CallOnceOptions) op.builtinOptions(new CallOnceOptions());
        return c == null ? new long[0] : new long[] {c.initSubgraphIndex()};
      }
      case BuiltinOptions.CallOptions -> {
        CallOptions c = (CallOptions) op.builtinOptions(new CallOptions());
        return c == null ? new long[0] : new long[] {c.subgraph()};
      }
      default -> {
        return calledSubgraphs2(op);
      }
    }
  }

  private static long[] calledSubgraphs2(Operator op) {
    switch (op.builtinOptions2Type()) {
      case BuiltinOptions2.StablehloWhileOptions -> {
        StablehloWhileOptions w = (StablehloWhileOptions) op.builtinOptions2(
            new StablehloWhileOptions());
        return w == null ? new long[0]
            : new long[] {w.condSubgraphIndex(), w.bodySubgraphIndex()};
      }
      case BuiltinOptions2.StableHLOCompositeOptions -> {
        StableHLOCompositeOptions c = (StableHLOCompositeOptions) op.builtinOptions2(
            new StableHLOCompositeOptions());
        return c == null ? new long[0] : new long[] {c.decompositionSubgraphIndex()};
      }
      case BuiltinOptions2.StablehloReduceOptions -> {
        StablehloReduceOptions r = (StablehloReduceOptions) op.builtinOptions2(
            new StablehloReduceOptions());
        return r == null ? new long[0] : new long[] {r.bodySubgraphIndex()};
      }
      case BuiltinOptions2.StablehloReduceWindowOptions -> {
        StablehloReduceWindowOptions r = (StablehloReduceWindowOptions) op.builtinOptions2(
            new StablehloReduceWindowOptions());
        return r == null ? new long[0] : new long[] {r.bodySubgraphIndex()};
      }
      case BuiltinOptions2.StablehloSortOptions -> {
        StablehloSortOptions r = (StablehloSortOptions) op.builtinOptions2(
            new StablehloSortOptions());
        return r == null ? new long[0] : new long[] {r.comparatorSubgraphIndex()};
      }
      case BuiltinOptions2.StablehloScatterOptions -> {
        StablehloScatterOptions r = (StablehloScatterOptions) op.builtinOptions2(
            new StablehloScatterOptions());
        return r == null ? new long[0] : new long[] {r.updateComputationSubgraphIndex()};
      }
      case BuiltinOptions2.StablehloCaseOptions -> {
        StablehloCaseOptions c = (StablehloCaseOptions) op.builtinOptions2(
            new StablehloCaseOptions());
        if (c == null) {
          return new long[0];
        }
        long[] branches = new long[c.branchSubgraphIndicesLength()];
        Arrays.setAll(branches, c::branchSubgraphIndices);
        return branches;
      }
      default -> {
        return new long[0];
      }
    }
  }

  private void verifySignatures() {
    for (int i = 0; i < model.signatureDefsLength(); i++) {
      SignatureDef signature = model.signatureDefs(i);
      String where = "signature " + i + describeName(signature.signatureKey());
      if (signature.signatureKey() == null) {
        throw new InvalidModelException(where + ": has no signature key");
      }
      long s = signature.subgraphIndex();
      if (s >= model.subgraphsLength()) {
        throw new InvalidModelException(where + ": subgraph index " + s + " is out of range ("
            + model.subgraphsLength() + " subgraphs)");
      }
      int tensorCount = model.subgraphs((int) s).tensorsLength();
      TensorMap map = new TensorMap();
      for (int k = 0; k < signature.inputsLength(); k++) {
        verifyTensorMap(where + ": input " + k, signature.inputs(map, k), tensorCount);
      }
      for (int k = 0; k < signature.outputsLength(); k++) {
        verifyTensorMap(where + ": output " + k, signature.outputs(map, k), tensorCount);
      }
    }
  }

  private static void verifyTensorMap(String where, TensorMap map, int tensorCount) {
    if (map.name() == null) {
      throw new InvalidModelException(where + " has no name");
    }
    if (map.tensorIndex() >= tensorCount) {
      throw new InvalidModelException(where + describeName(map.name()) + " refers to tensor "
          + map.tensorIndex() + ", out of range (" + tensorCount + " tensors)");
    }
  }

  private void verifyMetadataEntries() {
    Metadata entry = new Metadata();
    for (int i = 0; i < model.metadataLength(); i++) {
      model.metadata(entry, i);
      if (entry.buffer() >= bufferCount) {
        throw new InvalidModelException("metadata entry " + i + describeName(entry.name())
            + ": buffer index " + entry.buffer() + " is out of range (" + bufferCount
            + " buffers)");
      }
    }
  }

  private String opName(int opcodeIndex, int builtin) {
    if (builtin == BuiltinOperator.CUSTOM) {
      return model.operatorCodes(opcodeIndex).customCode();
    }
    return ModelFile.builtinName(builtin);
  }

  /** Byte size of one element, or 0 for types without a fixed size (string, resource, variant). */
  static int elementSize(int type) {
    return switch (type) {
      case TensorType.FLOAT32, TensorType.INT32, TensorType.UINT32 -> 4;
      case TensorType.FLOAT16, TensorType.INT16, TensorType.UINT16, TensorType.BFLOAT16 -> 2;
      case TensorType.INT64, TensorType.UINT64, TensorType.FLOAT64, TensorType.COMPLEX64 -> 8;
      case TensorType.COMPLEX128 -> 16;
      case TensorType.UINT8, TensorType.INT8, TensorType.BOOL, TensorType.INT4 -> 1;
      default -> 0;
    };
  }

  private static String shapeString(Tensor tensor) {
    int[] dims = new int[tensor.shapeLength()];
    Arrays.setAll(dims, tensor::shape);
    return Arrays.toString(dims);
  }

  private static String describeName(String name) {
    return name == null || name.isEmpty() ? "" : " '" + name + "'";
  }
}
