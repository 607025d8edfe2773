package dev.jlite.cli;

import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.engine.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jlite run MODEL --inputs DIR --outputs DIR}: runs a model once on raw tensor files
 * ({@code input_<i>.bin}, little-endian, exactly the tensor's byte size) and writes
 * {@code output_<i>.bin} likewise.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a model once on DIR/input_<i>.bin files; write output_<i>.bin files.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "The .tflite file.")
  private Path modelPath;

  @Option(names = "--inputs", required = true, paramLabel = "DIR",
      description = "Folder holding input_0.bin, input_1.bin, …")
  private Path inputs;

  @Option(names = "--outputs", required = true, paramLabel = "DIR",
      description = "Folder to write output_0.bin, output_1.bin, … into (created if missing).")
  private Path outputs;

  @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
      description = "Threads to run kernels on (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Override
  public Integer call() throws IOException {
    if (threads < 1) {
      throw new CommandFailure(2, "--threads must be at least 1, was " + threads, null);
    }
    try (Interpreter interpreter = ModelLoader.interpreter(modelPath, threads)) {
      for (int i = 0; i < interpreter.getInputTensorCount(); i++) {
        Tensor input = interpreter.getInputTensor(i);
        input.copyFrom(readInput(inputs.resolve("input_" + i + ".bin"), i, input));
      }
      try {
        interpreter.invoke();
      } catch (InferenceException e) {
        throw new CommandFailure(Jlite.EXIT_INVALID_INPUT, e.getMessage(), e);
      }
      Files.createDirectories(outputs);
      for (int k = 0; k < interpreter.getOutputTensorCount(); k++) {
        Tensor output = interpreter.getOutputTensor(k);
        ByteBuffer bytes = ByteBuffer.allocate(output.numBytes()).order(ByteOrder.LITTLE_ENDIAN);
        output.copyTo(bytes);
        Files.write(outputs.resolve("output_" + k + ".bin"), bytes.array());
      }
    }
    return 0;
  }

  private static ByteBuffer readInput(Path file, int index, Tensor input) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CommandFailure(Jlite.EXIT_INVALID_INPUT, "missing input file " + file + " for input "
          + index + " '" + input.name() + "'", e);
    }
    if (bytes.length != input.numBytes()) {
      throw new CommandFailure(Jlite.EXIT_INVALID_INPUT, file + " has " + bytes.length
          + " bytes; input " + index + " '" + input.name() + "' (" + input.dataType() + " "
          + Arrays.toString(input.shape()) + ") takes " + input.numBytes(), null);
    }
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
