package dev.jlite.codegen;

import java.util.List;

/**
 * A generated wrapper: its package, simple name and Java source, and what the generator ignored.
 *
 * @param packageName the package ("" for the unnamed package)
 * @param className the simple class name
 * @param source the Java source text
 * @param warnings what the generator ignored in the metadata, one sentence each
 */
public record GeneratedSource(String packageName, String className, String source,
    List<String> warnings) {

  /** Checks and copies the parts. */
  public GeneratedSource {
    warnings = List.copyOf(warnings);
  }

  /** The qualified class name. */
  public String qualifiedName() {
    return packageName.isEmpty() ? className : packageName + "." + className;
  }

  /** Where the source belongs under a source root, with {@code /} separators. */
  public String relativePath() {
    return qualifiedName().replace('.', '/') + ".java";
  }
}
