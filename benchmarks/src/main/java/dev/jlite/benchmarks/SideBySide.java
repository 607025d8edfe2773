package dev.jlite.benchmarks;

import dev.jlite.engine.LatencyStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times jlite and real TFLite 2.19 (its own kernels, and XNNPACK) on the same models and inputs in
 * one process, and prints median latencies and ratios. Runs are interleaved in rounds so that noise
 * from a shared machine hits all runtimes alike.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.jlite.benchmarks.SideBySide [--threads 1,2] [--rounds 5] [--iters 10] [MODEL…]
 * </pre>
 *
 * Ratios are TFLite's median over jlite's: above 1 means jlite is faster.
 */
public final class SideBySide {
  private static final List<String> DEFAULT_MODELS = List.of(
      "testdata/models/image_classification/mobilenet_v1_0.25_224_1_default_1.tflite",
      "testdata/models/segmentation/deeplabv3.tflite",
      "testdata/models/image_classification/mobilenet_v1_0.25_224_quant.tflite",
      "testdata/models/image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite",
      "testdata/models/object_detection/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite");

  private static final long WARMUP_NANOS = 3_000_000_000L;

  private SideBySide() {}

  public static void main(String[] args) throws Exception {
    List<Integer> threadCounts = List.of(1, 2);
    int rounds = 5;
    int iters = 10;
    List<String> models = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threadCounts = parseInts(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--iters" -> iters = Integer.parseInt(args[++i]);
        default -> models.add(args[i]);
      }
    }
    if (models.isEmpty()) {
      models.addAll(DEFAULT_MODELS);
    }
    System.out.println(String.format(Locale.ROOT, "%-44s %3s  %12s %12s %16s  %8s %8s",
        "model", "thr", "jlite ms", "tflite ms", "tflite+xnn ms", "vs tfl", "vs xnn"));
    for (String model : models) {
      for (int threads : threadCounts) {
        compare(Path.of(model), threads, rounds, iters);
      }
    }
  }

  private static void compare(Path model, int threads, int rounds, int iters) throws Exception {
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException("no model at " + model.toAbsolutePath());
    }
    Map<Engine.Kind, Engine> engines = new EnumMap<>(Engine.Kind.class);
    Map<Engine.Kind, String> failures = new EnumMap<>(Engine.Kind.class);
    for (Engine.Kind kind : Engine.Kind.values()) {
      try {
        Engine engine = Engine.open(kind, model, threads);
        // Warm up for a while, not a few runs: the JIT needs thousands of loop iterations.
        long warmUntil = System.nanoTime() + WARMUP_NANOS;
        for (int w = 0; w < 20 || System.nanoTime() < warmUntil; w++) {
          engine.run();
        }
        engines.put(kind, engine);
      } catch (RuntimeException e) {
        failures.put(kind, e.getMessage());
      }
    }
    Map<Engine.Kind, long[]> times = new EnumMap<>(Engine.Kind.class);
    engines.keySet().forEach(k -> times.put(k, new long[rounds * iters]));
    for (int r = 0; r < rounds; r++) {
      for (Map.Entry<Engine.Kind, Engine> e : engines.entrySet()) {
        long[] t = times.get(e.getKey());
        for (int i = 0; i < iters; i++) {
          long start = System.nanoTime();
          e.getValue().run();
          t[r * iters + i] = System.nanoTime() - start;
        }
      }
    }
    engines.values().forEach(Engine::close);
    Map<Engine.Kind, Double> median = new EnumMap<>(Engine.Kind.class);
    times.forEach((k, t) -> median.put(k, LatencyStats.of(t).medianMillis()));
    System.out.println(String.format(Locale.ROOT, "%-44s %3d  %12s %12s %16s  %8s %8s",
        model.getFileName(), threads, cell(median, Engine.Kind.JLITE),
        cell(median, Engine.Kind.TFLITE_BUILTIN), cell(median, Engine.Kind.TFLITE_XNNPACK),
        ratio(median, Engine.Kind.TFLITE_BUILTIN), ratio(median, Engine.Kind.TFLITE_XNNPACK)));
    failures.forEach((k, message) -> System.out.println("  " + k.label + " failed: " + message));
  }

  private static String cell(Map<Engine.Kind, Double> median, Engine.Kind kind) {
    Double ms = median.get(kind);
    return ms == null ? "-" : String.format(Locale.ROOT, "%.2f", ms);
  }

  private static String ratio(Map<Engine.Kind, Double> median, Engine.Kind other) {
    Double jlite = median.get(Engine.Kind.JLITE);
    Double them = median.get(other);
    return jlite == null || them == null ? "-" : String.format(Locale.ROOT, "%.2fx", them / jlite);
  }

  private static List<Integer> parseInts(String csv) {
    List<Integer> values = new ArrayList<>();
    for (String part : csv.split(",")) {
      values.add(Integer.parseInt(part.trim()));
    }
    return values;
  }
}
