package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.QuantizationSpec;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.TensorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.Conv2DOptions;
import dev.jlite.schema.model.DepthwiseConv2DOptions;
import dev.jlite.schema.model.FullyConnectedOptions;
import dev.jlite.schema.model.Operator;
import dev.jlite.schema.model.QuantizationParameters;
import dev.jlite.schema.model.SubGraph;
import dev.jlite.schema.model.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED of real quantized models, each cut out with
 * its own weights, bias, shapes and quantization into a one-operator model, bit-exact against
 * TFLite 2.19 on random inputs (the models' other operators belong to other kernel families).
 */
class QuantizedModelsTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "image_classification/mobilenet_v1_0.25_224_quant.tflite",
      "image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite",
      "image_classification/tf2_mobilenet_v2_1.0_224_ptq.tflite",
      "audio/tflm_micro_speech_quantized.tflite"})
  void everyConvolutionLayerMatchesTfLiteBitExactly(String name) throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(root.resolve("testdata"))) {
      root = root.getParent();
    }
    ModelFile file = ModelFile.read(root.resolve("testdata/models").resolve(name));
    SubGraph graph = file.model().subgraphs(0);
    int layers = 0;
    for (int i = 0; i < graph.operatorsLength(); i++) {
      Operator op = graph.operators(i);
      int code = file.builtinCode((int) op.opcodeIndex());
      if (code == BuiltinOperator.CONV_2D || code == BuiltinOperator.DEPTHWISE_CONV_2D
          || code == BuiltinOperator.FULLY_CONNECTED) {
        byte[] layer = layer(file, graph, op, code);
        try {
          Differential.assertMatchesTfLite(layer, i);
          if (layers % 4 == 0) {
            Differential.assertMatchesTfLite(layer, i + 1000, 2);
          }
        } catch (AssertionError e) {
          throw new AssertionError("operator " + i + " (" + ModelFile.builtinName(code) + "): "
              + e.getMessage(), e);
        }
        layers++;
      }
    }
    assertThat(layers).isGreaterThan(0);
  }

  private static byte[] layer(ModelFile file, SubGraph graph, Operator op, int code) {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder g = model.addSubgraph("main");
    int[] inputs = new int[op.inputsLength()];
    for (int k = 0; k < inputs.length; k++) {
      int t = op.inputs(k);
      inputs[k] = t < 0 ? -1 : g.addTensor(spec(model, file, graph.tensors(t), k > 0));
    }
    int out = g.addTensor(spec(model, file, graph.tensors(op.outputs(0)), false));
    OperatorSpec.Builder spec = OperatorSpec.builtin(code).inputs(inputs).outputs(out);
    if (code == BuiltinOperator.CONV_2D) {
      Conv2DOptions o = (Conv2DOptions) op.builtinOptions(new Conv2DOptions());
      spec.options(BuiltinOptions.Conv2DOptions, fbb -> Conv2DOptions.createConv2DOptions(fbb,
          o.padding(), o.strideW(), o.strideH(), o.fusedActivationFunction(),
          o.dilationWFactor(), o.dilationHFactor(), (byte) 0));
    } else if (code == BuiltinOperator.DEPTHWISE_CONV_2D) {
      DepthwiseConv2DOptions o =
          (DepthwiseConv2DOptions) op.builtinOptions(new DepthwiseConv2DOptions());
      spec.options(BuiltinOptions.DepthwiseConv2DOptions,
          fbb -> DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fbb, o.padding(),
              o.strideW(), o.strideH(), o.depthMultiplier(), o.fusedActivationFunction(),
              o.dilationWFactor(), o.dilationHFactor()));
    } else {
      FullyConnectedOptions o =
          (FullyConnectedOptions) op.builtinOptions(new FullyConnectedOptions());
      spec.options(BuiltinOptions.FullyConnectedOptions,
          fbb -> FullyConnectedOptions.createFullyConnectedOptions(fbb,
              o.fusedActivationFunction(), o.weightsFormat(), o.keepNumDims(), false, (byte) 0));
    }
    g.addOperator(spec.build());
    g.inputs(inputs[0]).outputs(out);
    return model.build();
  }

  private static TensorSpec spec(ModelBuilder model, ModelFile file, Tensor t, boolean constant) {
    int[] shape = new int[t.shapeLength()];
    for (int d = 0; d < shape.length; d++) {
      shape[d] = t.shape(d);
    }
    TensorSpec.Builder b = TensorSpec.builder(t.name(), t.type(), shape);
    QuantizationParameters q = t.quantization();
    if (q != null && q.scaleLength() > 0) {
      float[] scales = new float[q.scaleLength()];
      long[] zeroPoints = new long[q.zeroPointLength()];
      for (int j = 0; j < scales.length; j++) {
        scales[j] = q.scale(j);
      }
      for (int j = 0; j < zeroPoints.length; j++) {
        zeroPoints[j] = q.zeroPoint(j);
      }
      b.quantization(QuantizationSpec.perChannel(scales, zeroPoints, q.quantizedDimension()));
    }
    if (constant) {
      ByteBuffer data = file.bufferData((int) t.buffer());
      byte[] bytes = new byte[data.remaining()];
      data.duplicate().get(bytes);
      b.buffer(model.addBuffer(bytes));
    }
    return b.build();
  }
}
