package dev.jlite.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.engine.UnsupportedOperatorException;
import dev.jlite.metadata.BertNlClassifierWriter;
import dev.jlite.metadata.LabelFile;
import dev.jlite.metadata.Tokenizer;
import dev.jlite.schema.ModelBuilder;
import dev.jlite.schema.SubgraphBuilder;
import dev.jlite.schema.model.TensorType;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.Category;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.text.BertNLClassifier;
import dev.jlite.task.text.NLClassifier;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrappers of text classifiers, generated through javac and compiled with {@code -Xlint:all
 * -Werror}, give the results of {@code NLClassifier} and {@code BertNLClassifier}.
 */
class TextWrapperTest {
  private static final Path REGEX_MODEL = TestData.ROOT.resolve(
      "models/text/test_model_nl_classifier_with_regex_tokenizer.tflite");
  private static final Path STRING_MODEL =
      TestData.ROOT.resolve("models/text/test_model_nl_classifier.tflite");
  private static final String POSITIVE =
      "This is the best movie I've seen in recent years. Strongly recommend it!";
  private static final String NEGATIVE = "What a waste of my time.";

  @TempDir
  Path work;

  private Compilation compile(byte[] model, String className) throws Exception {
    Path resources = Files.createDirectories(work.resolve("resources"));
    Files.write(resources.resolve("model.tflite"), model);
    Compilation c = Compilation.compile(work, Map.of("demo/Models.java",
        "package demo;\n\nimport dev.jlite.codegen.TfLiteModel;\n\n@TfLiteModel(path ="
            + " \"model.tflite\", className = \"" + className + "\")\nfinal class Models {}\n"),
        List.of(resources), List.of());
    assertThat(c.success).as(c.report()).isTrue();
    assertThat(c.diagnostics).as(c.report()).isEmpty();
    return c;
  }

  private static Object call(Object target, String method, Object... args) throws Exception {
    for (var m : target.getClass().getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw (Exception) e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + method + " on " + target.getClass());
  }

  private static AutoCloseable newInstance(URLClassLoader loader, String className)
      throws Exception {
    try {
      return (AutoCloseable) loader.loadClass(className).getMethod("newInstance").invoke(null);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void regexTokenizerWrapperGivesNlClassifierResultsOnBothReviews() throws Exception {
    Compilation c = compile(Files.readAllBytes(REGEX_MODEL), "Reviews");
    assertThat(c.source("demo.Reviews")).contains("private final NLClassifier delegate;",
        "public Outputs process(String text)",
        "public static Reviews newInstance(NLClassifier.Options options)",
        "public List<Category> getProbabilityAsCategoryList()");
    List<Category> positive;
    List<Category> negative;
    try (NLClassifier classifier = NLClassifier.create(REGEX_MODEL)) {
      positive = classifier.classify(POSITIVE);
      negative = classifier.classify(NEGATIVE);
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = newInstance(loader, "demo.Reviews")) {
      assertThat(call(call(wrapper, "process", POSITIVE), "getProbabilityAsCategoryList"))
          .isEqualTo(positive);
      assertThat(call(call(wrapper, "process", NEGATIVE), "getProbabilityAsCategoryList"))
          .isEqualTo(negative);
      assertThatThrownBy(() -> call(wrapper, "process", "  "))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
    }
    // The official C++ test's values for the negative review; the positive one leans positive.
    assertThat(negative).extracting(Category::label).containsExactly("Negative", "Positive");
    assertThat(negative.get(0).score()).isCloseTo(0.81312954f, within(1e-6f));
    assertThat(positive.get(1).score()).isGreaterThan(positive.get(0).score());
  }

  /**
   * A STRING-input model tokenizes with custom operators that the user registers through the
   * options; without them the wrapper fails to load as NLClassifier does, with them it gives
   * NLClassifier's results. The operators here write the scores {255, 510, 765} and the labels
   * "label0" to "label2" whatever the text, as the official test operators do for "hello".
   */
  @Test
  void stringInputWrapperRunsWithTheCustomOperatorsTheOptionsRegister() throws Exception {
    byte[] model = Files.readAllBytes(STRING_MODEL);
    Compilation c = compile(model, "Strings");
    assertThat(c.source("demo.Strings")).contains("private final NLClassifier delegate;",
        "public Outputs process(String text)");
    assertThatThrownBy(() -> NLClassifier.create(ByteBuffer.wrap(model),
        NLClassifier.Options.DEFAULT)).isInstanceOf(UnsupportedOperatorException.class);
    OpResolver resolver = OpResolver.builder().addAll(OpResolver.builtin())
        .addCustom("CUSTOM_OP_STRING_TO_FLOATS", Fixed::new)
        .addCustom("CUSTOM_OP_STRING_TO_DOUBLES", Fixed::new)
        .addCustom("CUSTOM_OP_STRING_TO_BOOLS", Fixed::new)
        .addCustom("CUSTOM_OP_GENERATE_LABELS", Fixed::new).build();
    NLClassifier.Options options = NLClassifier.Options.builder()
        .setBaseOptions(BaseOptions.builder().setOpResolver(resolver).build()).build();
    List<Category> expected;
    try (NLClassifier classifier = NLClassifier.create(ByteBuffer.wrap(model), options)) {
      expected = classifier.classify("hello");
    }
    try (URLClassLoader loader = c.loader()) {
      Class<?> type = loader.loadClass("demo.Strings");
      assertThatThrownBy(() -> newInstance(loader, "demo.Strings"))
          .isInstanceOf(UnsupportedOperatorException.class)
          .hasMessageContaining("CUSTOM_OP_STRING_TO_FLOATS");
      try (AutoCloseable wrapper = (AutoCloseable) type
          .getMethod("newInstance", NLClassifier.Options.class).invoke(null, options)) {
        Object outputs = call(wrapper, "process", "hello");
        assertThat(call(outputs, "getOutput1AsCategoryList")).isEqualTo(expected);
      }
    }
    assertThat(expected).extracting(Category::label, Category::score)
        .containsExactly(tuple("0", 255f), tuple("1", 510f), tuple("2", 765f));
  }

  /** Writes 3 values into its output: 255, 510, 765 as numbers, "label0" to "label2" as text. */
  private static final class Fixed implements Kernel {
    @Override
    public void prepare(Node node) {
      node.resizeOutput(0, 3);
    }

    @Override
    public void eval(Node node) {
      var out = node.output(0);
      int at = out.offset();
      for (int i = 0; i < 3; i++) {
        switch (out.dataType()) {
          case FLOAT32 -> out.floats()[at + i] = 255 * (i + 1);
          case FLOAT64 -> out.doubles()[at + i] = 255 * (i + 1);
          case STRING -> out.strings()[at + i] = ("label" + i).getBytes(StandardCharsets.UTF_8);
          default -> throw new IllegalStateException("no test values for " + out.dataType());
        }
      }
    }
  }

  /**
   * Two STRING inputs: text, but neither task reads it so (NLClassifier takes one STRING input),
   * so the error names both tasks' forms rather than the STRING tensor type.
   */
  @Test
  void textInAFormNeitherTaskReadsIsRefused() {
    ModelBuilder model = new ModelBuilder();
    SubgraphBuilder main = model.addSubgraph("main");
    int first = main.addTensor("first", TensorType.STRING, 1);
    int second = main.addTensor("second", TensorType.STRING, 1);
    main.inputs(first, second).outputs(first);
    assertThatThrownBy(() -> Codegen.generate(ByteBuffer.wrap(model.build()), "p", "Two",
        "two.tflite"))
        .isInstanceOf(CodegenException.class)
        .hasMessage("unsupported model: it takes text (2 STRING inputs among 2), but neither"
            + " NLClassifier (a RegexTokenizerOptions on the input, or one STRING input) nor"
            + " BertNLClassifier (a BERT or SentencePiece tokenizer in the subgraph's input"
            + " process units) reads it so");
  }

  /**
   * The stand-in's output is the mean of the ids' table rows: "good" is id 4, with [CLS] and
   * [SEP] (ids 2, 3) and one padding 0 around it, so it scores (4 / 4, 0); "bad" (id 5) the
   * reverse.
   */
  @Test
  void bertWrapperWrittenByTheWriterGivesBertNlClassifierResults() throws Exception {
    Path vocab = Files.writeString(work.resolve("vocab.txt"),
        "[PAD]\n[UNK]\n[CLS]\n[SEP]\ngood\nbad\n");
    Path labels = Files.writeString(work.resolve("labels.txt"), "positive\nnegative\n");
    byte[] model = BertNlClassifierWriter.createForInference(SyntheticModels.bertStandIn(),
        new Tokenizer.Bert(vocab), List.of(LabelFile.of(labels))).populate();
    Compilation c = compile(model, "Bert");
    assertThat(c.source("demo.Bert")).contains("private final BertNLClassifier delegate;",
        "public Outputs process(String text)",
        "public List<Category> getProbabilityAsCategoryList()");
    List<Category> good;
    List<Category> bad;
    try (BertNLClassifier classifier =
        BertNLClassifier.create(ByteBuffer.wrap(model), BertNLClassifier.Options.DEFAULT)) {
      good = classifier.classify("Good");
      bad = classifier.classify("bad");
    }
    try (URLClassLoader loader = c.loader();
        AutoCloseable wrapper = newInstance(loader, "demo.Bert")) {
      assertThat(call(call(wrapper, "process", "Good"), "getProbabilityAsCategoryList"))
          .isEqualTo(good);
      assertThat(call(call(wrapper, "process", "bad"), "getProbabilityAsCategoryList"))
          .isEqualTo(bad);
    }
    assertThat(good).extracting(Category::label, Category::score)
        .containsExactly(tuple("positive", 1f), tuple("negative", 0f));
    assertThat(bad).extracting(Category::label, Category::score)
        .containsExactly(tuple("positive", 0f), tuple("negative", 1f));
  }
}
