package dev.jlite.cli;

import dev.jlite.engine.InferenceException;
import dev.jlite.engine.Interpreter;
import dev.jlite.engine.LatencyStats;
import dev.jlite.engine.OperatorProfile;
import dev.jlite.engine.SyntheticInputs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jlite bench MODEL [--threads N] [--warmup W] [--iters K] [--profile]}: times runs on
 * deterministic inputs; the last line is {@code latency_ms min=… median=… p90=… iters=…}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Time a model on deterministic inputs.")
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "The .tflite file.")
  private Path modelPath;

  @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
      description = "Threads to run kernels on (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Option(names = "--warmup", defaultValue = "5", paramLabel = "W",
      description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
  private int warmup;

  @Option(names = "--iters", defaultValue = "20", paramLabel = "K",
      description = "Timed runs (default: ${DEFAULT-VALUE}).")
  private int iters;

  @Option(names = "--profile",
      description = "Also print the time spent in each operator (over warm-up and timed runs).")
  private boolean profile;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    if (threads < 1 || warmup < 0 || iters < 1) {
      throw new CommandFailure(2, "need --threads >= 1, --warmup >= 0 and --iters >= 1", null);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Interpreter interpreter = profile
        ? ModelLoader.profilingInterpreter(modelPath, threads)
        : ModelLoader.interpreter(modelPath, threads)) {
      SyntheticInputs.fill(interpreter);
      long[] nanos = new long[iters];
      try {
        for (int i = 0; i < warmup; i++) {
          interpreter.invoke();
        }
        for (int i = 0; i < iters; i++) {
          long start = System.nanoTime();
          interpreter.invoke();
          nanos[i] = System.nanoTime() - start;
        }
      } catch (InferenceException e) {
        throw new CommandFailure(Jlite.EXIT_INVALID_INPUT, e.getMessage(), e);
      }
      if (profile) {
        printProfile(out, interpreter.profile());
      }
      out.println(String.format(Locale.ROOT, "model %s threads=%d warmup=%d", modelPath, threads,
          warmup));
      out.println(LatencyStats.of(nanos).toLine());
      out.flush();
    }
    return 0;
  }

  /** Operators by total time, with their share; profiling runs are separate from the timed ones. */
  private static void printProfile(PrintWriter out, List<OperatorProfile> nodes) {
    double total = nodes.stream().mapToLong(OperatorProfile::totalNanos).sum();
    out.println("node  operator                        avg_ms   share");
    nodes.stream()
        .sorted(Comparator.comparingLong(OperatorProfile::totalNanos).reversed())
        .forEach(p -> out.println(String.format(Locale.ROOT, "%4d  %-30s %7.3f  %5.1f%%",
            p.node(), p.opName(), p.averageMillis(), 100 * p.totalNanos() / total)));
  }
}
