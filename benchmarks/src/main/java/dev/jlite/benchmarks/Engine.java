package dev.jlite.benchmarks;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Interpreter;
import dev.jlite.engine.SyntheticInputs;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.testing.OracleTensorInfo;
import dev.jlite.schema.testing.TfLiteOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One runtime ready to run one model on the shared synthetic inputs. */
abstract class Engine implements AutoCloseable {
  /** The runtimes compared: jlite, and TFLite with its own kernels or with XNNPACK. */
  enum Kind {
    JLITE("jlite"), TFLITE_BUILTIN("tflite"), TFLITE_XNNPACK("tflite+xnnpack");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  abstract void run();

  @Override
  public abstract void close();

  static Engine open(Kind kind, Path model, int threads) throws IOException {
    return switch (kind) {
      case JLITE -> new Jlite(model, threads);
      case TFLITE_BUILTIN -> new TfLite(model, TfLiteOracle.Kernels.BUILTIN, threads);
      case TFLITE_XNNPACK -> new TfLite(model, TfLiteOracle.Kernels.XNNPACK, threads);
    };
  }

  private static final class Jlite extends Engine {
    private final Interpreter interpreter;

    Jlite(Path model, int threads) throws IOException {
      interpreter = new Interpreter(ModelFile.open(model),
          Interpreter.Options.builder().numThreads(threads).build());
      SyntheticInputs.fill(interpreter);
    }

    @Override
    void run() {
      interpreter.invoke();
    }

    @Override
    public void close() {
      interpreter.close();
    }
  }

  private static final class TfLite extends Engine {
    private final TfLiteOracle oracle;

    TfLite(Path model, TfLiteOracle.Kernels kernels, int threads) throws IOException {
      oracle = TfLiteOracle.open(Files.readAllBytes(model), kernels, threads);
      oracle.allocateTensors();
      for (int i = 0; i < oracle.inputCount(); i++) {
        OracleTensorInfo info = oracle.inputInfo(i);
        int elements = 1;
        for (int d : info.shape()) {
          elements *= d;
        }
        oracle.setInput(i, SyntheticInputs.forInput(i,
            DataType.fromCode(info.type()), elements));
      }
    }

    @Override
    void run() {
      oracle.invoke();
    }

    @Override
    public void close() {
      oracle.close();
    }
  }
}
