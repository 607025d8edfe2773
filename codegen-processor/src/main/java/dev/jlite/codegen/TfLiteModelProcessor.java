package dev.jlite.codegen;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Generates a wrapper class for each {@link TfLiteModel} annotation, with {@link Codegen}. Every
 * failure (model not found, not a model, unsupported metadata, bad class name) is reported as a
 * compile error on the annotation; what the generator ignored in the metadata is reported as a
 * warning.
 */
@AutoService(Processor.class)
public final class TfLiteModelProcessor extends AbstractProcessor {
  private static final String ANNOTATION = TfLiteModel.class.getCanonicalName();
  private static final String CONTAINER = TfLiteModels.class.getCanonicalName();

  /** Qualified names generated so far, so that a second annotation naming one is an error. */
  private final Set<String> generated = new HashSet<>();

  /** Creates the processor; javac calls this through the service loader. */
  public TfLiteModelProcessor() {}

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ANNOTATION, CONTAINER);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(ModelLocator.MODEL_ROOTS);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    ModelLocator locator = new ModelLocator(processingEnv.getFiler(),
        processingEnv.getOptions().get(ModelLocator.MODEL_ROOTS));
    for (TypeElement annotation : annotations) {
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        for (AnnotationMirror mirror : models(element)) {
          generate(locator, element, mirror);
        }
      }
    }
    return true;
  }

  /** The {@code @TfLiteModel} mirrors on an element, also those inside the container. */
  private static List<AnnotationMirror> models(Element element) {
    List<AnnotationMirror> models = new ArrayList<>();
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      String name = ((TypeElement) mirror.getAnnotationType().asElement())
          .getQualifiedName().toString();
      if (name.equals(ANNOTATION)) {
        models.add(mirror);
      } else if (name.equals(CONTAINER)) {
        Object value = value(mirror, "value");
        if (value instanceof List<?> list) {
          for (Object item : list) {
            models.add((AnnotationMirror) ((AnnotationValue) item).getValue());
          }
        }
      }
    }
    return models;
  }

  private static Object value(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue().getValue();
      }
    }
    return null;
  }

  private void generate(ModelLocator locator, Element element, AnnotationMirror mirror) {
    Object path = value(mirror, "path");
    Object className = value(mirror, "className");
    if (!(path instanceof String resource)) {
      // javac has already reported the missing or ill-typed attribute.
      return;
    }
    String simpleName = className instanceof String s && !s.isEmpty() ? s
        : Codegen.defaultClassName(resource);
    PackageElement pkg = processingEnv.getElementUtils().getPackageOf(element);
    String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
    try {
      byte[] model = locator.read(resource);
      GeneratedSource source = Codegen.generate(ByteBuffer.wrap(model), packageName, simpleName,
          resource);
      for (String warning : source.warnings()) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING,
            "@TfLiteModel(path = \"" + resource + "\"): " + warning, element, mirror);
      }
      if (!generated.add(source.qualifiedName())) {
        error(element, mirror, "@TfLiteModel(path = \"" + resource + "\"): another @TfLiteModel"
            + " already generates " + source.qualifiedName() + "; give this one another className");
        return;
      }
      JavaFileObject file = processingEnv.getFiler().createSourceFile(source.qualifiedName(),
          element);
      try (Writer out = file.openWriter()) {
        out.write(source.source());
      }
    } catch (CodegenException | IllegalArgumentException e) {
      error(element, mirror, "@TfLiteModel(path = \"" + resource + "\"): " + e.getMessage());
    } catch (IOException e) {
      error(element, mirror, "@TfLiteModel(path = \"" + resource + "\"): cannot write "
          + (packageName.isEmpty() ? "" : packageName + ".") + simpleName + ": " + e.getMessage());
    } catch (RuntimeException e) {
      // A bug of ours must still end as an error on the annotation, not as a crash of javac.
      error(element, mirror, "@TfLiteModel(path = \"" + resource + "\"): internal error of the"
          + " jlite code generator, please report it: " + e);
    }
  }

  private void error(Element element, AnnotationMirror mirror, String message) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element, mirror);
  }
}
