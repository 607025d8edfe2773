package dev.jlite.task.audio;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Tensor;
import dev.jlite.schema.metadata.AudioProperties;
import dev.jlite.schema.metadata.Content;
import dev.jlite.schema.metadata.ContentProperties;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.ClassificationOptions;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.IncompatibleModelException;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.internal.ClassificationHead;
import dev.jlite.task.core.internal.ClassificationPostprocessor;
import dev.jlite.task.core.internal.TaskModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Classifies audio with a model that takes one FLOAT32 tensor of interleaved samples and has one
 * or more classification outputs ({@code [1, N]} or {@code [1, 1, 1, N]}, UINT8 or FLOAT32),
 * configured from the model's metadata as TFLite's {@code AudioClassifier} is: the input's {@code
 * AudioProperties} (sample rate, channels), labels and display names, score threshold and
 * calibration per head. Safe to call from several threads (calls run one at a time).
 *
 * <p>{@link #classify(TensorAudio)} classifies one buffer of exactly the model's input size, as
 * the official library does; {@link #classify(AudioClip)} classifies a whole clip window by window.
 *
 * <pre>{@code
 * try (AudioClassifier classifier = AudioClassifier.create(Path.of("yamnet.tflite"))) {
 *   for (WindowClassifications w : classifier.classify(WavReader.read(Path.of("a.wav")))) {
 *     System.out.println(w.startSeconds() + " " + w.classifications());
 *   }
 * }
 * }</pre>
 */
public final class AudioClassifier implements AutoCloseable {
  private final TaskModel model;
  private final Options options;
  private final AudioFormat format;
  private final int bufferSize;
  private final List<ClassificationPostprocessor> heads;
  private boolean closed;

  private AudioClassifier(TaskModel model, Options options) {
    this.model = model;
    this.options = options;
    if (model.interpreter().getInputTensorCount() != 1) {
      throw new IncompatibleModelException("an audio classifier takes 1 input, this model has "
          + model.interpreter().getInputTensorCount());
    }
    Tensor input = model.interpreter().getInputTensor(0);
    if (input.dataType() != DataType.FLOAT32) {
      throw new IncompatibleModelException("input 0 '" + input.name() + "' is "
          + input.dataType() + "; an audio classifier takes FLOAT32 samples");
    }
    this.format = options.audioFormat().orElseGet(() -> formatFromMetadata(input));
    int size = 1;
    for (int i = 0; i < input.numDimensions(); i++) {
      if (input.dim(i) < 1) {
        throw new IncompatibleModelException("input 0 '" + input.name() + "' has size "
            + input.dim(i) + " in dimension " + i + " " + Arrays.toString(input.shape()));
      }
      size = Math.multiplyExact(size, input.dim(i));
    }
    if (size % format.channels() != 0) {
      throw new IncompatibleModelException("input 0 '" + input.name() + "' holds " + size
          + " samples, which is not a whole number of " + format.channels() + "-channel frames");
    }
    this.bufferSize = size;
    this.heads = new ArrayList<>();
    for (int i = 0; i < model.interpreter().getOutputTensorCount(); i++) {
      ClassificationHead head = model.metadata().outputTensorMetadata(i)
          .map(m -> ClassificationHead.from(model.metadata(), m,
              options.classification().displayNamesLocale()))
          .orElseGet(ClassificationHead::empty);
      heads.add(new ClassificationPostprocessor(i, model.interpreter().getOutputTensor(i), head,
          options.classification()));
    }
  }

  private AudioFormat formatFromMetadata(Tensor input) {
    String missing = "input 0 '" + input.name() + "' has no AudioProperties metadata (sample"
        + " rate and channels); set Options.setAudioFormat(...) to the format it was trained on";
    TensorMetadata tensor = model.metadata().inputTensorMetadata(0)
        .orElseThrow(() -> new IncompatibleModelException(missing));
    Content content = tensor.content();
    if (content == null || content.contentPropertiesType() == ContentProperties.NONE) {
      throw new IncompatibleModelException(missing);
    }
    if (content.contentPropertiesType() != ContentProperties.AudioProperties) {
      throw new IncompatibleModelException("input 0 '" + input.name() + "' has "
          + ContentProperties.name(content.contentPropertiesType())
          + " metadata; an audio classifier needs AudioProperties");
    }
    AudioProperties properties =
        (AudioProperties) content.contentProperties(new AudioProperties());
    long rate = properties.sampleRate();
    long channels = properties.channels();
    if (rate < 1 || rate > Integer.MAX_VALUE || channels < 1 || channels > Integer.MAX_VALUE) {
      throw new IncompatibleModelException("input 0 '" + input.name() + "' has AudioProperties"
          + " with sample rate " + rate + " and " + channels + " channels; both must be positive");
    }
    return new AudioFormat((int) rate, (int) channels);
  }

  /**
   * A classifier for a model file, with default options.
   *
   * @throws IOException if the file cannot be read
   * @throws dev.jlite.schema.InvalidModelException if the model is malformed
   * @throws IncompatibleModelException if it is not an audio classifier, or its metadata lacks
   *     the audio format
   */
  public static AudioClassifier create(Path model) throws IOException {
    return create(model, Options.DEFAULT);
  }

  /**
   * A classifier for a model file.
   *
   * @throws IOException if the file cannot be read
   * @throws dev.jlite.schema.InvalidModelException if the model is malformed
   * @throws IncompatibleModelException if it is not an audio classifier, or its metadata lacks
   *     the audio format and the options do not give it
   * @throws IllegalArgumentException if an allow or deny list names none of the model's labels
   */
  public static AudioClassifier create(Path model, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.open(model, options.baseOptions()), options);
  }

  /**
   * A classifier for a model held in memory (not copied; do not change it while in use).
   *
   * @throws dev.jlite.schema.InvalidModelException if the model is malformed
   * @throws IncompatibleModelException as {@link #create(Path, Options)}
   */
  public static AudioClassifier create(ByteBuffer model, Options options) {
    Objects.requireNonNull(options, "options");
    return create(TaskModel.wrap(model, options.baseOptions()), options);
  }

  private static AudioClassifier create(TaskModel model, Options options) {
    try {
      return new AudioClassifier(model, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The format the model takes: from its metadata, or the options. */
  public AudioFormat requiredFormat() {
    return format;
  }

  /** The number of samples (frames × channels) the model classifies at once. */
  public int requiredInputBufferSize() {
    return bufferSize;
  }

  /** A silent {@link TensorAudio} of the model's format and input size, to load and classify. */
  public TensorAudio createInputTensorAudio() {
    return TensorAudio.create(format, bufferSize / format.channels());
  }

  /**
   * Classifies the samples in a buffer of exactly the model's format and input size; one entry
   * per classification head, in output order.
   *
   * @throws InvalidInputException if the buffer's format or size differ from the model's
   * @throws IllegalStateException if the classifier is closed
   */
  public List<Classifications> classify(TensorAudio audio) {
    Objects.requireNonNull(audio, "audio");
    if (audio.format().channels() != format.channels()) {
      throw new InvalidInputException("the audio has " + audio.format().channels()
          + " channels but the model takes " + format.channels());
    }
    if (audio.format().sampleRate() != format.sampleRate()) {
      throw new InvalidInputException("the audio's sample rate is " + audio.format().sampleRate()
          + " Hz but the model takes " + format.sampleRate() + " Hz");
    }
    if (audio.bufferSize() != bufferSize) {
      throw new InvalidInputException("the audio buffer holds " + audio.bufferSize()
          + " samples but the model takes " + bufferSize);
    }
    return run(audio.samples());
  }

  /**
   * Classifies a whole clip in windows of the model's input size, starting every {@link
   * Options#hopFrames()} frames (by default one window after another, without overlap); the last
   * window is padded with silence when the clip does not fill it, so every sample is heard. A
   * clip in another format is converted first if {@link Options#allowResampling()} is set.
   *
   * @throws InvalidInputException if the clip's format differs from the model's and resampling
   *     is not allowed, or cannot be converted
   * @throws IllegalStateException if the classifier is closed
   */
  public List<WindowClassifications> classify(AudioClip clip) {
    Objects.requireNonNull(clip, "clip");
    AudioClip audio = conform(clip);
    int channels = format.channels();
    int window = bufferSize / channels;
    int hop = options.hopFrames() > 0 ? options.hopFrames() : window;
    int frames = audio.frames();
    float[] samples = audio.samples();
    List<WindowClassifications> out = new ArrayList<>();
    for (long start = 0; start < frames; start += hop) {
      float[] buffer = new float[bufferSize];
      int count = (int) Math.min(window, frames - start);
      System.arraycopy(samples, (int) start * channels, buffer, 0, count * channels);
      double rate = format.sampleRate();
      out.add(new WindowClassifications(start / rate, (start + window) / rate, run(buffer)));
      if (start + window >= frames) {
        break;
      }
    }
    return out;
  }

  private AudioClip conform(AudioClip clip) {
    if (clip.format().equals(format)) {
      return clip;
    }
    if (!options.allowResampling()) {
      throw new InvalidInputException("the audio is " + clip.format() + " but the model takes "
          + format + "; allow resampling (Options.setAllowResampling(true)) to convert it");
    }
    try {
      return clip.convertTo(format);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("the audio is " + clip.format()
          + " but the model takes " + format + ": " + e.getMessage(), e);
    }
  }

  private synchronized List<Classifications> run(float[] samples) {
    if (closed) {
      throw new IllegalStateException("the audio classifier is closed");
    }
    model.interpreter().getInputTensor(0).copyFrom(samples);
    model.interpreter().invoke();
    List<Classifications> result = new ArrayList<>(heads.size());
    for (int i = 0; i < heads.size(); i++) {
      result.add(heads.get(i).process(model.interpreter().getOutputTensor(i)));
    }
    return result;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }

  /**
   * Options of an {@link AudioClassifier}: TFLite's (base options, locale, maximum results, score
   * threshold, allow and deny lists) and ours for whole clips; immutable, made with {@link
   * #builder()}.
   */
  public static final class Options {
    /** The defaults. */
    public static final Options DEFAULT = builder().build();

    private final BaseOptions baseOptions;
    private final ClassificationOptions classification;
    private final AudioFormat audioFormat;
    private final boolean allowResampling;
    private final int hopFrames;

    private Options(Builder b, ClassificationOptions classification) {
      this.baseOptions = b.baseOptions;
      this.classification = classification;
      this.audioFormat = b.audioFormat;
      this.allowResampling = b.allowResampling;
      this.hopFrames = b.hopFrames;
    }

    public static Builder builder() {
      return new Builder();
    }

    public BaseOptions baseOptions() {
      return baseOptions;
    }

    /** Locale, maximum results, score threshold, allow and deny lists. */
    public ClassificationOptions classification() {
      return classification;
    }

    /** The caller's audio format for models whose metadata has none, if set. */
    public Optional<AudioFormat> audioFormat() {
      return Optional.ofNullable(audioFormat);
    }

    /** Whether clips in another format are resampled and channel-mixed to the model's. */
    public boolean allowResampling() {
      return allowResampling;
    }

    /** Frames between the starts of windows over a clip; 0 for the window length. */
    public int hopFrames() {
      return hopFrames;
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private BaseOptions baseOptions = BaseOptions.DEFAULT;
      private final ClassificationOptions.Builder classification = ClassificationOptions.builder();
      private AudioFormat audioFormat;
      private boolean allowResampling;
      private int hopFrames;

      private Builder() {}

      public Builder setBaseOptions(BaseOptions options) {
        this.baseOptions = Objects.requireNonNull(options, "options");
        return this;
      }

      /** Locale of the display names (default "en"). */
      public Builder setDisplayNamesLocale(String locale) {
        classification.setDisplayNamesLocale(locale);
        return this;
      }

      /** At most this many results per head; negative (default -1) for all; 0 is invalid. */
      public Builder setMaxResults(int maxResults) {
        classification.setMaxResults(maxResults);
        return this;
      }

      /** Drops results scoring below this; overrides the metadata's threshold. */
      public Builder setScoreThreshold(float threshold) {
        classification.setScoreThreshold(threshold);
        return this;
      }

      public Builder setLabelAllowList(List<String> labels) {
        classification.setLabelAllowList(labels);
        return this;
      }

      public Builder setLabelDenyList(List<String> labels) {
        classification.setLabelDenyList(labels);
        return this;
      }

      /** The input's format, overriding the metadata's (needed when the metadata has none). */
      public Builder setAudioFormat(AudioFormat format) {
        this.audioFormat = Objects.requireNonNull(format, "format");
        return this;
      }

      /**
       * Convert clips in another format to the model's (default false: such a clip is an error,
       * as in TFLite): windowed-sinc resampling, channels averaged to mono or mono copied.
       */
      public Builder setAllowResampling(boolean allow) {
        this.allowResampling = allow;
        return this;
      }

      /**
       * Frames between the starts of successive windows when classifying a clip (default 0: the
       * window length, so windows do not overlap).
       *
       * @throws IllegalArgumentException if negative
       */
      public Builder setHopFrames(int frames) {
        if (frames < 0) {
          throw new IllegalArgumentException("hopFrames must not be negative, was " + frames);
        }
        this.hopFrames = frames;
        return this;
      }

      /**
       * @throws IllegalArgumentException if maxResults is 0 or both an allow list and a deny list
       *     are set
       */
      public Options build() {
        return new Options(this, classification.build());
      }
    }
  }
}
