package dev.jlite.task.text;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.metadata.AssociatedFile;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.schema.metadata.BertTokenizerOptions;
import dev.jlite.schema.metadata.ModelMetadata;
import dev.jlite.schema.metadata.ProcessUnit;
import dev.jlite.schema.metadata.ProcessUnitOptions;
import dev.jlite.schema.metadata.SentencePieceTokenizerOptions;
import dev.jlite.schema.metadata.SubGraphMetadata;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.schema.model.BatchMatMulOptions;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.CastOptions;
import dev.jlite.schema.model.FullyConnectedOptions;
import dev.jlite.schema.model.GatherOptions;
import dev.jlite.schema.model.GeluOptions;
import dev.jlite.schema.model.ReducerOptions;
import dev.jlite.schema.model.ReshapeOptions;
import dev.jlite.schema.model.SoftmaxOptions;
import dev.jlite.schema.model.TensorType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small models of BERT's architecture written with {@link ModelBuilder}: word, segment and
 * position embeddings (GATHER, ADD), layer norm (MEAN, SQUARED_DIFFERENCE, RSQRT, MUL, ADD),
 * multi-head self-attention (FULLY_CONNECTED projections, RESHAPE, TRANSPOSE, BATCH_MATMUL, the
 * mask as an additive -10000 bias, SOFTMAX), a GELU feed-forward block, and either start/end logit
 * heads (question answering) or a pooled classifier with SOFTMAX. Weights are seeded random
 * floats; the quantized variant stores every FULLY_CONNECTED weight as per-channel INT8 (dynamic
 * range quantization). Metadata (tensor names and the tokenizer as the subgraph's input process
 * unit) and the associated files are appended as the populator writes them.
 */
final class BertModels {
  static final int HIDDEN = 16;
  static final int HEADS = 2;
  static final int HEAD_SIZE = HIDDEN / HEADS;
  static final int INTERMEDIATE = 32;

  /** Which head the model ends with. */
  enum Head { QUESTION_ANSWERING, CLASSIFIER }

  private final ModelBuilder model = new ModelBuilder();
  private final SubgraphBuilder g = model.addSubgraph("main");
  private final Random random;
  private final boolean quantized;
  private boolean asymmetricInputs;
  private int counter;

  private BertModels(long seed, boolean quantized) {
    this.random = new Random(seed);
    this.quantized = quantized;
  }

  /**
   * Metadata to write: the tokenizer's WordPiece vocabulary or SentencePiece model, the output
   * names, and labels of output 0 (null for none).
   */
  record Meta(String vocab, byte[] sentencePiece, List<String> outputNames, String labels) {}

  /**
   * A BERT model of {@code layers} layers over {@code vocabSize} tokens and {@code seqLen}, with
   * metadata if {@code meta} is not null.
   */
  static byte[] bert(Head head, int vocabSize, int seqLen, int layers, int classes,
      boolean quantized, long seed, Meta meta) {
    BertModels m = new BertModels(seed, quantized);
    m.build(head, vocabSize, seqLen, layers, classes);
    return m.finish(meta);
  }

  /**
   * A dynamic-range quantized model whose FULLY_CONNECTED operators quantize their float inputs
   * asymmetrically ({@code asymmetric_quantize_inputs}, as TFLite's converter writes for BERT).
   */
  static byte[] bertAsymmetric(Head head, int vocabSize, int seqLen, int layers, int classes,
      long seed) {
    BertModels m = new BertModels(seed, true);
    m.asymmetricInputs = true;
    m.build(head, vocabSize, seqLen, layers, classes);
    return m.finish(null);
  }

  /**
   * A question-answering model whose start and end logits are looked up per token id: {@code
   * startLogits[i] = start[ids[i]]}, {@code endLogits[i] = end[ids[i]]} (GATHER from two
   * tables), so that the expected answers follow from the tables.
   */
  static byte[] plantedQa(float[] start, float[] end, int seqLen, Meta meta) {
    BertModels m = new BertModels(0, false);
    int[] in = m.inputs(seqLen);
    int startTable = m.g.addConstant("start_table", new int[] {start.length}, start);
    int endTable = m.g.addConstant("end_table", new int[] {end.length}, end);
    int endLogits = m.gather(endTable, in[0], 0, "end_logits", 1, seqLen);
    int startLogits = m.gather(startTable, in[0], 0, "start_logits", 1, seqLen);
    m.g.inputs(in).outputs(endLogits, startLogits);
    return m.finish(meta);
  }

  private void build(Head head, int vocabSize, int seqLen, int layers, int classes) {
    int[] in = inputs(seqLen);
    int words = gather(constant(vocabSize, HIDDEN, 0.5f), in[0], 0, "word_embedding", 1, seqLen,
        HIDDEN);
    int segments = gather(constant(2, HIDDEN, 0.5f), in[2], 0, "segment_embedding", 1, seqLen,
        HIDDEN);
    int x = binary(BuiltinOperator.ADD, words, segments, 1, seqLen, HIDDEN);
    x = binary(BuiltinOperator.ADD, x, constant3(1, seqLen, HIDDEN, 0.5f), 1, seqLen, HIDDEN);
    x = layerNorm(x, seqLen);
    // The mask as an additive bias: (1 - mask) * -10000, broadcast over heads and queries.
    int maskFloat = tensor("mask_float", 1, seqLen);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.CAST).inputs(in[1]).outputs(maskFloat)
        .options(BuiltinOptions.CastOptions, fbb -> CastOptions.createCastOptions(fbb,
            TensorType.INT32, TensorType.FLOAT32)).build());
    int inverted = binary(BuiltinOperator.SUB, g.addConstant(name("one"), new int[] {1},
        new float[] {1f}), maskFloat, 1, seqLen);
    int bias = binary(BuiltinOperator.MUL, inverted, g.addConstant(name("big"), new int[] {1},
        new float[] {-10000f}), 1, seqLen);
    int maskBias = reshape(bias, 1, 1, 1, seqLen);
    for (int l = 0; l < layers; l++) {
      x = layer(x, maskBias, seqLen);
    }
    if (head == Head.QUESTION_ANSWERING) {
      int end = reshape(fc(x, HIDDEN, 1, seqLen), 1, seqLen);
      int start = reshape(fc(x, HIDDEN, 1, seqLen), 1, seqLen);
      g.inputs(in).outputs(end, start);
      return;
    }
    int first = gather(x, g.addConstant(name("first"), new int[] {1}, new int[] {0}), 1,
        "cls", 1, 1, HIDDEN);
    int pooled = unary(BuiltinOperator.TANH, fc(reshape(first, 1, HIDDEN), HIDDEN, HIDDEN, 0),
        1, HIDDEN);
    int logits = fc(pooled, HIDDEN, classes, 0);
    int probability = tensor("probability", 1, classes);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.SOFTMAX).inputs(logits)
        .outputs(probability).options(BuiltinOptions.SoftmaxOptions,
            fbb -> SoftmaxOptions.createSoftmaxOptions(fbb, 1f)).build());
    g.inputs(in).outputs(probability);
  }

  private int[] inputs(int seqLen) {
    return new int[] {
        g.addTensor("ids", TensorType.INT32, 1, seqLen),
        g.addTensor("mask", TensorType.INT32, 1, seqLen),
        g.addTensor("segment_ids", TensorType.INT32, 1, seqLen)};
  }

  private int layer(int x, int maskBias, int seqLen) {
    int q = heads(fc(x, HIDDEN, HIDDEN, seqLen), seqLen);
    int k = heads(fc(x, HIDDEN, HIDDEN, seqLen), seqLen);
    int v = heads(fc(x, HIDDEN, HIDDEN, seqLen), seqLen);
    int scores = tensor("scores", 1, HEADS, seqLen, seqLen);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.BATCH_MATMUL).inputs(q, k).outputs(scores)
        .options(BuiltinOptions.BatchMatMulOptions,
            fbb -> BatchMatMulOptions.createBatchMatMulOptions(fbb, false, true, false))
        .build());
    int scaled = binary(BuiltinOperator.MUL, scores, g.addConstant(name("scale"), new int[] {1},
        new float[] {(float) (1 / Math.sqrt(HEAD_SIZE))}), 1, HEADS, seqLen, seqLen);
    int masked = binary(BuiltinOperator.ADD, scaled, maskBias, 1, HEADS, seqLen, seqLen);
    int probs = tensor("probs", 1, HEADS, seqLen, seqLen);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.SOFTMAX).inputs(masked).outputs(probs)
        .options(BuiltinOptions.SoftmaxOptions, fbb -> SoftmaxOptions.createSoftmaxOptions(fbb,
            1f)).build());
    int context = tensor("context", 1, HEADS, seqLen, HEAD_SIZE);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.BATCH_MATMUL).inputs(probs, v)
        .outputs(context).options(BuiltinOptions.BatchMatMulOptions,
            fbb -> BatchMatMulOptions.createBatchMatMulOptions(fbb, false, false, false))
        .build());
    int merged = reshape(transpose(context, 1, seqLen, HEADS, HEAD_SIZE), 1, seqLen, HIDDEN);
    int attention = binary(BuiltinOperator.ADD, fc(merged, HIDDEN, HIDDEN, seqLen), x, 1, seqLen,
        HIDDEN);
    int h = layerNorm(attention, seqLen);
    int up = fc(h, HIDDEN, INTERMEDIATE, seqLen);
    int gelu = tensor("gelu", 1, seqLen, INTERMEDIATE);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.GELU).inputs(up).outputs(gelu)
        .options(BuiltinOptions.GeluOptions, fbb -> GeluOptions.createGeluOptions(fbb, false))
        .build());
    int down = binary(BuiltinOperator.ADD, fc(gelu, INTERMEDIATE, HIDDEN, seqLen), h, 1, seqLen,
        HIDDEN);
    return layerNorm(down, seqLen);
  }

  /** [1, S, H] to [1, heads, S, headSize]. */
  private int heads(int x, int seqLen) {
    return transpose(reshape(x, 1, seqLen, HEADS, HEAD_SIZE), 1, HEADS, seqLen, HEAD_SIZE);
  }

  private int transpose(int x, int... outShape) {
    int out = tensor("transposed", outShape);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.TRANSPOSE)
        .inputs(x, g.addConstant(name("perm"), new int[] {4}, new int[] {0, 2, 1, 3}))
        .outputs(out).build());
    return out;
  }

  private int layerNorm(int x, int seqLen) {
    int axis = g.addConstant(name("axis"), new int[] {1}, new int[] {-1});
    int mean = reduceMean(x, axis, seqLen);
    int variance = reduceMean(binary(BuiltinOperator.SQUARED_DIFFERENCE, x, mean, 1, seqLen,
        HIDDEN), axis, seqLen);
    int eps = binary(BuiltinOperator.ADD, variance, g.addConstant(name("eps"), new int[] {1},
        new float[] {1e-6f}), 1, seqLen, 1);
    int inverse = unary(BuiltinOperator.RSQRT, eps, 1, seqLen, 1);
    int centered = binary(BuiltinOperator.SUB, x, mean, 1, seqLen, HIDDEN);
    int normed = binary(BuiltinOperator.MUL, centered, inverse, 1, seqLen, HIDDEN);
    int gamma = g.addConstant(name("gamma"), new int[] {HIDDEN}, values(HIDDEN, 0.2f, 1f));
    int beta = g.addConstant(name("beta"), new int[] {HIDDEN}, values(HIDDEN, 0.2f, 0f));
    return binary(BuiltinOperator.ADD, binary(BuiltinOperator.MUL, normed, gamma, 1, seqLen,
        HIDDEN), beta, 1, seqLen, HIDDEN);
  }

  private int reduceMean(int x, int axis, int seqLen) {
    int out = tensor("mean", 1, seqLen, 1);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.MEAN).inputs(x, axis).outputs(out)
        .options(BuiltinOptions.ReducerOptions, fbb -> ReducerOptions.createReducerOptions(fbb,
            true)).build());
    return out;
  }

  /** FULLY_CONNECTED from {@code in} to {@code units}, on [1, rows, in] (rows > 0) or [1, in]. */
  private int fc(int x, int in, int units, int rows) {
    float[] w = values(units * in, (float) (1 / Math.sqrt(in)), 0f);
    int weights;
    if (quantized) {
      float[] scales = new float[units];
      byte[] q = new byte[w.length];
      for (int u = 0; u < units; u++) {
        float max = 1e-6f;
        for (int i = 0; i < in; i++) {
          max = Math.max(max, Math.abs(w[u * in + i]));
        }
        scales[u] = max / 127;
        for (int i = 0; i < in; i++) {
          q[u * in + i] = (byte) Math.round(w[u * in + i] / scales[u]);
        }
      }
      weights = g.addTensor(TensorSpec.builder(name("weights"), TensorType.INT8, units, in)
          .buffer(model.addBuffer(q))
          .quantization(QuantizationSpec.perChannel(scales, new long[units], 0)).build());
    } else {
      weights = g.addConstant(name("weights"), new int[] {units, in}, w);
    }
    int bias = g.addConstant(name("bias"), new int[] {units}, values(units, 0.1f, 0f));
    boolean keep = rows > 0;
    int out = tensor("fc", keep ? new int[] {1, rows, units} : new int[] {1, units});
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.FULLY_CONNECTED).inputs(x, weights, bias)
        .outputs(out).options(BuiltinOptions.FullyConnectedOptions, fbb -> {
          FullyConnectedOptions.startFullyConnectedOptions(fbb);
          FullyConnectedOptions.addKeepNumDims(fbb, keep);
          FullyConnectedOptions.addAsymmetricQuantizeInputs(fbb, asymmetricInputs);
          return FullyConnectedOptions.endFullyConnectedOptions(fbb);
        }).build());
    return out;
  }

  private int gather(int params, int indices, int axis, String name, int... outShape) {
    int out = g.addTensor(name, TensorType.FLOAT32, outShape);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.GATHER).inputs(params, indices)
        .outputs(out).options(BuiltinOptions.GatherOptions,
            fbb -> GatherOptions.createGatherOptions(fbb, axis, 0)).build());
    return out;
  }

  private int reshape(int x, int... shape) {
    int out = tensor("reshaped", shape);
    g.addOperator(OperatorSpec.builtin(BuiltinOperator.RESHAPE)
        .inputs(x, g.addConstant(name("shape"), new int[] {shape.length}, shape)).outputs(out)
        .options(BuiltinOptions.ReshapeOptions, fbb -> ReshapeOptions.createReshapeOptions(fbb,
            ReshapeOptions.createNewShapeVector(fbb, shape))).build());
    return out;
  }

  private int binary(int op, int a, int b, int... outShape) {
    int out = tensor("binary", outShape);
    g.addOperator(OperatorSpec.builtin(op).inputs(a, b).outputs(out).build());
    return out;
  }

  private int unary(int op, int a, int... outShape) {
    int out = tensor("unary", outShape);
    g.addOperator(OperatorSpec.builtin(op).inputs(a).outputs(out).build());
    return out;
  }

  private int tensor(String prefix, int... shape) {
    return g.addTensor(name(prefix), TensorType.FLOAT32, shape);
  }

  private int constant(int rows, int cols, float range) {
    return g.addConstant(name("table"), new int[] {rows, cols}, values(rows * cols, range, 0f));
  }

  private int constant3(int a, int b, int c, float range) {
    return g.addConstant(name("position"), new int[] {a, b, c}, values(a * b * c, range, 0f));
  }

  private float[] values(int n, float range, float offset) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = offset + (random.nextFloat() * 2 - 1) * range;
    }
    return v;
  }

  private String name(String prefix) {
    return prefix + "_" + counter++;
  }

  /**
   * The model with metadata naming the inputs {@code ids}, {@code mask}, {@code segment_ids} and
   * outputs as given, a tokenizer process unit ({@code BertTokenizerOptions} with {@code
   * vocab.txt}, or {@code SentencePieceTokenizerOptions} with {@code sp.model}) and, for
   * classifiers, a label file; the files appended as a stored zip.
   */
  private byte[] finish(Meta meta) {
    return meta == null ? model.build() : withMetadata(model, meta);
  }

  /** Builds a model with the metadata and its files appended. */
  static byte[] withMetadata(ModelBuilder model, Meta meta) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    model.addMetadata(ModelFile.METADATA_NAME, metadata(meta, files));
    return concat(model.build(), storedZip(files));
  }

  private static byte[] metadata(Meta meta, Map<String, byte[]> files) {
    String vocab = meta.vocab();
    byte[] sentencePiece = meta.sentencePiece();
    List<String> outputNames = meta.outputNames();
    String labels = meta.labels();
    FlatBufferBuilder fbb = new FlatBufferBuilder();
    int[] inputs = new int[3];
    String[] names = {"ids", "mask", "segment_ids"};
    for (int i = 0; i < 3; i++) {
      inputs[i] = TensorMetadata.createTensorMetadata(fbb, fbb.createString(names[i]), 0, 0, 0,
          0, 0, 0);
    }
    int[] outputs = new int[outputNames.size()];
    for (int i = 0; i < outputs.length; i++) {
      int associated = 0;
      if (labels != null && i == 0) {
        files.put("labels.txt", labels.getBytes(StandardCharsets.UTF_8));
        associated = TensorMetadata.createAssociatedFilesVector(fbb, new int[] {
            file(fbb, "labels.txt", AssociatedFileType.TENSOR_AXIS_LABELS)});
      }
      outputs[i] = TensorMetadata.createTensorMetadata(fbb,
          fbb.createString(outputNames.get(i)), 0, 0, 0, 0, 0, associated);
    }
    int unit;
    if (sentencePiece != null) {
      files.put("sp.model", sentencePiece);
      int options = SentencePieceTokenizerOptions.createSentencePieceTokenizerOptions(fbb,
          SentencePieceTokenizerOptions.createSentencePieceModelVector(fbb, new int[] {
              file(fbb, "sp.model", AssociatedFileType.DESCRIPTIONS)}), 0);
      unit = ProcessUnit.createProcessUnit(fbb, ProcessUnitOptions.SentencePieceTokenizerOptions,
          options);
    } else {
      files.put("vocab.txt", vocab.getBytes(StandardCharsets.UTF_8));
      int options = BertTokenizerOptions.createBertTokenizerOptions(fbb,
          BertTokenizerOptions.createVocabFileVector(fbb, new int[] {
              file(fbb, "vocab.txt", AssociatedFileType.VOCABULARY)}));
      unit = ProcessUnit.createProcessUnit(fbb, ProcessUnitOptions.BertTokenizerOptions, options);
    }
    int subgraph = SubGraphMetadata.createSubGraphMetadata(fbb, 0, 0,
        SubGraphMetadata.createInputTensorMetadataVector(fbb, inputs),
        SubGraphMetadata.createOutputTensorMetadataVector(fbb, outputs),
        0, SubGraphMetadata.createInputProcessUnitsVector(fbb, new int[] {unit}), 0, 0, 0, 0);
    int root = ModelMetadata.createModelMetadata(fbb, fbb.createString("tiny bert"), 0, 0,
        ModelMetadata.createSubgraphMetadataVector(fbb, new int[] {subgraph}), 0, 0, 0,
        fbb.createString("1.1.0"));
    ModelMetadata.finishModelMetadataBuffer(fbb, root);
    return fbb.sizedByteArray();
  }

  private static int file(FlatBufferBuilder fbb, String name, byte type) {
    return AssociatedFile.createAssociatedFile(fbb, fbb.createString(name), 0, type, 0, 0);
  }

  private static byte[] storedZip(Map<String, byte[]> files) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(out)) {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
          byte[] data = e.getValue();
          ZipEntry entry = new ZipEntry(e.getKey());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(data.length);
          entry.setCompressedSize(data.length);
          CRC32 crc = new CRC32();
          crc.update(data);
          entry.setCrc(crc.getValue());
          zip.putNextEntry(entry);
          zip.write(data);
          zip.closeEntry();
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
