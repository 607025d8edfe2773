package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jlite audio}: results, JSON, and the exit code of every bad input. */
class AudioCommandTest {
  private static final Path SPEECH = Cli.TESTDATA.resolve("audio/speech.wav");

  /** A mono 16-bit WAV of {@code samples} at {@code rate}. */
  private static byte[] wav(int rate, short... samples) {
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples.length)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
        .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate)
        .putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples.length);
    for (short s : samples) {
      b.putShort(s);
    }
    return b.array();
  }

  @Test
  void defaultModelHearsSpeech() {
    Cli.Result r = Cli.run("audio", "--max-results", "1", SPEECH.toString());

    assertThat(r.exitCode()).isZero();
    var lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo(SPEECH + " (16000 Hz, 1 channel, 4.273 s)");
    assertThat(lines.get(1)).isEqualTo("  0.000-0.975 s");
    // TFLite 2.19 scores the first window's Speech class 0.91796875.
    assertThat(lines.get(2)).isEqualTo("    0.9180  Speech  [0]");
    // 68360 samples: 5 windows of 15600, the last padded with silence.
    assertThat(lines).hasSize(1 + 5 * 2);
    assertThat(lines.get(9)).isEqualTo("  3.900-4.875 s");
  }

  @Test
  void json() throws Exception {
    Path model = Cli.model("audio/yamnet_audio_classifier_with_metadata.tflite");
    Cli.Result r = Cli.run("audio", "--model", model.toString(), "--max-results", "3",
        "--json", SPEECH.toString());

    assertThat(r.exitCode()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("model").asText()).isEqualTo(model.toString());
    assertThat(root.get("sampleRate").asInt()).isEqualTo(16000);
    assertThat(root.get("channels").asInt()).isEqualTo(1);
    assertThat(root.get("windows")).hasSize(5);
    JsonNode first = root.get("windows").get(0);
    assertThat(first.get("startSeconds").asDouble()).isZero();
    assertThat(first.get("endSeconds").asDouble()).isEqualTo(0.975);
    JsonNode head = first.get("classifications").get(0);
    assertThat(head.get("headIndex").asInt()).isZero();
    assertThat(head.get("headName").asText()).isEqualTo("scores");
    JsonNode top = head.get("categories").get(0);
    assertThat(head.get("categories")).hasSize(3);
    assertThat(top.get("index").asInt()).isZero();
    assertThat(top.get("label").asText()).isEqualTo("Speech");
    assertThat(top.get("displayName").isNull()).isTrue();
    assertThat(top.get("score").asDouble()).isEqualTo(0.91796875);
  }

  @Test
  void allowList() throws Exception {
    Cli.Result r = Cli.run("audio", "--allow", "Silence,Music", "--json", SPEECH.toString());

    assertThat(r.exitCode()).isZero();
    for (JsonNode window : new ObjectMapper().readTree(r.out()).get("windows")) {
      for (JsonNode c : window.get("classifications").get(0).get("categories")) {
        assertThat(c.get("label").asText()).isIn("Silence", "Music");
      }
    }
  }

  @Test
  void sampleRateMismatchNeedsResample(@TempDir Path dir) throws Exception {
    short[] samples = new short[8000];
    Path slow = Files.write(dir.resolve("slow.wav"), wav(8000, samples));

    Cli.Result refused = Cli.run("audio", slow.toString());
    Cli.Result resampled = Cli.run("audio", "--resample", "--max-results", "1", slow.toString());

    assertThat(refused.exitCode()).isEqualTo(4);
    assertThat(refused.errLines()).hasSize(1);
    assertThat(refused.err()).contains("slow.wav: the audio is 8000 Hz, 1 channel but the model"
        + " takes 16000 Hz, 1 channel; allow resampling (--resample)");
    assertThat(resampled.exitCode()).isZero();
    assertThat(resampled.out()).contains("  0.000-0.975 s");
  }

  @Test
  void truncatedWav(@TempDir Path dir) throws Exception {
    byte[] whole = wav(16000, (short) 1, (short) 2, (short) 3);
    Path cut = Files.write(dir.resolve("cut.wav"), Arrays.copyOf(whole, whole.length - 3));

    Cli.Result r = Cli.run("audio", cut.toString());

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("invalid audio").contains("cut.wav: WAV file is truncated");
  }

  @Test
  void unknownFormatAndZeroLength(@TempDir Path dir) throws Exception {
    byte[] mulaw = wav(8000, (short) 0);
    mulaw[20] = 7;
    Path law = Files.write(dir.resolve("law.wav"), mulaw);
    Path empty = Files.write(dir.resolve("empty.wav"), wav(16000));
    Path nothing = Files.write(dir.resolve("nothing.wav"), new byte[0]);

    Cli.Result unknown = Cli.run("audio", law.toString());
    Cli.Result zero = Cli.run("audio", empty.toString());
    Cli.Result none = Cli.run("audio", nothing.toString());

    assertThat(unknown.exitCode()).isEqualTo(4);
    assertThat(unknown.err()).contains("law.wav: unsupported WAV format: mu-law");
    assertThat(zero.exitCode()).isEqualTo(4);
    assertThat(zero.err()).contains("empty.wav: WAV file has no samples");
    assertThat(none.exitCode()).isEqualTo(4);
    assertThat(none.err()).contains("nothing.wav: not a WAV file");
  }

  @Test
  void missingFile(@TempDir Path dir) {
    Cli.Result r = Cli.run("audio", dir.resolve("nope.wav").toString());

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("cannot read audio").contains("nope.wav: no such file");
  }

  @Test
  void notAnAudioModel() {
    Path detector = Cli.model("image_classification/mobilenet_v1_0.25_224_quant.tflite");
    Cli.Result r = Cli.run("audio", "--model", detector.toString(), SPEECH.toString());

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("invalid model").contains("FLOAT32");
  }

  /** This machine has no sound card: --mic fails with one clear line and exit code 4. */
  @Test
  void micWithoutACaptureLine() {
    Cli.Result r = Cli.run("audio", "--mic", "--seconds", "1");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("--mic: no audio capture line (microphone) supports 16000 Hz");
  }

  @Test
  void liveWithoutACaptureLine() {
    Cli.Result r = Cli.run("audio", "--mic", "--live", "--seconds", "1");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("--mic: no audio capture line (microphone) supports 16000 Hz");
  }

  @Test
  void badUsage() {
    Cli.Result live = Cli.run("audio", "--live", SPEECH.toString());
    assertThat(live.exitCode()).isEqualTo(2);
    assertThat(live.err()).contains("--live needs --mic");
    Cli.Result liveJson = Cli.run("audio", "--mic", "--live", "--json");
    assertThat(liveJson.exitCode()).isEqualTo(2);
    assertThat(liveJson.err()).contains("cannot be combined with --json");
    assertThat(Cli.run("audio").exitCode()).isEqualTo(2);
    assertThat(Cli.run("audio", "--mic", SPEECH.toString()).exitCode()).isEqualTo(2);
    Cli.Result seconds = Cli.run("audio", "--mic", "--seconds", "0");
    assertThat(seconds.exitCode()).isEqualTo(2);
    assertThat(seconds.err()).contains("--seconds must be above 0");
    Cli.Result results = Cli.run("audio", "--max-results", "0", SPEECH.toString());
    assertThat(results.exitCode()).isEqualTo(4);
    assertThat(results.err()).contains("--max-results must not be 0");
  }
}
