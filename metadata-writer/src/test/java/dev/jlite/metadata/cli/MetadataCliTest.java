package dev.jlite.metadata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.jlite.metadata.StoredZipAccess;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MetadataCliTest {
  private static final Path TESTDATA = Path.of("..", "testdata").toAbsolutePath().normalize();
  private static final String DEEPLAB = "models/segmentation/deeplabv3_no_metadata.tflite";

  @TempDir
  Path dir;

  record Result(int exitCode, String out, String err) {}

  private static Result run(Object... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new MetadataCommand()).setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  private static Path testdata(String relative) {
    return TESTDATA.resolve(relative);
  }

  private Path as(String name, String relative) throws IOException {
    return Files.copy(testdata(relative), dir.resolve(name));
  }

  @Test
  void writesTheOfficialNlClassifierMetadataAndShowsItAsTheDisplayerDoes() throws IOException {
    Path output = dir.resolve("movie_review_with_metadata.tflite");

    Result write = run("write", "nl-classifier", "--model", testdata("models/text/movie_review"
        + ".tflite"), "--output", output, "--vocab", as("vocab.txt",
        "text/movie_review_vocab.txt"), "--labels", as("labels.txt",
        "labels/movie_review_labels.txt"));
    Result show = run("show", output, "--json");

    assertThat(write.exitCode()).as(write.err()).isZero();
    assertThat(show.exitCode()).isZero();
    assertThat(show.out()).isEqualTo(Files.readString(
        testdata("goldens/metadata/movie_review_regex.json"), StandardCharsets.UTF_8));
  }

  @Test
  void showsTextExtractsFilesAndLints() throws IOException {
    Path output = dir.resolve("deeplab.tflite");
    Result write = run("write", "image-segmenter", "--model", testdata(DEEPLAB), "--output",
        output, "--mean", "127.5", "--std", "127.5", "--labels",
        as("labelmap.txt", "labels/pascal_voc_labelmap.txt") + ":en", "--author", "jlite");
    assertThat(write.exitCode()).as(write.err()).isZero();

    Result show = run("show", output);
    Path extracted = dir.resolve("extracted");
    Result extract = run("extract", output, extracted);
    Result lint = run("lint", output);

    assertThat(show.out()).contains("name: ImageSegmenter").contains("author: jlite")
        .contains("file: labelmap.txt (TENSOR_AXIS_LABELS, locale en)")
        .contains("packed files: labelmap.txt");
    assertThat(extract.exitCode()).isZero();
    assertThat(Files.readAllBytes(extracted.resolve("labelmap.txt")))
        .isEqualTo(Files.readAllBytes(testdata("labels/pascal_voc_labelmap.txt")));
    assertThat(Files.readString(extracted.resolve("metadata.json")))
        .isEqualTo(run("show", output, "--json").out());
    assertThat(lint.exitCode()).isZero();
    assertThat(lint.out()).startsWith("ok: no problems found");
  }

  @Test
  void lintReportsWarningsWithExitZeroAndErrorsWithExitThree() throws IOException {
    Path twoLabels = Files.writeString(dir.resolve("labels.txt"), "a\nb\n");
    Path output = dir.resolve("m.tflite");
    run("write", "image-segmenter", "--model", testdata(DEEPLAB), "--output", output,
        "--mean", "127.5", "--std", "127.5", "--labels", twoLabels);
    byte[] populated = Files.readAllBytes(output);
    Path withoutFiles = dir.resolve("stripped.tflite");
    Files.write(withoutFiles, Arrays.copyOf(populated, populated.length - 200));

    Result warning = run("lint", output);
    Result broken = run("lint", withoutFiles);

    assertThat(warning.exitCode()).isZero();
    assertThat(warning.out()).contains("has 2 labels, but the tensor has 21 classes");
    assertThat(broken.exitCode()).isEqualTo(3);
  }

  @Test
  void badUsageExitsWithTwo() {
    Result unknown = run("write", "face-detector", "--model", testdata(DEEPLAB), "--output",
        dir.resolve("o.tflite"));
    Result missing = run("write", "audio-classifier", "--model",
        testdata("writer/yamnet_wavin_quantized_mel_relu6.tflite"), "--output",
        dir.resolve("o.tflite"), "--channels", "1");

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("jlite: unknown task \"face-detector\"");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("jlite: task audio-classifier needs --sample-rate\n");
    assertThat(dir.resolve("o.tflite")).doesNotExist();
  }

  @Test
  void invalidModelsExitWithThreeAndWriteNothing() throws IOException {
    Path corrupt = Files.write(dir.resolve("corrupt.tflite"),
        Arrays.copyOf(Files.readAllBytes(testdata(DEEPLAB)), 500));
    Path output = dir.resolve("o.tflite");

    Result write = run("write", "image-segmenter", "--model", corrupt, "--output", output);
    Result missing = run("show", dir.resolve("nothing.tflite"));
    Result noMetadata = run("show", testdata(DEEPLAB), "--json");

    assertThat(write.exitCode()).isEqualTo(3);
    assertThat(write.err()).startsWith("jlite: invalid model " + corrupt + ": ");
    assertThat(write.err().lines()).hasSize(1);
    assertThat(output).doesNotExist();
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.err()).contains("nothing.tflite: no such file");
    assertThat(noMetadata.exitCode()).isEqualTo(3);
    assertThat(noMetadata.err()).contains("has no metadata");
  }

  @Test
  void invalidInputsExitWithFourAndWriteNothing() throws IOException {
    Path output = dir.resolve("o.tflite");

    Result labels = run("write", "image-segmenter", "--model", testdata(DEEPLAB), "--output",
        output, "--labels", dir.resolve("missing_labels.txt"));
    Result meanStd = run("write", "image-segmenter", "--model", testdata(DEEPLAB), "--output",
        output, "--mean", "1,2,3", "--std", "1,2");
    Result sampleRate = run("write", "audio-classifier", "--model",
        testdata("writer/yamnet_wavin_quantized_mel_relu6.tflite"), "--output", output,
        "--sample-rate", "-1", "--channels", "1");
    Path badJson = Files.writeString(dir.resolve("m.json"), "{\"nme\": \"x\"}");
    Result json = run("write", "json", "--model", testdata(DEEPLAB), "--output", output,
        "--metadata", badJson);

    assertThat(labels.exitCode()).isEqualTo(4);
    assertThat(labels.err()).contains("missing_labels.txt: no such file");
    assertThat(meanStd.exitCode()).isEqualTo(4);
    assertThat(meanStd.err()).contains("norm_mean and norm_std are expected to be the same dim");
    assertThat(sampleRate.exitCode()).isEqualTo(4);
    assertThat(sampleRate.err()).contains("sample_rate should be positive, but got -1.");
    assertThat(json.exitCode()).isEqualTo(4);
    assertThat(json.err()).contains("unknown member \"nme\"");
    assertThat(output).doesNotExist();
  }

  @Test
  void writesInPlaceWhenOutputIsTheInput() throws IOException {
    Path model = as("model.tflite", DEEPLAB);

    Result write = run("write", "image-embedder", "--model", model, "--output", model,
        "--mean", "127.5", "--std", "127.5", "--name", "Embedder");

    assertThat(write.exitCode()).as(write.err()).isZero();
    assertThat(run("show", model).out()).contains("name: Embedder");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.tflite");
    }
  }

  @Test
  void extractRefusesFileNamesThatLeaveTheDirectory() throws IOException {
    byte[] model = Files.readAllBytes(testdata(DEEPLAB));
    // A hand-made archive whose entry name climbs out of the target directory.
    byte[] zip = StoredZipAccess.write("../evil.txt", new byte[] {'x'}, model.length);
    Path hostile = dir.resolve("hostile.tflite");
    Files.write(hostile, concat(model, zip));
    Path target = dir.resolve("out");

    Result extract = run("extract", hostile, target);

    assertThat(extract.exitCode()).isEqualTo(3);
    assertThat(extract.err()).contains("\"../evil.txt\" cannot be extracted as a file name");
    assertThat(dir.resolve("evil.txt")).doesNotExist();
    assertThat(target).doesNotExist();
  }

  @Test
  void takesSeveralLabelFilesWithLocalesAndScoreCalibration() throws IOException {
    Path output = dir.resolve("classifier.tflite");
    Path english = Files.writeString(dir.resolve("labels_en.txt"), "cat\ndog\n");
    Path french = Files.writeString(dir.resolve("labels_fr.txt"), "chat\nchien\n");
    Path calibration = Files.writeString(dir.resolve("calibration.csv"), "1,2,3\n\n");

    Result write = run("write", "image-classifier", "--model",
        testdata("models/image_classification/mobilenet_v2_1.0_224_quant_no_metadata.tflite"),
        "--output", output, "--mean", "127.5", "--std", "127.5", "--labels", english + ":en",
        french + ":fr", "--score-calibration", calibration, "--calibration-type",
        "inverse_logistic", "--default-score", "0.25");
    String json = run("show", output, "--json").out();

    assertThat(write.exitCode()).as(write.err()).isZero();
    assertThat(json).contains("\"name\": \"labels_en.txt\"", "\"locale\": \"en\"",
        "\"name\": \"labels_fr.txt\"", "\"locale\": \"fr\"",
        "\"score_transformation\": \"INVERSE_LOGISTIC\"", "\"default_score\": 0.25",
        "\"name\": \"calibration.csv\"");
  }

  @Test
  void dumpEditAndReapply() throws IOException {
    Path model = testdata("models/text/test_model_nl_classifier_with_associated_label.tflite");
    Path extracted = dir.resolve("x");
    assertThat(run("extract", model, extracted).exitCode()).isZero();
    Path json = extracted.resolve("metadata.json");
    Files.writeString(json, Files.readString(json).replace("\"v1\"", "\"v2\""));
    Path output = dir.resolve("edited.tflite");

    Result write = run("write", "json", "--model", model, "--output", output, "--metadata", json,
        "--associated-files", extracted.resolve("test_labels.txt"));

    assertThat(write.exitCode()).as(write.err()).isZero();
    assertThat(run("show", output, "--json").out()).isEqualTo(Files.readString(json));
    assertThat(run("lint", output).out()).startsWith("ok");
  }

  @Test
  void anOutputInAMissingDirectoryIsAnInputError() {
    Path output = dir.resolve("missing").resolve("out.tflite");

    Result write = run("write", "image-embedder", "--model", testdata(DEEPLAB), "--output",
        output);

    assertThat(write.exitCode()).isEqualTo(4);
    assertThat(write.err()).isEqualTo("jlite: " + output
        + ": the output's directory does not exist\n");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
