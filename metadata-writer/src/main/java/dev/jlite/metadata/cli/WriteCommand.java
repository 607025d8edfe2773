package dev.jlite.metadata.cli;

import dev.jlite.metadata.AudioClassifierWriter;
import dev.jlite.metadata.BertNlClassifierWriter;
import dev.jlite.metadata.BertQuestionAnswererWriter;
import dev.jlite.metadata.GeneralInfo;
import dev.jlite.metadata.ImageClassifierWriter;
import dev.jlite.metadata.ImageEmbedderWriter;
import dev.jlite.metadata.ImageSegmenterWriter;
import dev.jlite.metadata.LabelFile;
import dev.jlite.metadata.MetadataJson;
import dev.jlite.metadata.MetadataWriter;
import dev.jlite.metadata.NlClassifierWriter;
import dev.jlite.metadata.ObjectDetectorWriter;
import dev.jlite.metadata.PoseEstimatorWriter;
import dev.jlite.metadata.ScoreCalibration;
import dev.jlite.metadata.ScoreTransformationType;
import dev.jlite.metadata.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jlite metadata write TASK --model IN --output OUT …}: writes the metadata of a task
 * writer (with the official defaults) or of a JSON file into a copy of the model.
 */
@Command(name = "write", sortOptions = false,
    description = "Write task metadata and associated files into a model. TASK is one of:"
        + " image-classifier, object-detector, image-segmenter, nl-classifier,"
        + " bert-nl-classifier, bert-qa, audio-classifier, pose-estimator, image-embedder, json.")
final class WriteCommand extends Subcommand {
  /** The delimiter of Model Maker's average-word-vector text classifiers. */
  static final String DEFAULT_DELIM_REGEX = "[^\\w\\']+";
  private static final List<String> TASKS = List.of("image-classifier", "object-detector",
      "image-segmenter", "nl-classifier", "bert-nl-classifier", "bert-qa", "audio-classifier",
      "pose-estimator", "image-embedder", "json");

  // Not mixinStandardHelpOptions: its --version would clash with the model version option.
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  @Parameters(index = "0", paramLabel = "TASK", description = "What the model does (see above).")
  private String task;

  @Option(names = "--model", required = true, paramLabel = "IN", description = "Input model.")
  private Path model;

  @Option(names = "--output", required = true, paramLabel = "OUT",
      description = "Output model; may be IN to write in place. Written atomically.")
  private Path output;

  @Option(names = "--labels", arity = "1..*", paramLabel = "FILE[:LOCALE]",
      description = "Label files (one label per line), optionally per locale; for pose-estimator"
          + " the keypoint names.")
  private List<String> labels = new ArrayList<>();

  @Option(names = "--mean", split = ",", paramLabel = "v", description = "Normalization mean.")
  private double[] mean;

  @Option(names = "--std", split = ",", paramLabel = "v", description = "Normalization std.")
  private double[] std;

  @Option(names = "--score-calibration", paramLabel = "FILE",
      description = "Score calibration parameters, one CSV line per class.")
  private Path scoreCalibration;

  @Option(names = "--calibration-type", paramLabel = "TYPE",
      description = "log, identity or inverse_logistic (with --score-calibration).")
  private String calibrationType;

  @Option(names = "--default-score", paramLabel = "f", defaultValue = "0",
      description = "Calibrated score of classes without parameters (default 0).")
  private float defaultScore;

  @Option(names = "--vocab", paramLabel = "FILE", description = "Tokenizer vocabulary.")
  private Path vocab;

  @Option(names = "--sentencepiece", paramLabel = "FILE",
      description = "SentencePiece model (bert-nl-classifier, bert-qa).")
  private Path sentencePiece;

  @Option(names = "--delim-regex", paramLabel = "R",
      description = "Regex tokenizer delimiter (nl-classifier; default [^\\w\\']+).")
  private String delimRegex;

  @Option(names = "--sample-rate", paramLabel = "N", description = "Audio sample rate in Hz.")
  private Integer sampleRate;

  @Option(names = "--channels", paramLabel = "N", description = "Audio channel count.")
  private Integer channels;

  @Option(names = "--metadata", paramLabel = "FILE.json",
      description = "Metadata JSON in the displayer's format (json task).")
  private Path metadataJson;

  @Option(names = "--associated-files", arity = "1..*", paramLabel = "FILE",
      description = "Files to pack (json task).")
  private List<Path> associatedFiles = new ArrayList<>();

  @Option(names = "--name", description = "Model name.")
  private String name;

  @Option(names = "--description", description = "Model description.")
  private String description;

  @Option(names = "--version", description = "Model version.")
  private String version;

  @Option(names = "--author", description = "Model author.")
  private String author;

  @Option(names = "--license", description = "Model license.")
  private String license;

  @Override
  int run() throws IOException {
    if (!TASKS.contains(task)) {
      throw new Failure(Failure.USAGE, "unknown task \"" + task + "\"; expected one of "
          + String.join(", ", TASKS), null);
    }
    byte[] modelBytes = readModel();
    try {
      MetadataWriter writer = writer(modelBytes)
          .withGeneralInfo(new GeneralInfo(name, description, version, author, license));
      writer.write(output);
    } catch (dev.jlite.schema.InvalidModelException e) {
      // Models are checked in memory, so the library names them "model buffer".
      String prefix = "model buffer: ";
      String reason = e.getMessage().startsWith(prefix)
          ? e.getMessage().substring(prefix.length()) : e.getMessage();
      throw new Failure(Failure.INVALID_MODEL, "invalid model " + model + ": " + reason, e);
    }
    out().println("wrote " + output);
    out().flush();
    return 0;
  }

  private byte[] readModel() {
    if (Files.isDirectory(model)) {
      throw new Failure(Failure.INVALID_MODEL, "invalid model " + model + ": is a directory",
          null);
    }
    try {
      if (Files.size(model) > Integer.MAX_VALUE - 8) {
        throw new Failure(Failure.INVALID_MODEL, "invalid model " + model + ": "
            + Files.size(model) + " bytes; models over 2 GiB are not supported", null);
      }
      return Files.readAllBytes(model);
    } catch (IOException e) {
      throw new Failure(Failure.INVALID_MODEL, "invalid model " + describe(e), e);
    }
  }

  private MetadataWriter writer(byte[] m) throws IOException {
    List<LabelFile> labelFiles = labels.stream().map(LabelFile::parse).toList();
    return switch (task) {
      case "image-classifier" -> ImageClassifierWriter.createForInference(m, mean, std,
          labelFiles, calibration());
      case "object-detector" -> ObjectDetectorWriter.createForInference(m, mean, std,
          labelFiles, calibration());
      case "image-segmenter" -> ImageSegmenterWriter.createForInference(m, mean, std,
          labelFiles);
      case "nl-classifier" -> NlClassifierWriter.createForInference(m, vocab == null ? null
          : new Tokenizer.Regex(delimRegex == null ? DEFAULT_DELIM_REGEX : delimRegex, vocab),
          labelFiles);
      case "bert-nl-classifier" -> BertNlClassifierWriter.createForInference(m, bertTokenizer(),
          labelFiles);
      case "bert-qa" -> BertQuestionAnswererWriter.createForInference(m, bertTokenizer());
      case "audio-classifier" -> AudioClassifierWriter.createForInference(m,
          required(sampleRate, "--sample-rate"), required(channels, "--channels"), labelFiles,
          calibration());
      case "pose-estimator" -> PoseEstimatorWriter.createForInference(m, mean, std,
          labelFiles.isEmpty() ? null : labelFiles.get(0));
      case "image-embedder" -> ImageEmbedderWriter.createForInference(m, mean, std);
      case "json" -> MetadataWriter.of(m, MetadataJson.fromJson(Files.readString(
          required(metadataJson, "--metadata"), StandardCharsets.UTF_8)), associatedFiles);
      default -> throw new IllegalStateException(task);
    };
  }

  private Tokenizer bertTokenizer() {
    if (sentencePiece != null) {
      return new Tokenizer.SentencePiece(sentencePiece, vocab);
    }
    return new Tokenizer.Bert(required(vocab, "--vocab or --sentencepiece"));
  }

  private ScoreCalibration calibration() throws IOException {
    if (scoreCalibration == null) {
      if (calibrationType != null) {
        throw new Failure(Failure.USAGE, "--calibration-type needs --score-calibration", null);
      }
      return null;
    }
    String type = required(calibrationType, "--calibration-type");
    ScoreTransformationType transformation;
    try {
      transformation = ScoreTransformationType.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Failure(Failure.USAGE, "--calibration-type must be log, identity or"
          + " inverse_logistic, got \"" + type + "\"", e);
    }
    return ScoreCalibration.of(transformation, defaultScore, scoreCalibration);
  }

  private <T> T required(T value, String option) {
    if (value == null) {
      throw new Failure(Failure.USAGE, "task " + task + " needs " + option, null);
    }
    return value;
  }
}
