package dev.jlite.codegen;

import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.ModelFile;
import dev.jlite.schema.metadata.AssociatedFileType;
import dev.jlite.schema.metadata.AudioProperties;
import dev.jlite.schema.metadata.ColorSpaceType;
import dev.jlite.schema.metadata.ContentProperties;
import dev.jlite.schema.metadata.ImageProperties;
import dev.jlite.schema.metadata.ModelMetadata;
import dev.jlite.schema.metadata.NormalizationOptions;
import dev.jlite.schema.metadata.ProcessUnitOptions;
import dev.jlite.schema.metadata.ScoreCalibrationOptions;
import dev.jlite.schema.metadata.ScoreTransformationType;
import dev.jlite.schema.metadata.TensorGroup;
import dev.jlite.schema.metadata.TensorMetadata;
import dev.jlite.schema.model.SubGraph;
import dev.jlite.schema.model.Tensor;
import dev.jlite.schema.model.TensorType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the generator needs to know about a model: which task its metadata describes, the model's
 * description, and each input and output with its Java name, type and shape.
 *
 * @param kind the wrapper to generate
 * @param name the metadata's model name, or empty
 * @param version the metadata's version, or empty
 * @param description the metadata's description, or empty
 * @param author the metadata's author, or empty
 * @param license the metadata's license, or empty
 * @param inputs the inputs of subgraph 0, in order
 * @param outputs the outputs of subgraph 0, in order
 * @param detectionsName the snake_case name of the detection results (for a detector)
 * @param scoreOutput for a text classifier, the index of the output its task reads scores from;
 *     else -1
 * @param warnings what the generator ignored, to be reported as warnings
 */
record ModelSpec(Kind kind, String name, String version, String description, String author,
    String license, List<TensorSpec> inputs, List<TensorSpec> outputs, String detectionsName,
    int scoreOutput, List<String> warnings) {

  /** The wrappers the generator can write. */
  enum Kind {
    /** Interpreter with {@code TensorImage} or {@code TensorBuffer} inputs, buffer outputs. */
    GENERIC,
    /** Delegates to {@code ImageClassifier}: one category list per output. */
    IMAGE_CLASSIFIER,
    /** Delegates to {@code ObjectDetector}: one detection list for the four outputs. */
    OBJECT_DETECTOR,
    /** Delegates to {@code ImageSegmenter}: one segmentation. */
    IMAGE_SEGMENTER,
    /** Delegates to {@code AudioClassifier}: one category list per output. */
    AUDIO_CLASSIFIER,
    /** Delegates to {@code NLClassifier}: one category list for the score output. */
    NL_CLASSIFIER,
    /** Delegates to {@code BertNLClassifier}: one category list for its one output. */
    BERT_NL_CLASSIFIER
  }

  private static final Set<Byte> SUPPORTED_TYPES =
      Set.of(TensorType.FLOAT32, TensorType.UINT8, TensorType.INT8);

  /** The score types the text tasks read (INT16 dequantized, BOOL as 1 or 0). */
  private static final Set<Byte> TEXT_SCORE_TYPES = Set.of(TensorType.FLOAT32, TensorType.UINT8,
      TensorType.INT8, TensorType.INT16, TensorType.FLOAT64, TensorType.BOOL);

  /** The name NLClassifier looks its score output up by, before taking output 0. */
  private static final String NL_SCORE_NAME = "OUTPUT_SCORE";

  /**
   * A tensor as the generator sees it.
   *
   * @param index the input or output index
   * @param javaName the resolved snake_case name
   * @param description the metadata's description, or empty
   * @param type the tensor type ({@link TensorType})
   * @param shape the shape in the model
   * @param image whether it is an RGB image input fed from a {@code TensorImage}
   * @param normalization mean and std: for a FLOAT32 image input the pixel normalization, for an
   *     output the NormalizationOptions applied after dequantizing; else null
   * @param labelFile for an output, the associated file of axis labels (the first), else null
   * @param calibration for a labelled output, its score calibration, else null
   */
  record TensorSpec(int index, String javaName, String description, byte type, int[] shape,
      boolean image, float[][] normalization, String labelFile, Calibration calibration) {}

  /**
   * An output's score calibration.
   *
   * @param transformation the {@code ScoreTransformationType} name: IDENTITY, LOG or
   *     INVERSE_LOGISTIC
   * @param defaultScore the score of classes without parameters
   * @param file the associated file of per-class parameters
   */
  record Calibration(String transformation, float defaultScore, String file) {}

  /**
   * Reads a model.
   *
   * @throws CodegenException if the bytes are not a valid model or the metadata is not supported
   */
  static ModelSpec of(ByteBuffer bytes) throws CodegenException {
    ModelFile file;
    MetadataExtractor metadata;
    try {
      file = ModelFile.wrap(bytes);
      metadata = MetadataExtractor.of(file);
    } catch (InvalidModelException e) {
      throw new CodegenException("not a valid TFLite model: " + e.getMessage(), e);
    }
    if (!metadata.isMinimumParserVersionSatisfied()) {
      throw new CodegenException("unsupported metadata: it needs metadata parser "
          + metadata.minParserVersion().orElse("?") + ", newer than "
          + MetadataExtractor.PARSER_VERSION);
    }
    Optional<ModelMetadata> model = metadata.modelMetadata();
    // No subgraph metadata means no tensor metadata: the generic wrapper needs none.
    if (model.isPresent() && model.get().subgraphMetadataLength() > 1) {
      throw new CodegenException("unsupported metadata: it describes "
          + model.get().subgraphMetadataLength() + " subgraphs; at most 1 is supported");
    }
    return new Reader(file, metadata).read();
  }

  /** Reads one model; holds the warnings gathered on the way. */
  private static final class Reader {
    private final ModelFile file;
    private final MetadataExtractor metadata;
    private final List<String> warnings = new ArrayList<>();

    Reader(ModelFile file, MetadataExtractor metadata) {
      this.file = file;
      this.metadata = metadata;
    }

    ModelSpec read() throws CodegenException {
      SubGraph graph = file.model().subgraphs(0);
      Kind text = textKind(graph);
      List<String> inputNames = new ArrayList<>();
      List<String> outputNames = new ArrayList<>();
      for (int i = 0; i < graph.inputsLength(); i++) {
        inputNames.add(defaultName(metadata.inputTensorMetadata(i), "input"));
      }
      for (int i = 0; i < graph.outputsLength(); i++) {
        outputNames.add(defaultName(metadata.outputTensorMetadata(i), "output"));
      }
      TensorNames.resolve(inputNames, outputNames);
      List<TensorSpec> inputs = new ArrayList<>();
      for (int i = 0; i < graph.inputsLength(); i++) {
        inputs.add(text == null ? input(i, graph.tensors(graph.inputs(i)), inputNames.get(i))
            : textInput(i, graph.tensors(graph.inputs(i)), inputNames.get(i)));
      }
      int scoreOutput = text == null ? -1 : scoreOutput(text, graph);
      List<TensorSpec> outputs = new ArrayList<>();
      for (int i = 0; i < graph.outputsLength(); i++) {
        Tensor tensor = graph.tensors(graph.outputs(i));
        if (text == null) {
          checkType(tensor, "output " + i);
        } else if (i == scoreOutput) {
          checkTextScores(text, tensor, i);
        }
        outputs.add(output(i, tensor, outputNames.get(i), text == null));
      }
      Kind kind = text != null ? text : kind(inputs, outputs);
      if (kind == Kind.GENERIC) {
        outputs.replaceAll(this::categoriesOnlyForVectors);
      }
      Optional<ModelMetadata> model = metadata.modelMetadata();
      return new ModelSpec(kind,
          model.map(ModelMetadata::name).orElse(""), model.map(ModelMetadata::version).orElse(""),
          model.map(ModelMetadata::description).map(String::strip).orElse(""),
          model.map(ModelMetadata::author).orElse(""), model.map(ModelMetadata::license).orElse(""),
          List.copyOf(inputs), List.copyOf(outputs), detectionsName(), scoreOutput,
          List.copyOf(warnings));
    }

    /**
     * Which text task reads the model, as TFLite's tasks recognise them: a BERT or SentencePiece
     * tokenizer in the subgraph's input process units is BertNLClassifier's (what the official
     * BERT writer writes); a RegexTokenizerOptions on an input, or one STRING input tokenized by
     * the model's own operators, NLClassifier's. Other models: null. This comes before the
     * tensor type check, which their INT32 and STRING inputs would fail.
     */
    private Kind textKind(SubGraph graph) throws CodegenException {
      String text = null;
      Optional<ModelMetadata> model = metadata.modelMetadata();
      if (model.isPresent() && model.get().subgraphMetadataLength() == 1) {
        var units = model.get().subgraphMetadata(0);
        for (int i = 0; i < units.inputProcessUnitsLength() && text == null; i++) {
          byte options = units.inputProcessUnits(i).optionsType();
          if (options == ProcessUnitOptions.BertTokenizerOptions
              || options == ProcessUnitOptions.SentencePieceTokenizerOptions) {
            return Kind.BERT_NL_CLASSIFIER;
          }
          text = tokenizer(options, "the subgraph's input process units");
        }
      }
      int strings = 0;
      for (int i = 0; i < graph.inputsLength() && text == null; i++) {
        Optional<TensorMetadata> meta = metadata.inputTensorMetadata(i);
        for (int k = 0; meta.isPresent() && k < meta.get().processUnitsLength() && text == null;
            k++) {
          byte options = meta.get().processUnits(k).optionsType();
          if (options == ProcessUnitOptions.RegexTokenizerOptions) {
            return Kind.NL_CLASSIFIER;
          }
          text = tokenizer(options, "input " + i + "'s metadata");
        }
        if (graph.tensors(graph.inputs(i)).type() == TensorType.STRING) {
          strings++;
        }
      }
      if (text == null && strings == 1 && graph.inputsLength() == 1) {
        return Kind.NL_CLASSIFIER;
      }
      if (text == null && strings > 0) {
        text = strings + " STRING inputs among " + graph.inputsLength();
      }
      if (text != null) {
        throw new CodegenException("unsupported model: it takes text (" + text + "), but"
            + " neither NLClassifier (a RegexTokenizerOptions on the input, or one STRING input)"
            + " nor BertNLClassifier (a BERT or SentencePiece tokenizer in the subgraph's input"
            + " process units) reads it so");
      }
      return null;
    }

    private static String tokenizer(byte options, String where) {
      return options == ProcessUnitOptions.BertTokenizerOptions
          || options == ProcessUnitOptions.SentencePieceTokenizerOptions
          || options == ProcessUnitOptions.RegexTokenizerOptions
          ? ProcessUnitOptions.names[options] + " in " + where : null;
    }

    /** A text model's input: its type is the task's to check (token ids, mask or STRING). */
    private TensorSpec textInput(int index, Tensor tensor, String name) {
      return new TensorSpec(index, name, description(metadata.inputTensorMetadata(index)),
          tensor.type(), shape(tensor), false, null, null, null);
    }

    /**
     * The output the text task reads scores from: BertNLClassifier's one output; NLClassifier's
     * by its default name in the metadata, then as tensor name, else output 0.
     */
    private int scoreOutput(Kind text, SubGraph graph) throws CodegenException {
      if (graph.outputsLength() == 0 || (text == Kind.BERT_NL_CLASSIFIER
          && graph.outputsLength() != 1)) {
        throw new CodegenException("unsupported model: it has " + graph.outputsLength()
            + " outputs; " + (text == Kind.BERT_NL_CLASSIFIER ? "a BERT NL classifier has"
                + " exactly 1" : "an NL classifier needs a score output"));
      }
      for (int i = 0; i < graph.outputsLength(); i++) {
        if (metadata.outputTensorMetadata(i).map(t -> NL_SCORE_NAME.equals(t.name()))
            .orElse(false)) {
          return i;
        }
      }
      for (int i = 0; i < graph.outputsLength(); i++) {
        if (NL_SCORE_NAME.equals(graph.tensors(graph.outputs(i)).name())) {
          return i;
        }
      }
      return 0;
    }

    private static void checkTextScores(Kind text, Tensor tensor, int index)
        throws CodegenException {
      if (!TEXT_SCORE_TYPES.contains(tensor.type())) {
        throw new CodegenException("unsupported tensor: output " + index + " '" + tensor.name()
            + "' is " + enumName(TensorType.names, tensor.type()) + "; "
            + (text == Kind.BERT_NL_CLASSIFIER ? "BERT NL" : "NL") + " classifier scores must be"
            + " FLOAT32, UINT8, INT8, INT16, FLOAT64 or BOOL");
      }
    }

    private TensorSpec input(int index, Tensor tensor, String name) throws CodegenException {
      checkType(tensor, "input " + index);
      Optional<TensorMetadata> meta = metadata.inputTensorMetadata(index);
      int[] shape = shape(tensor);
      boolean image = false;
      float[][] normalization = null;
      if (meta.isPresent() && contentType(meta.get()) == ContentProperties.ImageProperties) {
        ImageProperties properties = (ImageProperties)
            meta.get().content().contentProperties(new ImageProperties());
        boolean imageShape = shape.length == 4 && shape[0] == 1 && shape[3] == 3
            && tensor.type() != TensorType.INT8;
        if (properties.colorSpace() != ColorSpaceType.RGB) {
          warnings.add("input " + index + " '" + name + "' is an image in color space "
              + enumName(ColorSpaceType.names, properties.colorSpace())
              + "; only RGB images are read from a TensorImage, so it takes a TensorBuffer");
        } else if (!imageShape) {
          warnings.add("input " + index + " '" + name + "' is an RGB image of shape "
              + Arrays.toString(shape) + " and type " + enumName(TensorType.names, tensor.type())
              + "; a TensorImage fills [1, height, width, 3] UINT8 or FLOAT32 inputs only, so it"
              + " takes a TensorBuffer");
        } else {
          image = true;
          if (tensor.type() == TensorType.FLOAT32) {
            normalization = normalization(meta.get()).orElseThrow(() -> new CodegenException(
                "unsupported metadata: input " + index + " '" + name + "' is a FLOAT32 image"
                    + " without NormalizationOptions, so pixels cannot be scaled"));
          }
        }
      }
      return new TensorSpec(index, name, description(meta), tensor.type(), shape, image,
          normalization, null, null);
    }

    /**
     * A generic wrapper turns a labelled output into one category per value, which needs one value
     * per label: a {@code [N]} or {@code [1, ..., 1, N]} output. Others stay buffers.
     */
    private TensorSpec categoriesOnlyForVectors(TensorSpec output) {
      if (output.labelFile() == null) {
        return output;
      }
      int[] shape = output.shape();
      for (int d = 0; d < shape.length - 1; d++) {
        if (shape[d] != 1) {
          warnings.add("output " + output.index() + " '" + output.javaName() + "' of shape "
              + Arrays.toString(shape) + " has labels for its last axis; only [1, N]"
              + " outputs become category lists, so it is a TensorBuffer");
          return new TensorSpec(output.index(), output.javaName(), output.description(),
              output.type(), shape, false, output.normalization(), null, null);
        }
      }
      return output;
    }

    /**
     * An output. Text tasks read as many labels as there are scores, which STRING-input models
     * often know only once they run, so for them ({@code exactLabels} false) the label file may
     * hold more labels than the shape says.
     */
    private TensorSpec output(int index, Tensor tensor, String name, boolean exactLabels)
        throws CodegenException {
      Optional<TensorMetadata> meta = metadata.outputTensorMetadata(index);
      int[] shape = shape(tensor);
      String labelFile = null;
      Calibration calibration = null;
      if (meta.isPresent()) {
        labelFile = firstFile(meta.get(), AssociatedFileType.TENSOR_AXIS_LABELS);
        if (labelFile != null) {
          checkLabels(index, name, shape, labelFile, exactLabels);
        }
        calibration = calibration(index, name, meta.get(), labelFile);
      }
      return new TensorSpec(index, name, description(meta), tensor.type(), shape, false,
          meta.flatMap(ModelSpec::normalization).orElse(null), labelFile, calibration);
    }

    /** The output's score calibration; it needs labels, as parameters are found by label. */
    private Calibration calibration(int index, String name, TensorMetadata meta,
        String labelFile) throws CodegenException {
      for (int i = 0; i < meta.processUnitsLength(); i++) {
        if (meta.processUnits(i).optionsType() != ProcessUnitOptions.ScoreCalibrationOptions) {
          continue;
        }
        ScoreCalibrationOptions options = (ScoreCalibrationOptions)
            meta.processUnits(i).options(new ScoreCalibrationOptions());
        String file = firstFile(meta, AssociatedFileType.TENSOR_AXIS_SCORE_CALIBRATION);
        String where = "output " + index + " '" + name + "'";
        if (file == null || metadata.associatedFile(file).isEmpty()) {
          throw new CodegenException("unsupported metadata: " + where + " has"
              + " ScoreCalibrationOptions but no TENSOR_AXIS_SCORE_CALIBRATION file in the model");
        }
        if (labelFile == null) {
          warnings.add(where + " has score calibration but no axis labels to find its"
              + " parameters by; its scores are not calibrated");
          return null;
        }
        byte type = options.scoreTransformation();
        if (type < 0 || type >= ScoreTransformationType.names.length) {
          throw new CodegenException("unsupported metadata: " + where + " has score"
              + " transformation " + type + ", unknown to metadata parser "
              + MetadataExtractor.PARSER_VERSION);
        }
        return new Calibration(ScoreTransformationType.names[type], options.defaultScore(), file);
      }
      return null;
    }

    /**
     * The label file must exist and, when the shape is known, hold one label per class (at least
     * one unless {@code exact}).
     */
    private void checkLabels(int index, String name, int[] shape, String file, boolean exact)
        throws CodegenException {
      ByteBuffer bytes = metadata.associatedFile(file).orElseThrow(() -> new CodegenException(
          "unsupported metadata: output " + index + " '" + name + "' names label file '" + file
              + "', which the model does not contain"));
      String text = StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
      int labels = text.isEmpty() ? 0 : text.split("\n", -1).length - (text.endsWith("\n") ? 1 : 0);
      // Axis labels name the classes of the last axis.
      int classes = shape.length == 0 ? 1 : shape[shape.length - 1];
      if (classes > 0 && (exact ? labels != classes : labels < classes)) {
        throw new CodegenException("unsupported metadata: output " + index + " '" + name
            + "' has " + classes + " classes but its label file '" + file + "' has " + labels
            + " labels");
      }
    }

    private Kind kind(List<TensorSpec> inputs, List<TensorSpec> outputs) {
      if (inputs.size() == 1 && isAudio(inputs.get(0))) {
        return classificationHeads(outputs) ? Kind.AUDIO_CLASSIFIER : Kind.GENERIC;
      }
      if (inputs.size() != 1 || !inputs.get(0).image()) {
        return Kind.GENERIC;
      }
      if (outputs.size() == 4 && isDetector(outputs)) {
        return Kind.OBJECT_DETECTOR;
      }
      if (outputs.size() == 1 && outputs.get(0).shape().length == 4
          && metadata.outputTensorMetadata(0).map(ModelSpec::contentType)
              .orElse(ContentProperties.NONE) == ContentProperties.ImageProperties) {
        return Kind.IMAGE_SEGMENTER;
      }
      return classificationHeads(outputs) ? Kind.IMAGE_CLASSIFIER : Kind.GENERIC;
    }

    /**
     * Whether an input is what AudioClassifier reads: FLOAT32 samples whose AudioProperties give
     * the format. Without a positive sample rate and channel count (the official writer's
     * defaults are 0) the task cannot be created, so such a model gets the generic wrapper.
     */
    private boolean isAudio(TensorSpec input) {
      Optional<TensorMetadata> meta = metadata.inputTensorMetadata(input.index());
      if (meta.isEmpty() || contentType(meta.get()) != ContentProperties.AudioProperties) {
        return false;
      }
      String where = "input " + input.index() + " '" + input.javaName() + "'";
      if (input.type() != TensorType.FLOAT32) {
        warnings.add(where + " has AudioProperties but is "
            + enumName(TensorType.names, input.type()) + "; an AudioClassifier reads FLOAT32"
            + " samples, so it takes a TensorBuffer");
        return false;
      }
      AudioProperties properties = (AudioProperties)
          meta.get().content().contentProperties(new AudioProperties());
      if (properties.sampleRate() < 1 || properties.sampleRate() > Integer.MAX_VALUE
          || properties.channels() < 1 || properties.channels() > Integer.MAX_VALUE) {
        warnings.add(where + " has AudioProperties with sample rate " + properties.sampleRate()
            + " and " + properties.channels() + " channels; an AudioClassifier needs both"
            + " positive, so it takes a TensorBuffer");
        return false;
      }
      return true;
    }

    /**
     * Whether every output is a classification head as the classifier tasks read it: a
     * {@code [1, N]} or {@code [1, 1, 1, N]} UINT8 or FLOAT32 vector with axis labels.
     */
    private boolean classificationHeads(List<TensorSpec> outputs) {
      for (TensorSpec output : outputs) {
        int[] s = output.shape();
        boolean vector = (s.length == 2 && s[0] == 1)
            || (s.length == 4 && s[0] == 1 && s[1] == 1 && s[2] == 1);
        if (!vector || output.type() == TensorType.INT8) {
          return false;
        }
      }
      for (int i = 0; i < outputs.size(); i++) {
        boolean labelled = metadata.outputTensorMetadata(i)
            .map(t -> hasFile(t, AssociatedFileType.TENSOR_AXIS_LABELS)).orElse(false);
        if (!labelled) {
          return false;
        }
      }
      return !outputs.isEmpty();
    }

    /**
     * Whether four outputs are those of TFLite_Detection_PostProcess as ObjectDetector reads them:
     * all FLOAT32, one of them boxes with BoundingBoxProperties.
     */
    private boolean isDetector(List<TensorSpec> outputs) {
      boolean boxes = false;
      for (TensorSpec output : outputs) {
        if (output.type() != TensorType.FLOAT32) {
          return false;
        }
        boxes |= metadata.outputTensorMetadata(output.index()).map(ModelSpec::contentType)
            .orElse(ContentProperties.NONE) == ContentProperties.BoundingBoxProperties;
      }
      return boxes;
    }

    private String detectionsName() {
      Optional<ModelMetadata> model = metadata.modelMetadata();
      if (model.isPresent() && model.get().subgraphMetadataLength() == 1) {
        var graph = model.get().subgraphMetadata(0);
        for (int i = 0; i < graph.outputTensorGroupsLength(); i++) {
          TensorGroup group = graph.outputTensorGroups(i);
          String name = TensorNames.sanitize(group.name());
          if (!name.isEmpty()) {
            return name;
          }
        }
      }
      return "detections";
    }

    private static void checkType(Tensor tensor, String where) throws CodegenException {
      if (!SUPPORTED_TYPES.contains(tensor.type())) {
        throw new CodegenException("unsupported tensor: " + where + " '" + tensor.name()
            + "' is " + enumName(TensorType.names, tensor.type())
            + "; wrappers handle FLOAT32, UINT8 and INT8 tensors");
      }
    }
  }

  private static String defaultName(Optional<TensorMetadata> tensor, String side) {
    String name = tensor.map(t -> TensorNames.sanitize(t.name())).orElse("");
    if (!name.isEmpty()) {
      return name;
    }
    byte content = tensor.map(ModelSpec::contentType).orElse(ContentProperties.NONE);
    if (content == ContentProperties.ImageProperties) {
      return "image";
    }
    return content == ContentProperties.FeatureProperties ? "feature" : side;
  }

  private static byte contentType(TensorMetadata tensor) {
    return tensor.content() == null ? ContentProperties.NONE
        : tensor.content().contentPropertiesType();
  }

  private static String description(Optional<TensorMetadata> tensor) {
    return tensor.map(TensorMetadata::description).map(String::strip).orElse("");
  }

  private static boolean hasFile(TensorMetadata tensor, byte type) {
    return firstFile(tensor, type) != null;
  }

  private static String firstFile(TensorMetadata tensor, byte type) {
    for (int i = 0; i < tensor.associatedFilesLength(); i++) {
      if (tensor.associatedFiles(i).type() == type && tensor.associatedFiles(i).name() != null) {
        return tensor.associatedFiles(i).name();
      }
    }
    return null;
  }

  private static Optional<float[][]> normalization(TensorMetadata tensor) {
    for (int i = 0; i < tensor.processUnitsLength(); i++) {
      if (tensor.processUnits(i).optionsType() == ProcessUnitOptions.NormalizationOptions) {
        NormalizationOptions n = (NormalizationOptions)
            tensor.processUnits(i).options(new NormalizationOptions());
        float[] mean = new float[n.meanLength()];
        for (int k = 0; k < mean.length; k++) {
          mean[k] = n.mean(k);
        }
        float[] std = new float[n.stdLength()];
        for (int k = 0; k < std.length; k++) {
          std[k] = n.std(k);
        }
        return Optional.of(new float[][] {mean, std});
      }
    }
    return Optional.empty();
  }

  /** A schema enum's name, or the number for a value this schema version does not know. */
  private static String enumName(String[] names, byte value) {
    return value >= 0 && value < names.length ? names[value] : "type " + value;
  }

  private static int[] shape(Tensor tensor) {
    int[] shape = new int[tensor.shapeLength()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = tensor.shape(i);
    }
    return shape;
  }
}
