package dev.jlite.task.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.jlite.schema.model.TensorType;
import dev.jlite.schema.testing.Goldens;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Synthetic two-head models whose scores are their input samples ({@link SampleModel}). */
class AudioClassifierTest {
  private static final AudioFormat MONO_8K = AudioFormat.mono(8000);

  private static AudioClassifier classifier(SampleModel model, AudioClassifier.Options options) {
    return AudioClassifier.create(model.build(), options);
  }

  private static AudioClassifier classifier(SampleModel model) {
    return classifier(model, AudioClassifier.Options.DEFAULT);
  }

  private static List<Object> top(Classifications head) {
    Category c = head.categories().get(0);
    return List.of(c.label(), c.score());
  }

  @Test
  void twoHeadsFromMetadata() {
    AudioClassifier.Options options =
        AudioClassifier.Options.builder().setScoreThreshold(-1f).build();
    try (AudioClassifier classifier = classifier(SampleModel.of(MONO_8K, 4), options)) {
      assertThat(classifier.requiredFormat()).isEqualTo(MONO_8K);
      assertThat(classifier.requiredInputBufferSize()).isEqualTo(4);
      TensorAudio audio = classifier.createInputTensorAudio();
      audio.load(new float[] {0.1f, 0.4f, -0.3f, 0.2f});
      List<Classifications> result = classifier.classify(audio);
      assertThat(result).extracting(Classifications::headIndex, Classifications::headName)
          .containsExactly(tuple(0, "samples"), tuple(1, "negated"));
      assertThat(result.get(0).categories()).extracting(Category::label, Category::score)
          .containsExactly(tuple("s1", 0.4f), tuple("s3", 0.2f), tuple("s0", 0.1f),
              tuple("s2", -0.3f));
      assertThat(result.get(1).categories()).extracting(Category::label, Category::index)
          .containsExactly(tuple("n2", 2), tuple("n0", 0), tuple("n3", 3), tuple("n1", 1));
    }
  }

  @Test
  void metadataThresholdAndClassificationOptions() {
    try (AudioClassifier classifier = classifier(SampleModel.of(MONO_8K, 4))) {
      TensorAudio audio = classifier.createInputTensorAudio();
      audio.load(new float[] {0.1f, 0.4f, -0.3f, 0.2f});
      // Head 1's ScoreThresholdingOptions (0) keeps only the one positive negated sample.
      assertThat(classifier.classify(audio).get(1).categories())
          .extracting(Category::label, Category::score).containsExactly(tuple("n2", 0.3f));
    }
    AudioClassifier.Options options = AudioClassifier.Options.builder()
        .setMaxResults(1).setLabelDenyList(List.of("s1", "n2")).build();
    try (AudioClassifier classifier = classifier(SampleModel.of(MONO_8K, 4), options)) {
      TensorAudio audio = classifier.createInputTensorAudio();
      audio.load(new float[] {0.1f, 0.4f, -0.3f, 0.2f});
      List<Classifications> result = classifier.classify(audio);
      assertThat(top(result.get(0))).containsExactly("s3", 0.2f);
      assertThat(result.get(1).categories()).isEmpty();
    }
    assertThatThrownBy(() -> classifier(SampleModel.of(MONO_8K, 4),
        AudioClassifier.Options.builder().setLabelAllowList(List.of("x")).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labelAllowList");
  }

  @Test
  void stereoSamplesStayInterleaved() {
    AudioFormat stereo = new AudioFormat(16000, 2);
    AudioClassifier.Options options =
        AudioClassifier.Options.builder().setScoreThreshold(-1f).build();
    try (AudioClassifier classifier = classifier(SampleModel.of(stereo, 2), options)) {
      assertThat(classifier.requiredFormat()).isEqualTo(stereo);
      TensorAudio audio = classifier.createInputTensorAudio();
      assertThat(audio.bufferSize()).isEqualTo(4);
      audio.load(new float[] {0.5f, 0.25f, 0.75f, 0.125f});
      assertThat(classifier.classify(audio).get(0).categories())
          .extracting(Category::index).containsExactly(2, 0, 1, 3);
    }
  }

  @Test
  void tensorAudioOfAnotherFormatOrSize() {
    try (AudioClassifier classifier = classifier(SampleModel.of(MONO_8K, 4))) {
      assertThatThrownBy(() -> classifier.classify(TensorAudio.create(AudioFormat.mono(16000), 4)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("sample rate is 16000 Hz but the model takes 8000 Hz");
      assertThatThrownBy(() -> classifier.classify(TensorAudio.create(new AudioFormat(8000, 2), 2)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("has 2 channels but the model takes 1");
      assertThatThrownBy(() -> classifier.classify(TensorAudio.create(MONO_8K, 5)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("holds 5 samples but the model takes 4");
    }
  }

  @Test
  void clipInWindowsWithTheLastPadded() {
    float[] ramp = new float[10];
    for (int i = 0; i < 10; i++) {
      ramp[i] = (i + 1) / 10f;
    }
    AudioClip clip = AudioClip.of(MONO_8K, ramp);
    try (AudioClassifier classifier = classifier(SampleModel.of(MONO_8K, 4))) {
      List<WindowClassifications> windows = classifier.classify(clip);
      assertThat(windows).extracting(WindowClassifications::startSeconds,
          WindowClassifications::endSeconds)
          .containsExactly(tuple(0.0, 0.0005), tuple(0.0005, 0.001), tuple(0.001, 0.0015));
      assertThat(top(windows.get(0).classifications().get(0))).containsExactly("s3", 0.4f);
      assertThat(top(windows.get(1).classifications().get(0))).containsExactly("s3", 0.8f);
      // Frames 8 and 9, then two frames of silence.
      assertThat(windows.get(2).classifications().get(0).categories())
          .extracting(Category::label, Category::score)
          .containsExactly(tuple("s1", 1.0f), tuple("s0", 0.9f), tuple("s2", 0f), tuple("s3", 0f));
    }
    AudioClassifier.Options hop = AudioClassifier.Options.builder().setHopFrames(2).build();
    try (AudioClassifier classifier = classifier(SampleModel.of(MONO_8K, 4), hop)) {
      assertThat(classifier.classify(clip)).extracting(WindowClassifications::startSeconds)
          .containsExactly(0.0, 0.00025, 0.0005, 0.00075);
    }
  }

  @Test
  void clipOfAnotherFormatNeedsResamplingAllowed() {
    AudioClip stereo = AudioClip.of(new AudioFormat(8000, 2),
        new float[] {0.2f, 0.4f, 0.6f, 0.2f, 0f, 0.5f, 1f, 0f});
    try (AudioClassifier classifier = classifier(SampleModel.of(MONO_8K, 4))) {
      assertThatThrownBy(() -> classifier.classify(stereo))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("the audio is 8000 Hz, 2 channels but the model takes 8000 Hz,"
              + " 1 channel; allow resampling");
      AudioClip fast = AudioClip.of(AudioFormat.mono(16000), new float[8]);
      assertThatThrownBy(() -> classifier.classify(fast))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("the audio is 16000 Hz, 1 channel but the model takes 8000 Hz");
    }
    AudioClassifier.Options resample = AudioClassifier.Options.builder()
        .setAllowResampling(true).setScoreThreshold(-1f).build();
    try (AudioClassifier classifier = classifier(SampleModel.of(MONO_8K, 4), resample)) {
      // Channels averaged: 0.3, 0.4, 0.25, 0.5.
      List<WindowClassifications> windows = classifier.classify(stereo);
      assertThat(windows).hasSize(1);
      assertThat(windows.get(0).classifications().get(0).categories())
          .extracting(Category::label, Category::score)
          .containsExactly(tuple("s3", 0.5f), tuple("s1", 0.4f), tuple("s0", 0.3f),
              tuple("s2", 0.25f));
      AudioClip fast = AudioClip.of(AudioFormat.mono(16000), new float[16]);
      assertThat(classifier.classify(fast)).hasSize(2);
    }
    try (AudioClassifier classifier = classifier(SampleModel.of(new AudioFormat(8000, 3), 4),
        resample)) {
      assertThatThrownBy(() -> classifier.classify(stereo))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("cannot convert 2-channel audio to 3 channels");
    }
  }

  @Test
  void modelsThatAreNotAudioClassifiers() {
    assertThatThrownBy(() -> classifier(SampleModel.of(MONO_8K, 4).withoutMetadata()))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("has no AudioProperties metadata")
        .hasMessageContaining("setAudioFormat");
    assertThatThrownBy(() -> classifier(SampleModel.of(MONO_8K, 4).withImageProperties()))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("has ImageProperties metadata; an audio classifier needs"
            + " AudioProperties");
    assertThatThrownBy(() -> classifier(SampleModel.of(MONO_8K, 4).inputType(TensorType.INT32)))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("is INT32; an audio classifier takes FLOAT32");
    assertThatThrownBy(() -> classifier(SampleModel.of(MONO_8K, 3),
        AudioClassifier.Options.builder().setAudioFormat(new AudioFormat(8000, 2)).build()))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("holds 3 samples, which is not a whole number of 2-channel frames");
  }

  /**
   * The other audio model in testdata, TFLite Micro's keyword spotter, takes INT8 spectrogram
   * features, not samples: a clear error, not a crash or a wrong answer.
   */
  @Test
  void microSpeechTakesFeaturesNotSamples() {
    Path model = Goldens.TESTDATA.resolve("models/audio/tflm_micro_speech_quantized.tflite");
    assertThatThrownBy(() -> AudioClassifier.create(model))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("input 0 'Reshape_1' is INT8; an audio classifier takes FLOAT32");
  }

  @Test
  void modelWithoutMetadataWithTheFormatGiven() {
    AudioClassifier.Options options =
        AudioClassifier.Options.builder().setAudioFormat(MONO_8K).build();
    try (AudioClassifier classifier = classifier(SampleModel.of(MONO_8K, 4).withoutMetadata(),
        options)) {
      TensorAudio audio = classifier.createInputTensorAudio();
      audio.load(new float[] {0.1f, 0.4f, 0.3f, 0.2f});
      Classifications head = classifier.classify(audio).get(0);
      assertThat(head.headName()).isEmpty();
      assertThat(head.categories()).extracting(Category::index, Category::label)
          .containsExactly(tuple(1, ""), tuple(2, ""), tuple(3, ""), tuple(0, ""));
    }
  }

  @Test
  void closedClassifier() {
    AudioClassifier classifier = classifier(SampleModel.of(MONO_8K, 4));
    TensorAudio audio = classifier.createInputTensorAudio();
    classifier.close();
    assertThatThrownBy(() -> classifier.classify(audio))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
