package dev.jlite.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jlite.task.audio.AudioCaptureException;
import dev.jlite.task.audio.AudioClassifier;
import dev.jlite.task.audio.AudioClip;
import dev.jlite.task.audio.Microphone;
import dev.jlite.task.audio.TensorAudio;
import dev.jlite.task.audio.WavReader;
import dev.jlite.task.audio.WindowClassifications;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jlite audio [--model M] WAV} or {@code jlite audio --mic}: what an audio classifier hears,
 * window by window over the whole clip.
 */
@Command(
    name = "audio",
    mixinStandardHelpOptions = true,
    description = "Classify a WAV file or microphone audio with an audio classification model "
        + "(default: the bundled YAMNet, 521 AudioSet classes), window by window over the whole "
        + "clip.")
final class AudioCommand implements Callable<Integer> {
  /** The default audio classifier (bundled from testdata/models/audio). */
  static final String DEFAULT_MODEL = "yamnet_audio_classifier_with_metadata.tflite";

  @Parameters(arity = "0..1", paramLabel = "WAV",
      description = "A WAV file: PCM 8/16/24/32-bit or IEEE float, any channels.")
  Path wav;

  @Option(names = "--mic", description = "Record from the microphone instead of a file.")
  boolean mic;

  @Option(names = "--seconds", defaultValue = "5", paramLabel = "N",
      description = "With --mic: seconds to record (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--live",
      description = "With --mic: classify the newest window after every hop while recording, "
          + "printing as it goes (text only).")
  boolean live;

  @Option(names = "--model", paramLabel = "M",
      description = "The .tflite model (default: the bundled one).")
  Path model;

  @Option(names = "--resample",
      description = "Resample and mix channels when the audio's format differs from the "
          + "model's (otherwise that is an error).")
  boolean resample;

  @Option(names = "--hop", paramLabel = "FRAMES",
      description = "Frames between window starts (default: the window length, no overlap).")
  int hop;

  @Option(names = "--locale", defaultValue = "en", paramLabel = "L",
      description = "Locale of display names (default: ${DEFAULT-VALUE}).")
  String locale;

  @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
      description = "Threads to run kernels on (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--json", description = "Print JSON (camelCase keys) instead of text.")
  boolean json;

  @Mixin
  private ResultFilters filters;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    checkUsage();
    AudioClassifier.Options options = options();
    if (live) {
      return live(options);
    }
    AudioClip clip = mic ? null : load(wav);
    List<WindowClassifications> windows;
    try (AudioClassifier classifier = TaskModels.create(model, DEFAULT_MODEL,
        m -> AudioClassifier.create(m, options), b -> AudioClassifier.create(b, options))) {
      if (mic) {
        clip = record(classifier);
      }
      try {
        windows = classifier.classify(clip);
      } catch (InvalidInputException e) {
        throw VisionInputs.invalid(source() + ": " + e.getMessage()
            .replace("Options.setAllowResampling(true)", "--resample"), e);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? json(clip, windows) : text(clip, windows));
    out.flush();
    return 0;
  }

  private void checkUsage() {
    if (mic == (wav != null)) {
      throw new CommandFailure(2, mic ? "give either a WAV file or --mic, not both"
          : "give a WAV file, or --mic to record from the microphone", null);
    }
    if (threads < 1) {
      throw new CommandFailure(2, "--threads must be at least 1, was " + threads, null);
    }
    if (hop < 0) {
      throw new CommandFailure(2, "--hop must not be negative, was " + hop, null);
    }
    if (live && (!mic || json)) {
      throw new CommandFailure(2, mic ? "--live prints text; it cannot be combined with --json"
          : "--live needs --mic", null);
    }
    if (mic && !(seconds > 0 && seconds <= 3600)) {
      throw new CommandFailure(2, "--seconds must be above 0 and at most 3600, was " + seconds,
          null);
    }
  }

  private AudioClassifier.Options options() {
    AudioClassifier.Options.Builder builder = AudioClassifier.Options.builder()
        .setBaseOptions(BaseOptions.builder().setNumThreads(threads).build())
        .setDisplayNamesLocale(locale)
        .setMaxResults(filters.maxResults)
        .setLabelAllowList(filters.allow)
        .setLabelDenyList(filters.deny)
        .setAllowResampling(resample)
        .setHopFrames(hop);
    try {
      if (filters.scoreThreshold != null) {
        builder.setScoreThreshold(filters.scoreThreshold);
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw VisionInputs.invalid(ResultFilters.optionNames(e.getMessage()), e);
    }
  }

  private static AudioClip load(Path wav) {
    if (Files.isDirectory(wav)) {
      throw VisionInputs.invalid("cannot read audio " + wav + ": is a directory", null);
    }
    try {
      return WavReader.read(wav);
    } catch (NoSuchFileException e) {
      throw VisionInputs.invalid("cannot read audio " + wav + ": no such file", e);
    } catch (IOException e) {
      throw VisionInputs.invalid("cannot read audio " + wav + ": " + e.getMessage(), e);
    } catch (InvalidInputException e) {
      throw VisionInputs.invalid("invalid audio " + e.getMessage(), e);
    }
  }

  private AudioClip record(AudioClassifier classifier) {
    try {
      return Microphone.record(classifier.requiredFormat(), seconds);
    } catch (AudioCaptureException e) {
      throw VisionInputs.invalid("--mic: " + e.getMessage(), e);
    }
  }

  /** Streams from the microphone, printing the newest window's classes after every hop. */
  private int live(AudioClassifier.Options options) {
    PrintWriter out = spec.commandLine().getOut();
    try (AudioClassifier classifier = TaskModels.create(model, DEFAULT_MODEL,
        m -> AudioClassifier.create(m, options), b -> AudioClassifier.create(b, options))) {
      TensorAudio audio = classifier.createInputTensorAudio();
      int window = audio.bufferSize() / audio.format().channels();
      int step = hop > 0 ? hop : window;
      double rate = audio.format().sampleRate();
      long total = (long) Math.ceil(seconds * rate);
      long[] heard = {0};
      Microphone.stream(seconds, audio, step, a -> {
        heard[0] = Math.min(heard[0] + step, total);
        out.print(String.format(Locale.ROOT, "  %.3f s%n", heard[0] / rate));
        out.print(categories(classifier.classify(a)));
        out.flush();
      });
    } catch (AudioCaptureException e) {
      throw VisionInputs.invalid("--mic: " + e.getMessage(), e);
    }
    return 0;
  }

  private String source() {
    return mic ? "microphone" : wav.toString();
  }

  private String text(AudioClip clip, List<WindowClassifications> windows) {
    StringBuilder s = new StringBuilder();
    s.append(source()).append(String.format(Locale.ROOT, " (%s, %.3f s)%n", clip.format(),
        clip.seconds()));
    for (WindowClassifications window : windows) {
      s.append(String.format(Locale.ROOT, "  %.3f-%.3f s%n", window.startSeconds(),
          window.endSeconds()));
      s.append(categories(window.classifications()));
    }
    return s.toString();
  }

  private static String categories(List<Classifications> heads) {
    StringBuilder s = new StringBuilder();
    for (Classifications head : heads) {
      String indent = "    ";
      if (heads.size() > 1) {
        s.append("    head ").append(head.headIndex())
            .append(head.headName().isEmpty() ? "" : " (" + head.headName() + ")").append('\n');
        indent = "      ";
      }
      if (head.categories().isEmpty()) {
        s.append(indent).append("(no class above the score threshold)\n");
      }
      for (Category c : head.categories()) {
        s.append(indent).append(String.format(Locale.ROOT, "%.4f", c.score())).append("  ")
            .append(c.label().isEmpty() ? "#" + c.index() : c.label());
        if (!c.displayName().isEmpty()) {
          s.append(" (").append(c.displayName()).append(')');
        }
        s.append("  [").append(c.index()).append("]\n");
      }
    }
    return s.toString();
  }

  private String json(AudioClip clip, List<WindowClassifications> windows) {
    ObjectNode root = TaskJson.object();
    root.put("model", model != null ? model.toString() : "bundled:" + DEFAULT_MODEL);
    root.put("audio", source());
    root.put("sampleRate", clip.format().sampleRate());
    root.put("channels", clip.format().channels());
    root.put("seconds", clip.seconds());
    ArrayNode out = root.putArray("windows");
    for (WindowClassifications window : windows) {
      ObjectNode w = out.addObject();
      w.put("startSeconds", window.startSeconds());
      w.put("endSeconds", window.endSeconds());
      ArrayNode heads = w.putArray("classifications");
      for (Classifications head : window.classifications()) {
        ObjectNode h = heads.addObject();
        h.put("headIndex", head.headIndex());
        h.put("headName", head.headName().isEmpty() ? null : head.headName());
        TaskJson.categories(h.putArray("categories"), head.categories());
      }
    }
    return TaskJson.render(root);
  }
}
