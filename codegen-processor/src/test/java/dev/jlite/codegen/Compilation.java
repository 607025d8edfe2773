package dev.jlite.codegen;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles sources with the JDK's compiler, {@code -Xlint:all -Werror}, the processor under test
 * and the test class path (plus extra entries), as a user's build would.
 */
final class Compilation {
  final boolean success;
  final List<Diagnostic<? extends JavaFileObject>> diagnostics;
  final Path classes;
  final Path generated;
  private final List<Path> runtimePath;

  private Compilation(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics,
      Path classes, Path generated, List<Path> runtimePath) {
    this.success = success;
    this.diagnostics = diagnostics;
    this.classes = classes;
    this.generated = generated;
    this.runtimePath = runtimePath;
  }

  /**
   * Compiles {@code sources} (relative path to text) under {@code work}.
   *
   * @param classPath extra class path entries, also used to run the result
   * @param options extra javac options
   */
  static Compilation compile(Path work, Map<String, String> sources, List<Path> classPath,
      List<String> options) throws IOException {
    Path src = work.resolve("src");
    Path classes = Files.createDirectories(work.resolve("classes"));
    Path generated = Files.createDirectories(work.resolve("generated"));
    List<File> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      files.add(file.toFile());
    }
    List<String> path = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (Files.exists(Path.of(entry))) {
        path.add(entry);
      }
    }
    classPath.forEach(p -> path.add(p.toString()));
    List<String> args = new ArrayList<>(List.of("-Xlint:all", "-Werror", "--release", "17",
        "-d", classes.toString(), "-s", generated.toString(),
        "-classpath", String.join(File.pathSeparator, path)));
    args.addAll(options);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavaCompiler.CompilationTask task = compiler.getTask(null, fm, diagnostics, args, null,
          fm.getJavaFileObjectsFromFiles(files));
      task.setProcessors(List.of(new TfLiteModelProcessor()));
      boolean ok = task.call();
      List<Path> runtime = new ArrayList<>(List.of(classes));
      runtime.addAll(classPath);
      return new Compilation(ok, diagnostics.getDiagnostics(), classes, generated, runtime);
    }
  }

  /** The diagnostics, one per line, as "KIND line: message". */
  String report() {
    return diagnostics.stream()
        .map(d -> d.getKind() + " " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }

  /** The text of a generated source file, by qualified class name. */
  String source(String qualifiedName) throws IOException {
    return Files.readString(generated.resolve(qualifiedName.replace('.', '/') + ".java"));
  }

  /** The generated source files, relative to the generated source root. */
  List<String> generatedFiles() throws IOException {
    try (Stream<Path> files = Files.walk(generated)) {
      return files.filter(Files::isRegularFile).map(p -> generated.relativize(p).toString())
          .sorted().toList();
    }
  }

  /** A class loader over the compiled classes and the extra class path, above the test's. */
  URLClassLoader loader() throws IOException {
    List<URL> urls = new ArrayList<>();
    for (Path p : runtimePath) {
      urls.add(p.toUri().toURL());
    }
    return new URLClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader());
  }
}
