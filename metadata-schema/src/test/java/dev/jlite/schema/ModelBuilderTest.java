package dev.jlite.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.flatbuffers.ArrayReadWriteBuf;
import com.google.flatbuffers.FlexBuffers;
import com.google.flatbuffers.FlexBuffersBuilder;
import dev.jlite.schema.model.ActivationFunctionType;
import dev.jlite.schema.model.AddOptions;
import dev.jlite.schema.model.Buffer;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.BuiltinOptions;
import dev.jlite.schema.model.BuiltinOptions2;
import dev.jlite.schema.model.Model;
import dev.jlite.schema.model.Operator;
import dev.jlite.schema.model.OperatorCode;
import dev.jlite.schema.model.QuantizationParameters;
import dev.jlite.schema.model.SignatureDef;
import dev.jlite.schema.model.StablehloConcatenateOptions;
import dev.jlite.schema.model.SubGraph;
import dev.jlite.schema.model.Tensor;
import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.testing.TensorBytes;
import dev.jlite.schema.testing.TfLiteOracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelBuilderTest {
  private static final byte[] WEIGHTS = {3, -4};
  private static final byte[] METADATA_BYTES = {1, 2, 3};

  @Test
  void everyWrittenFieldReadsBack() {
    ModelFile file = ModelFile.wrap(ByteBuffer.wrap(twoSubgraphModel()));
    Model model = file.model();

    assertThat(model.version()).isEqualTo(3);
    assertThat(model.description()).isEqualTo("round trip");

    assertThat(model.operatorCodesLength()).isEqualTo(2);
    assertOperatorCode(model.operatorCodes(0), BuiltinOperator.CUSTOM, "AudioSpectrogram", 1);
    assertOperatorCode(model.operatorCodes(1), BuiltinOperator.ADD, null, 2);

    assertThat(model.subgraphsLength()).isEqualTo(2);
    SubGraph main = model.subgraphs(0);
    assertThat(main.name()).isEqualTo("main");
    assertThat(main.tensorsLength()).isEqualTo(4);
    assertThat(main.inputsLength()).isEqualTo(1);
    assertThat(main.inputs(0)).isEqualTo(0);
    assertThat(main.outputs(0)).isEqualTo(1);

    Tensor audio = main.tensors(0);
    assertThat(audio.name()).isEqualTo("audio");
    assertThat(audio.type()).isEqualTo(TensorType.FLOAT32);
    assertThat(shape(audio)).containsExactly(16, 1);
    assertThat(audio.shapeSignatureLength()).isEqualTo(2);
    assertThat(audio.shapeSignature(0)).isEqualTo(-1);
    assertThat(audio.shapeSignature(1)).isEqualTo(1);
    assertThat(audio.buffer()).isZero();
    assertThat(audio.quantization()).isNull();
    assertThat(audio.isVariable()).isFalse();

    Tensor state = main.tensors(2);
    assertThat(state.name()).isEqualTo("state");
    assertThat(state.isVariable()).isTrue();
    assertThat(state.shapeSignatureLength()).isZero();

    Tensor weights = main.tensors(3);
    assertThat(weights.type()).isEqualTo(TensorType.INT8);
    assertThat(weights.hasRank()).isTrue();
    QuantizationParameters q = weights.quantization();
    assertThat(new float[] {q.scale(0), q.scale(1)}).containsExactly(0.5f, 0.25f);
    assertThat(q.scaleLength()).isEqualTo(2);
    assertThat(new long[] {q.zeroPoint(0), q.zeroPoint(1)}).containsExactly(0, 1);
    assertThat(q.quantizedDimension()).isZero();
    assertThat(new float[] {q.min(0), q.min(1), q.max(0), q.max(1)}).containsExactly(-1f, -2f, 1f, 2f);
    assertThat(bytes(file.bufferData((int) weights.buffer()))).containsExactly(WEIGHTS);

    Operator spectrogram = main.operators(0);
    assertThat(spectrogram.opcodeIndex()).isZero();
    assertThat(spectrogram.inputs(0)).isZero();
    assertThat(spectrogram.outputs(0)).isEqualTo(1);
    assertThat(spectrogram.builtinOptionsType()).isEqualTo(BuiltinOptions.NONE);
    byte[] customOptions = bytes(spectrogram.customOptionsAsByteBuffer());
    FlexBuffers.Map options =
        FlexBuffers.getRoot(new ArrayReadWriteBuf(customOptions, customOptions.length)).asMap();
    assertThat(options.get("window_size").asInt()).isEqualTo(8);
    assertThat(options.get("stride").asInt()).isEqualTo(4);
    assertThat(options.get("magnitude_squared").asBoolean()).isTrue();

    SubGraph doubler = model.subgraphs(1);
    assertThat(doubler.name()).isEqualTo("double");
    Operator add = doubler.operators(0);
    assertThat(add.opcodeIndex()).isEqualTo(1);
    assertThat(new int[] {add.inputs(0), add.inputs(1)}).containsExactly(0, 0);
    assertThat(add.builtinOptionsType()).isEqualTo(BuiltinOptions.AddOptions);
    AddOptions addOptions = (AddOptions) add.builtinOptions(new AddOptions());
    assertThat(addOptions.fusedActivationFunction()).isEqualTo(ActivationFunctionType.RELU6);

    assertThat(model.signatureDefsLength()).isEqualTo(2);
    assertSignature(model.signatureDefs(0), "serving_default", 0, "audio", 0, "spectrogram", 1);
    assertSignature(model.signatureDefs(1), "double", 1, "x", 0, "twice", 1);

    assertThat(model.metadataLength()).isEqualTo(2);
    assertThat(model.metadata(0).name()).isEqualTo("jlite.test.bytes");
    assertThat(bytes(file.metadata("jlite.test.bytes").orElseThrow())).containsExactly(METADATA_BYTES);
    assertThat(new String(bytes(file.metadata("jlite.test.text").orElseThrow()), StandardCharsets.UTF_8))
        .isEqualTo("hello");

    assertThat(model.buffers(0).dataLength()).as("buffer 0 is the empty sentinel").isZero();
  }

  @Test
  void realTfLiteRunsTheCustomOperatorAndSeesTheSignatures() {
    try (TfLiteOracle tflite = TfLiteOracle.open(twoSubgraphModel())) {
      assertThat(tflite.signatureKeys()).containsExactlyInAnyOrder("serving_default", "double");
      assertThat(tflite.signatureSubgraphIndex("double")).isEqualTo(1);
      assertThat(tflite.signatureInputs("serving_default")).isEqualTo(Map.of("audio", 0));
      assertThat(tflite.signatureOutputs("double")).isEqualTo(Map.of("twice", 1));

      float[] samples = new float[16];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (float) Math.sin(i * Math.PI / 2);
      }
      float[] power = TensorBytes.toFloats(tflite.run(TensorBytes.of(samples))[0]);

      // window 8 and stride 4 over 16 samples: 3 frames of 8 / 2 + 1 = 5 bins, so the options were read.
      assertThat(tflite.outputInfo(0).shape()).containsExactly(1, 3, 5);
      assertThat(power).hasSize(15);
      for (int frame = 0; frame < 3; frame++) {
        int peak = 0;
        for (int bin = 1; bin < 5; bin++) {
          peak = power[frame * 5 + bin] > power[frame * 5 + peak] ? bin : peak;
        }
        assertThat(peak).as("a period of 4 samples lands in bin 8 / 4 = 2, frame %d", frame).isEqualTo(2);
      }
    }
  }

  @Test
  void operatorCodesAreSharedByCodeCustomCodeAndVersionAndKeepTheDeprecatedField() {
    ModelBuilder builder = new ModelBuilder();
    assertThat(builder.builtinOperatorCode(BuiltinOperator.ADD, 1)).isZero();
    assertThat(builder.builtinOperatorCode(BuiltinOperator.CUMSUM, 1)).isEqualTo(1);
    assertThat(builder.builtinOperatorCode(BuiltinOperator.ADD, 1)).isZero();
    assertThat(builder.builtinOperatorCode(BuiltinOperator.ADD, 2)).isEqualTo(2);
    assertThat(builder.customOperatorCode("MyOp", 1)).isEqualTo(3);
    assertThat(builder.customOperatorCode("MyOp", 1)).isEqualTo(3);
    assertThat(builder.builtinOperatorCode(BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES, 1)).isEqualTo(4);
    assertThat(builder.addRawOperatorCode((byte) BuiltinOperator.CONV_2D, 0, null, 1)).isEqualTo(5);
    builder.addSubgraph("empty");

    ModelFile file = ModelFile.wrap(ByteBuffer.wrap(builder.build()));
    Model model = file.model();

    assertOperatorCode(model.operatorCodes(0), BuiltinOperator.ADD, null, 1);
    OperatorCode cumsum = model.operatorCodes(1);
    assertThat(cumsum.deprecatedBuiltinCode()).isEqualTo((byte) 127);
    assertThat(cumsum.builtinCode()).isEqualTo(BuiltinOperator.CUMSUM);
    assertOperatorCode(model.operatorCodes(2), BuiltinOperator.ADD, null, 2);
    assertOperatorCode(model.operatorCodes(3), BuiltinOperator.CUSTOM, "MyOp", 1);
    assertOperatorCode(model.operatorCodes(4), BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES, null, 1);
    OperatorCode old = model.operatorCodes(5);
    assertThat(old.builtinCode()).as("as written by converters before builtin_code existed").isZero();
    assertThat(file.builtinCode(5)).isEqualTo(BuiltinOperator.CONV_2D);
    assertThat(model.operatorCodesLength()).isEqualTo(6);
  }

  @Test
  void builtinOptions2IntermediatesAndRawOpcodeIndicesReadBack() {
    ModelBuilder builder = new ModelBuilder();
    int raw = builder.addRawOperatorCode((byte) 127, BuiltinOperator.STABLEHLO_CONCATENATE, null, 1);
    SubgraphBuilder main = builder.addSubgraph("main");
    int a = main.addTensor("a", TensorType.FLOAT32, 1, 2);
    int b = main.addTensor("b", TensorType.FLOAT32, 1, 3);
    int scratch = main.addTensor("scratch", TensorType.FLOAT32, 1, 5);
    int out = main.addTensor("out", TensorType.FLOAT32, 1, 5);
    main.addOperator(OperatorSpec.withOpcodeIndex(raw).inputs(a, b).outputs(out).intermediates(scratch)
        .options2(BuiltinOptions2.StablehloConcatenateOptions,
            fbb -> StablehloConcatenateOptions.createStablehloConcatenateOptions(fbb, 1))
        .build());
    main.inputs(a, b).outputs(out);

    ModelFile file = ModelFile.wrap(ByteBuffer.wrap(builder.build()));
    Operator op = file.model().subgraphs(0).operators(0);

    assertThat(op.opcodeIndex()).isEqualTo(raw);
    assertThat(file.operatorName((int) op.opcodeIndex())).isEqualTo("STABLEHLO_CONCATENATE");
    assertThat(op.intermediatesLength()).isEqualTo(1);
    assertThat(op.intermediates(0)).isEqualTo(scratch);
    assertThat(op.builtinOptionsType()).isEqualTo(BuiltinOptions.NONE);
    assertThat(op.builtinOptions2Type()).isEqualTo(BuiltinOptions2.StablehloConcatenateOptions);
    StablehloConcatenateOptions options =
        (StablehloConcatenateOptions) op.builtinOptions2(new StablehloConcatenateOptions());
    assertThat(options.dimension()).isEqualTo(1);
  }

  @Test
  void constantDataIsLittleEndianAndAlignedTo16Bytes() {
    ModelBuilder builder = new ModelBuilder();
    ByteBuffer source = ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5});
    source.position(1).limit(4);
    int[] buffers = {
        builder.addBuffer(new byte[] {1, 2, 3}),
        builder.addBuffer(new int[] {1, -2}),
        builder.addBuffer(new short[] {0x0102, -1}),
        builder.addBuffer(new long[] {0x0102030405060708L}),
        builder.addBuffer(new float[] {1.0f}),
        builder.addBuffer(source),
        builder.addBuffer(new byte[0]),
    };
    builder.addSubgraph("empty");

    ModelFile file = ModelFile.wrap(ByteBuffer.wrap(builder.build()));

    assertThat(buffers).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(source.position()).as("the source buffer is left unchanged").isEqualTo(1);
    assertThat(bytes(file.bufferData(1))).containsExactly(1, 2, 3);
    assertThat(bytes(file.bufferData(2))).containsExactly(1, 0, 0, 0, -2, -1, -1, -1);
    assertThat(bytes(file.bufferData(3))).containsExactly(2, 1, -1, -1);
    assertThat(bytes(file.bufferData(4))).containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
    assertThat(bytes(file.bufferData(5))).containsExactly(0, 0, (byte) 0x80, 0x3f);
    assertThat(bytes(file.bufferData(6))).containsExactly(8, 7, 6);
    assertThat(file.model().buffers(7).dataLength()).as("empty data is not written").isZero();
    for (int i = 1; i <= 6; i++) {
      Buffer buffer = file.model().buffers(i);
      assertThat(buffer.dataAsByteBuffer().position() % 16).as("buffer %d data offset", i).isZero();
    }
  }

  @Test
  void stringBufferUsesTfLiteLayout() {
    ModelBuilder builder = new ModelBuilder();
    int strings = builder.addStringBuffer(List.of("ab", "", "é"));
    SubgraphBuilder main = builder.addSubgraph("main");
    main.addTensor(TensorSpec.builder("words", TensorType.STRING, 3).buffer(strings).build());

    ModelFile file = ModelFile.wrap(ByteBuffer.wrap(builder.build()));
    ByteBuffer data = file.bufferData(strings);

    // count, 4 offsets from the buffer start (header = 4 * (3 + 2) = 20 bytes), then the bytes.
    ByteBuffer expected = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(3).putInt(20).putInt(22).putInt(22).putInt(24)
        .put((byte) 'a').put((byte) 'b').put((byte) 0xc3).put((byte) 0xa9);
    assertThat(bytes(data)).containsExactly(expected.array());
    assertThat(TensorBytes.toStrings(bytes(file.bufferData(strings)))).containsExactly("ab", "", "é");
  }

  static Stream<Arguments> hostileModels() {
    return Stream.of(
        hostile("tensor buffer index out of range", (b, g) ->
            g.addTensor(TensorSpec.builder("t", TensorType.FLOAT32, 1).buffer(99).build())),
        hostile("tensor buffer index 0xFFFFFFFF", (b, g) ->
            g.addTensor(TensorSpec.builder("t", TensorType.FLOAT32, 1).buffer(-1).build())),
        hostile("operator input out of range", (b, g) ->
            g.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(42).outputs(1).build())),
        hostile("opcode index out of range", (b, g) ->
            g.addOperator(OperatorSpec.withOpcodeIndex(7).inputs(0).outputs(1).build())),
        hostile("subgraph output out of range", (b, g) -> g.outputs(5)),
        hostile("signature subgraph out of range", (b, g) ->
            b.addSignature(SignatureSpec.builder("sig", 3).input("x", 0).build())),
        hostile("signature tensor out of range", (b, g) ->
            b.addSignature(SignatureSpec.builder("sig", 0).output("y", 64).build())),
        hostile("metadata buffer out of range", (b, g) -> b.addMetadata("meta", 1000)),
        hostile("schema version 2", (b, g) -> b.version(2)));
  }

  private static Arguments hostile(String name, BiConsumer<ModelBuilder, SubgraphBuilder> edit) {
    Consumer<ModelBuilder> build = builder -> {
      SubgraphBuilder main = builder.addSubgraph("main");
      int in = main.addTensor("in", TensorType.FLOAT32, 1);
      int out = main.addTensor("out", TensorType.FLOAT32, 1);
      main.addOperator(OperatorSpec.builtin(BuiltinOperator.RELU).inputs(in).outputs(out).build());
      main.inputs(in).outputs(out);
      edit.accept(builder, main);
    };
    return Arguments.of(name, build);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileModels")
  void buildUnverifiedWritesModelsThatVerificationRejects(String name, Consumer<ModelBuilder> edit) {
    ModelBuilder builder = new ModelBuilder();
    edit.accept(builder);

    byte[] hostile = builder.buildUnverified();

    assertThatThrownBy(() -> ModelFile.wrap(ByteBuffer.wrap(hostile))).isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(builder::build).isInstanceOf(InvalidModelException.class);
  }

  @Test
  void theSameCallsGiveTheSameBytes() {
    byte[] first = twoSubgraphModel();
    byte[] second = twoSubgraphModel();

    assertThat(second).isEqualTo(first);
    ModelBuilder builder = new ModelBuilder();
    builder.addSubgraph("main").addConstant("c", new int[] {2}, new float[] {1, 2});
    assertThat(builder.build()).as("building twice").isEqualTo(builder.build());
  }

  @Test
  void programmerErrorsFailAtOnceNamingTheBadValue() {
    ModelBuilder builder = new ModelBuilder();
    SubgraphBuilder main = builder.addSubgraph("main");

    assertThatThrownBy(() -> main.addTensor(null, TensorType.FLOAT32, 1))
        .isInstanceOf(NullPointerException.class).hasMessage("tensor name is null");
    assertThatThrownBy(() -> builder.addSubgraph(null))
        .isInstanceOf(NullPointerException.class).hasMessage("subgraph name is null");
    assertThatThrownBy(() -> builder.addMetadata(null, new byte[0]))
        .isInstanceOf(NullPointerException.class).hasMessage("metadata name is null");
    assertThatThrownBy(() -> builder.builtinOperatorCode(-3, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
    assertThatThrownBy(() -> OperatorSpec.builtin(BuiltinOperator.ADD).version(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("operator version is 0, must be positive");
    assertThatThrownBy(() -> main.addConstant("w", new int[] {2, 2}, new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("constant w has 3 values but its shape holds 4");
    assertThatThrownBy(() -> builder.addStringBuffer(Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class).hasMessage("string 1 is null");
  }

  /** Two subgraphs, two signatures, two metadata entries, a custom operator with FlexBuffer options. */
  private static byte[] twoSubgraphModel() {
    ModelBuilder builder = new ModelBuilder().description("round trip");
    SubgraphBuilder main = builder.addSubgraph("main");
    int audio = main.addTensor(TensorSpec.builder("audio", TensorType.FLOAT32, 16, 1).shapeSignature(-1, 1).build());
    int spectrogram = main.addTensor("spectrogram", TensorType.FLOAT32, 1, 3, 5);
    main.addTensor(TensorSpec.builder("state", TensorType.FLOAT32, 1, 2).variable(true).build());
    main.addTensor(TensorSpec.builder("weights", TensorType.INT8, 2, 1)
        .buffer(builder.addBuffer(WEIGHTS))
        .hasRank(true)
        .quantization(QuantizationSpec.builder().scale(0.5f, 0.25f).zeroPoint(0, 1).quantizedDimension(0)
            .min(-1f, -2f).max(1f, 2f).build())
        .build());
    main.addOperator(OperatorSpec.custom("AudioSpectrogram").inputs(audio).outputs(spectrogram)
        .customOptions(spectrogramOptions()).build());
    main.inputs(audio).outputs(spectrogram);

    SubgraphBuilder doubler = builder.addSubgraph("double");
    int x = doubler.addTensor("x", TensorType.FLOAT32, 2);
    int twice = doubler.addTensor("twice", TensorType.FLOAT32, 2);
    doubler.addOperator(OperatorSpec.builtin(BuiltinOperator.ADD).version(2).inputs(x, x).outputs(twice)
        .options(BuiltinOptions.AddOptions,
            fbb -> AddOptions.createAddOptions(fbb, ActivationFunctionType.RELU6, false))
        .build());
    doubler.inputs(x).outputs(twice);

    builder.addSignature(SignatureSpec.builder("serving_default", main.index())
        .input("audio", audio).output("spectrogram", spectrogram).build());
    builder.addSignature(SignatureSpec.builder("double", doubler.index())
        .input("x", x).output("twice", twice).build());
    builder.addMetadata("jlite.test.bytes", METADATA_BYTES);
    builder.addMetadata("jlite.test.text", "hello".getBytes(StandardCharsets.UTF_8));
    return builder.build();
  }

  /** The FlexBuffer map TFLite's AudioSpectrogram kernel reads its parameters from. */
  private static byte[] spectrogramOptions() {
    FlexBuffersBuilder flex = new FlexBuffersBuilder(64);
    int start = flex.startMap();
    flex.putInt("window_size", 8);
    flex.putInt("stride", 4);
    flex.putBoolean("magnitude_squared", true);
    flex.endMap(null, start);
    return bytes(flex.finish());
  }

  private static void assertOperatorCode(OperatorCode code, int builtin, String custom, int version) {
    assertThat(code.deprecatedBuiltinCode()).isEqualTo((byte) Math.min(builtin, 127));
    assertThat(code.builtinCode()).isEqualTo(builtin);
    assertThat(code.customCode()).isEqualTo(custom);
    assertThat(code.version()).isEqualTo(version);
  }

  private static void assertSignature(SignatureDef signature, String key, int subgraph, String input,
      int inputTensor, String output, int outputTensor) {
    assertThat(signature.signatureKey()).isEqualTo(key);
    assertThat(signature.subgraphIndex()).isEqualTo(subgraph);
    assertThat(signature.inputsLength()).isEqualTo(1);
    assertThat(signature.inputs(0).name()).isEqualTo(input);
    assertThat(signature.inputs(0).tensorIndex()).isEqualTo(inputTensor);
    assertThat(signature.outputsLength()).isEqualTo(1);
    assertThat(signature.outputs(0).name()).isEqualTo(output);
    assertThat(signature.outputs(0).tensorIndex()).isEqualTo(outputTensor);
  }

  private static int[] shape(Tensor tensor) {
    int[] shape = new int[tensor.shapeLength()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = tensor.shape(i);
    }
    return shape;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
