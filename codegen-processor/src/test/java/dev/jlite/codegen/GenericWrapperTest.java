package dev.jlite.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import dev.jlite.metadata.AudioClassifierWriter;
import dev.jlite.metadata.ClassificationHead;
import dev.jlite.metadata.LabelFile;
import dev.jlite.schema.model.TensorType;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.TensorBuffer;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrappers over the interpreter: names, signatures and results. */
class GenericWrapperTest {
  @TempDir
  Path work;

  @Test
  void modelWithoutMetadataRunsWithBufferInAndDequantizedBufferOut() throws Exception {
    GeneratedSource source = Codegen.generate(
        ByteBuffer.wrap(Files.readAllBytes(TestData.NO_METADATA)), "raw", "Net", "net.tflite");
    assertThat(source.source()).contains("public synchronized Outputs process(TensorBuffer input)",
        "public TensorBuffer getOutputAsTensorBuffer()",
        "Wrapper of model Net (Version: unknown), generated from {@code net.tflite}.");
    Path resources = TestData.place(TestData.NO_METADATA, work.resolve("res"), "net.tflite");
    Compilation c = Compilation.compile(work, Map.of(source.relativePath(), source.source()),
        List.of(resources), List.of("-proc:none"));
    assertThat(c.diagnostics).as(c.report()).isEmpty();

    byte[] pixels = new byte[224 * 224 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7 % 251);
    }
    float[] expected;
    try (Interpreter interpreter = new Interpreter(TestData.NO_METADATA)) {
      interpreter.getInputTensor(0).copyFrom(pixels);
      interpreter.invoke();
      Tensor out = interpreter.getOutputTensor(0);
      byte[] q = new byte[out.numElements()];
      out.copyTo(q);
      expected = new float[q.length];
      for (int i = 0; i < q.length; i++) {
        expected[i] = out.quantizationParams().scale()
            * ((q[i] & 0xFF) - out.quantizationParams().zeroPoint());
      }
    }
    try (URLClassLoader loader = c.loader()) {
      Class<?> net = loader.loadClass("raw.Net");
      try (AutoCloseable wrapper = (AutoCloseable) net.getMethod("newInstance").invoke(null)) {
        Object outputs = net.getMethod("process", TensorBuffer.class)
            .invoke(wrapper, TensorBuffer.ofUint8(pixels, 1, 224, 224, 3));
        TensorBuffer result = (TensorBuffer) outputs.getClass()
            .getMethod("getOutputAsTensorBuffer").invoke(outputs);
        assertThat(result.shape()).containsExactly(1, 1001);
        assertThat(result.floatArray()).containsExactly(expected);
      }
    }
  }

  /**
   * YAMNet with the multi-head writer's metadata and no audio format: no AudioClassifier can run
   * it, so its labelled output becomes a category list of the generic wrapper.
   */
  @Test
  void labelledOutputOfAGenericWrapperIsACategoryListInClassOrder() throws Exception {
    Path labels = Files.copy(TestData.ROOT.resolve("labels/yamnet_521_labels.txt"),
        work.resolve("yamnet_label_list.txt"));
    Path yamnet = work.resolve("yamnet.tflite");
    Files.write(yamnet, AudioClassifierWriter.createForMultihead(
        Files.readAllBytes(TestData.AUDIO_CLASSIFIER), null, null, List.of(
            new ClassificationHead("scores", null, List.of(LabelFile.of(labels)), null, null)))
        .populate());
    GeneratedSource source = Codegen.generate(ByteBuffer.wrap(Files.readAllBytes(yamnet)),
        "audio", "Yamnet", "yamnet.tflite");
    assertThat(source.source()).contains("private final Interpreter delegate;",
        "public List<Category> getScoresAsCategoryList()",
        "labels(delegate, \"yamnet_label_list.txt\")");
    Path resources = TestData.place(yamnet, work.resolve("res"), "yamnet.tflite");
    Compilation c = Compilation.compile(work, Map.of(source.relativePath(), source.source()),
        List.of(resources), List.of("-proc:none"));
    assertThat(c.diagnostics).as(c.report()).isEmpty();

    float[] clip = new float[15600];
    for (int i = 0; i < clip.length; i++) {
      clip[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
    }
    float[] expected;
    try (Interpreter interpreter = new Interpreter(yamnet)) {
      interpreter.getInputTensor(0).copyFrom(clip);
      interpreter.invoke();
      expected = new float[interpreter.getOutputTensor(0).numElements()];
      interpreter.getOutputTensor(0).copyTo(expected);
    }
    try (URLClassLoader loader = c.loader()) {
      Class<?> type = loader.loadClass("audio.Yamnet");
      try (AutoCloseable wrapper = (AutoCloseable) type.getMethod("newInstance").invoke(null)) {
        Object outputs = type.getMethod("process", TensorBuffer.class)
            .invoke(wrapper, TensorBuffer.ofFloats(clip, 15600));
        @SuppressWarnings("unchecked")
        List<Category> categories = (List<Category>) outputs.getClass()
            .getMethod("getScoresAsCategoryList").invoke(outputs);
        assertThat(categories).hasSize(521);
        assertThat(categories.get(0).label()).isEqualTo("Speech");
        assertThat(categories.get(520).label()).isEqualTo("Field recording");
        for (int i = 0; i < expected.length; i++) {
          assertThat(categories.get(i).index()).isEqualTo(i);
          assertThat(categories.get(i).score()).isEqualTo(expected[i]);
        }
      }
    }
  }

  @Test
  void labelledOutputScoresAreCalibratedAsTheMetadataSays() throws Exception {
    // red: 1 * sigmoid(1 * 0 + 0) = 0.5; green: empty line, the default 0.25;
    // blue: 2 * sigmoid(0.5 * 2 - 1) = 1, its minimum uncalibrated score 1 being reached.
    byte[] model = SyntheticModels.head("red\ngreen\nblue\n",
        "1.0,1.0,0.0\n\n2.0,0.5,-1.0,1.0\n");
    GeneratedSource source = Codegen.generate(ByteBuffer.wrap(model), "cal", "Head", "head.tflite");
    assertThat(source.source()).contains(
        "ScoreCalibration.parse(ScoreCalibration.Transformation.IDENTITY, 0.25f,");
    Path resources = Files.createDirectories(work.resolve("res"));
    Files.write(resources.resolve("head.tflite"), model);
    Compilation c = Compilation.compile(work, Map.of(source.relativePath(), source.source()),
        List.of(resources), List.of("-proc:none"));
    assertThat(c.diagnostics).as(c.report()).isEmpty();
    try (URLClassLoader loader = c.loader()) {
      Class<?> type = loader.loadClass("cal.Head");
      try (AutoCloseable wrapper = (AutoCloseable) type.getMethod("newInstance").invoke(null)) {
        Object outputs = type.getMethod("process", TensorBuffer.class)
            .invoke(wrapper, TensorBuffer.ofFloats(new float[] {-1f, 0.5f, 2f}, 1, 3));
        assertThat(outputs.getClass().getMethod("getOutAsCategoryList").invoke(outputs))
            .isEqualTo(List.of(Category.create(0, "red", "", 0.5f),
                Category.create(1, "green", "", 0.25f), Category.create(2, "blue", "", 1f)));
      }
    }
  }

  @Test
  void imageInputAndClashingOutputNamesCompileWithoutWarnings() throws Exception {
    byte[] model = SyntheticModels.relu(TensorType.UINT8, new String[] {"image"},
        new String[] {"image", "image", "Score"});
    GeneratedSource source = Codegen.generate(ByteBuffer.wrap(model), "syn", "Relu", "relu.tflite");
    assertThat(source.source()).contains(
        "public synchronized Outputs process(TensorImage inputImage)",
        "INPUT_IMAGE_PREPROCESSOR", "new ResizeOp(4, 4, ResizeMethod.BILINEAR)",
        "getOutputImage1AsTensorBuffer()", "getOutputImage2AsTensorBuffer()",
        "getScoreAsTensorBuffer()");
    Compilation c = Compilation.compile(work, Map.of(source.relativePath(), source.source()),
        List.of(), List.of("-proc:none"));
    assertThat(c.diagnostics).as(c.report()).isEmpty();
  }
}
