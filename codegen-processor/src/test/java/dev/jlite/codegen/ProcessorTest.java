package dev.jlite.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.schema.model.TensorType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the processor finds models (option, class path, source path), package annotations, and the
 * compile errors it reports on the annotation for bad annotations and models.
 */
class ProcessorTest {
  @TempDir
  Path work;

  private static final String HEADER = "package demo;\n\nimport dev.jlite.codegen.TfLiteModel;\n\n";

  private Compilation compile(String annotations, List<Path> classPath, List<String> options)
      throws Exception {
    return Compilation.compile(work, Map.of("demo/Models.java",
        HEADER + annotations + "\nfinal class Models {}\n"), classPath, options);
  }

  /** Asserts one error, on the annotation's line (5), with the message. */
  private static void assertError(Compilation c, String message) {
    assertThat(c.success).isFalse();
    assertThat(c.diagnostics).as(c.report()).hasSize(1);
    Diagnostic<?> d = c.diagnostics.get(0);
    assertThat(d.getKind()).isEqualTo(Diagnostic.Kind.ERROR);
    assertThat(d.getLineNumber()).isEqualTo(5);
    assertThat(d.getMessage(Locale.ROOT)).isEqualTo(message);
  }

  @Test
  void modelRootsOptionIsSearchedFirst() throws Exception {
    Path root = TestData.place(TestData.CLASSIFIER, work.resolve("models"), "m/net.tflite");
    Compilation c = compile("@TfLiteModel(path = \"m/net.tflite\", className = \"Net\")",
        List.of(), List.of("-A" + ModelLocator.MODEL_ROOTS + "=" + work.resolve("nothing")
            + java.io.File.pathSeparator + root));
    assertThat(c.diagnostics).as(c.report()).isEmpty();
    assertThat(c.generatedFiles()).containsExactly("demo/Net.java");
  }

  @Test
  void sourcePathIsSearchedAfterTheClassPath() throws Exception {
    Path sources = TestData.place(TestData.CLASSIFIER, work.resolve("srcpath"), "net.tflite");
    Compilation c = compile("@TfLiteModel(path = \"net.tflite\")", List.of(),
        List.of("-sourcepath", sources.toString()));
    assertThat(c.diagnostics).as(c.report()).isEmpty();
    assertThat(c.generatedFiles()).containsExactly("demo/Net.java");
  }

  @Test
  void packageAnnotationGeneratesOneWrapperPerModelInThatPackage() throws Exception {
    Path resources = TestData.place(TestData.CLASSIFIER, work.resolve("res"), "a/mobilenet.tflite");
    TestData.place(TestData.DETECTOR, resources, "b/ssd.tflite");
    Compilation c = Compilation.compile(work, Map.of("shop/package-info.java",
        "@TfLiteModel(path = \"a/mobilenet.tflite\")\n"
            + "@TfLiteModel(path = \"b/ssd.tflite\", className = \"Detector\")\n"
            + "package shop;\n\nimport dev.jlite.codegen.TfLiteModel;\n"),
        List.of(resources), List.of());
    assertThat(c.diagnostics).as(c.report()).isEmpty();
    assertThat(c.generatedFiles()).containsExactly("shop/Detector.java", "shop/Mobilenet.java");
  }

  @Test
  void missingModelIsAnErrorNamingWhereItLooked() throws Exception {
    assertError(compile("@TfLiteModel(path = \"models/missing.tflite\")", List.of(), List.of()),
        "@TfLiteModel(path = \"models/missing.tflite\"): model file 'models/missing.tflite' not"
            + " found in the class path or the source path");
  }

  @Test
  void fileThatIsNotAModelIsAnError() throws Exception {
    Path resources = work.resolve("res");
    Files.createDirectories(resources.resolve("models"));
    Files.writeString(resources.resolve("models/labels.tflite"), "cheeseburger\nhotdog\n");
    Compilation c = compile("@TfLiteModel(path = \"models/labels.tflite\")", List.of(resources),
        List.of());
    assertThat(c.diagnostics).hasSize(1);
    assertThat(c.diagnostics.get(0).getMessage(Locale.ROOT))
        .startsWith("@TfLiteModel(path = \"models/labels.tflite\"): not a valid TFLite model: ");
    assertThat(c.diagnostics.get(0).getLineNumber()).isEqualTo(5);
  }

  @Test
  void absoluteOrParentPathsAreErrors() throws Exception {
    assertError(compile("@TfLiteModel(path = \"../x.tflite\")", List.of(), List.of()),
        "@TfLiteModel(path = \"../x.tflite\"): model path '../x.tflite' must be a relative class"
            + " path resource name with / separators, such as models/model.tflite");
  }

  @Test
  void invalidClassNamesAreErrors() throws Exception {
    Path resources = TestData.place(TestData.CLASSIFIER, work.resolve("res"), "m.tflite");
    assertError(compile("@TfLiteModel(path = \"m.tflite\", className = \"class\")",
        List.of(resources), List.of()),
        "@TfLiteModel(path = \"m.tflite\"): 'class' is not a valid class name");
  }

  @Test
  void nestedResultClassNameIsRefusedAsWrapperName() throws Exception {
    Path resources = TestData.place(TestData.CLASSIFIER, work.resolve("res"), "m.tflite");
    assertError(compile("@TfLiteModel(path = \"m.tflite\", className = \"Outputs\")",
        List.of(resources), List.of()),
        "@TfLiteModel(path = \"m.tflite\"): 'Outputs' is the name of the wrapper's nested result"
            + " class; choose another class name");
  }

  @Test
  void floatImageWithoutNormalizationIsUnsupportedMetadata() throws Exception {
    Path resources = Files.createDirectories(work.resolve("res"));
    Files.write(resources.resolve("float.tflite"),
        SyntheticModels.floatImageWithoutNormalization());
    assertError(compile("@TfLiteModel(path = \"float.tflite\")", List.of(resources), List.of()),
        "@TfLiteModel(path = \"float.tflite\"): unsupported metadata: input 0 'input_image' is a"
            + " FLOAT32 image without NormalizationOptions, so pixels cannot be scaled");
  }

  @Test
  void labelFileWithTheWrongNumberOfLabelsIsUnsupportedMetadata() throws Exception {
    Path resources = Files.createDirectories(work.resolve("res"));
    Files.write(resources.resolve("labelled.tflite"), SyntheticModels.head("a\nb\n", null));
    assertError(compile("@TfLiteModel(path = \"labelled.tflite\")", List.of(resources), List.of()),
        "@TfLiteModel(path = \"labelled.tflite\"): unsupported metadata: output 0 'out' has 3"
            + " classes but its label file 'labels.txt' has 2 labels");
  }

  @Test
  void labelFileWithOneLabelPerClassGivesACategoryList() throws Exception {
    Path resources = Files.createDirectories(work.resolve("res"));
    Files.write(resources.resolve("labelled.tflite"),
        SyntheticModels.head("red\ngreen\nblue", null));
    Compilation c = compile("@TfLiteModel(path = \"labelled.tflite\")", List.of(resources),
        List.of());
    assertThat(c.diagnostics).as(c.report()).isEmpty();
    assertThat(c.source("demo.Labelled")).contains("public List<Category> getOutAsCategoryList()");
  }

  @Test
  void ignoredMetadataIsAWarningOnTheAnnotation() throws Exception {
    Path resources = Files.createDirectories(work.resolve("res"));
    Files.write(resources.resolve("int8.tflite"), SyntheticModels.relu(TensorType.INT8,
        new String[] {"image"}, new String[] {"out"}));
    Compilation c = compile("@TfLiteModel(path = \"int8.tflite\")", List.of(resources),
        List.of());
    // -Werror turns it into a failed build, as a user who asked for that would want.
    assertThat(c.success).isFalse();
    assertThat(c.diagnostics).as(c.report()).hasSize(2);
    Diagnostic<?> warning = c.diagnostics.get(0);
    assertThat(warning.getKind()).isEqualTo(Diagnostic.Kind.WARNING);
    assertThat(warning.getLineNumber()).isEqualTo(5);
    assertThat(warning.getMessage(Locale.ROOT)).isEqualTo("@TfLiteModel(path = \"int8.tflite\"):"
        + " input 0 'image' is an RGB image of shape [1, 4, 4, 3] and type INT8; a TensorImage"
        + " fills [1, height, width, 3] UINT8 or FLOAT32 inputs only, so it takes a TensorBuffer");
    assertThat(c.source("demo.Int8")).contains("public synchronized Outputs process(TensorBuffer"
        + " image)");
  }

  @Test
  void textModelWithoutMetadataIsUnsupported() throws Exception {
    Path resources = TestData.place(TestData.ROOT.resolve("models/text/movie_review.tflite"),
        work.resolve("res"), "review.tflite");
    assertError(compile("@TfLiteModel(path = \"review.tflite\")", List.of(resources), List.of()),
        "@TfLiteModel(path = \"review.tflite\"): unsupported tensor: input 0 'input_3' is INT32;"
            + " wrappers handle FLOAT32, UINT8 and INT8 tensors");
  }

  @Test
  void twoAnnotationsForOneClassAreAnErrorNotACrash() throws Exception {
    Path resources = TestData.place(TestData.CLASSIFIER, work.resolve("res"), "m.tflite");
    Compilation c = compile("@TfLiteModel(path = \"m.tflite\", className = \"Same\")\n"
        + "@TfLiteModel(path = \"m.tflite\", className = \"Same\")", List.of(resources), List.of());
    assertThat(c.success).isFalse();
    assertThat(c.diagnostics).as(c.report()).hasSize(1);
    assertThat(c.diagnostics.get(0).getMessage(Locale.ROOT))
        .isEqualTo("@TfLiteModel(path = \"m.tflite\"): another @TfLiteModel already generates"
            + " demo.Same; give this one another className");
  }
}
