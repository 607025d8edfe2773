package dev.jlite.cli;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTypeGetName;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteAffineQuantization;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

import dev.jlite.schema.model.BuiltinOperator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.StringIntMap;
import org.bytedeco.tensorflowlite.Subgraph;
import org.bytedeco.tensorflowlite.TfLiteAffineQuantization;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteRegistration;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * What real TFLite 2.19 (through {@code org.bytedeco:tensorflow-lite}) reads from a model file: the
 * only place the tests touch the native API.
 *
 * <p>The interpreter is built but tensors are never allocated, so models with custom ops TFLite does
 * not know (MediaPipe's {@code Convolution2DTransposeBias}) still load: TFLite gives such nodes a
 * placeholder registration that carries the custom name and would only fail in {@code Prepare}.
 */
final class TfliteOracle {
  private TfliteOracle() {}

  /** Quantization as TFLite holds it: the legacy per-tensor pair plus the affine arrays. */
  record Quantization(float scale, int zeroPoint, boolean affine, List<Float> scales,
      List<Integer> zeroPoints, int quantizedDimension) {}

  record Tensor(String name, String type, List<Integer> shape, List<Integer> shapeSignature,
      Quantization quantization) {}

  record Signature(String key, List<String> inputs, List<String> outputs) {}

  record Report(List<Tensor> inputs, List<Tensor> outputs, Map<String, Integer> operatorCounts,
      int subgraphCount, List<Signature> signatures) {}

  static Report read(Path model) {
    try (FlatBufferModel flatBuffer = FlatBufferModel.BuildFromFile(model.toString());
        BuiltinOpResolverWithoutDefaultDelegates resolver =
            new BuiltinOpResolverWithoutDefaultDelegates();
        // Null: InterpreterBuilder.apply fills in the std::unique_ptr it is given.
        Interpreter interpreter = new Interpreter((Pointer) null)) {
      if (flatBuffer == null || flatBuffer.isNull()) {
        throw new IllegalStateException("TFLite cannot load " + model);
      }
      try (InterpreterBuilder builder = new InterpreterBuilder(flatBuffer, resolver)) {
        if (builder.apply(interpreter) != kTfLiteOk) {
          throw new IllegalStateException("TFLite cannot build an interpreter for " + model);
        }
      }
      Subgraph main = interpreter.primary_subgraph();
      return new Report(tensors(main, main.inputs()), tensors(main, main.outputs()),
          operatorCounts(interpreter), (int) interpreter.subgraphs_size(), signatures(interpreter));
    }
  }

  private static List<Tensor> tensors(Subgraph subgraph, IntPointer indices) {
    List<Tensor> tensors = new ArrayList<>();
    for (long i = 0; i < indices.limit(); i++) {
      TfLiteTensor tensor = subgraph.tensor(indices.get(i));
      tensors.add(new Tensor(tensor.name().getString(), TfLiteTypeGetName(tensor.type()).getString(),
          ints(tensor.dims()), ints(tensor.dims_signature()), quantization(tensor)));
    }
    return tensors;
  }

  private static Quantization quantization(TfLiteTensor tensor) {
    List<Float> scales = new ArrayList<>();
    List<Integer> zeroPoints = new ArrayList<>();
    boolean affine = tensor.quantization().type() == kTfLiteAffineQuantization;
    int quantizedDimension = 0;
    if (affine) {
      TfLiteAffineQuantization params = new TfLiteAffineQuantization(tensor.quantization().params());
      for (int i = 0; i < params.scale().size(); i++) {
        scales.add(params.scale().data(i));
      }
      zeroPoints.addAll(ints(params.zero_point()));
      quantizedDimension = params.quantized_dimension();
    }
    return new Quantization(tensor.params().scale(), tensor.params().zero_point(), affine, scales,
        zeroPoints, quantizedDimension);
  }

  /** Counts by name over every node of every subgraph, the way inspect names them. */
  private static Map<String, Integer> operatorCounts(Interpreter interpreter) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int s = 0; s < interpreter.subgraphs_size(); s++) {
      Subgraph subgraph = interpreter.subgraph(s);
      for (int n = 0; n < subgraph.nodes_size(); n++) {
        TfLiteRegistration registration = subgraph.node_and_registration(n).second();
        String name = registration.builtin_code() == BuiltinOperator.CUSTOM
            ? registration.custom_name().getString()
            : BuiltinOperator.name(registration.builtin_code());
        counts.merge(name, 1, Integer::sum);
      }
    }
    return counts;
  }

  private static List<Signature> signatures(Interpreter interpreter) {
    List<Signature> signatures = new ArrayList<>();
    var keys = interpreter.signature_keys();
    for (long i = 0; i < keys.size(); i++) {
      String key = keys.get(i).getString();
      signatures.add(new Signature(key, names(interpreter.signature_inputs(key)),
          names(interpreter.signature_outputs(key))));
    }
    return signatures;
  }

  /** The keys of a std::map, which TFLite keeps sorted by name. */
  private static List<String> names(StringIntMap map) {
    List<String> names = new ArrayList<>();
    for (var it = map.begin(); !it.equals(map.end()); it.increment()) {
      names.add(it.first());
    }
    return names;
  }

  /** A TfLiteIntArray as a list; TFLite leaves some (dims_signature) null. */
  private static List<Integer> ints(TfLiteIntArray array) {
    List<Integer> values = new ArrayList<>();
    if (array != null && !array.isNull()) {
      for (int i = 0; i < array.size(); i++) {
        values.add(array.data(i));
      }
    }
    return values;
  }
}
