package dev.jlite.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.model.TensorType;
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
