package dev.jlite.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.task.audio.TensorAudio;
import dev.jlite.task.audio.WavReader;
import dev.jlite.task.core.TensorImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wrappers generated in this module's build, and the app over them. */
class AppTest {
  private static final Path TESTDATA =
      Path.of(System.getProperty("jlite.testdata", "../testdata"));
  private static final Path IMAGES = TESTDATA.resolve("images");

  @Test
  void generatedClassifierFindsTheCheeseburger() throws Exception {
    try (Mobilenet model = Mobilenet.newInstance()) {
      assertThat(model.process(TensorImage.load(IMAGES.resolve("burger.jpg")))
          .getProbabilityAsCategoryList().get(0).label()).isEqualTo("cheeseburger");
    }
  }

  @Test
  void generatedAudioClassifierHearsSpeech() throws Exception {
    try (Yamnet model = Yamnet.newInstance()) {
      TensorAudio audio = model.createInputTensorAudio();
      // The first window of the clip, as the official audio golden classifies it.
      audio.load(WavReader.read(TESTDATA.resolve("audio/speech.wav")).samples(), 0, 15600);
      assertThat(model.process(audio).getScoresAsCategoryList().get(0).label())
          .isEqualTo("Speech");
    }
  }

  @Test
  void appPrintsClassesAndObjects() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    App.run(List.of(IMAGES.resolve("burger.jpg"), IMAGES.resolve("cats_and_dogs.jpg")),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(out);
    assertThat(out).startsWith("burger.jpg:\n  class   cheeseburger")
        .contains("cats_and_dogs.jpg:\n", "  object  cat ", "  object  dog ");
  }
}
