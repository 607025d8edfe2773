package dev.jlite.cli;

import dev.jlite.codegen.Codegen;
import dev.jlite.codegen.CodegenException;
import dev.jlite.codegen.GeneratedSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jlite codegen MODEL --package P [--class C] --out DIR}: the wrapper {@code @TfLiteModel}
 * generates, written outside a build.
 */
@Command(
    name = "codegen",
    mixinStandardHelpOptions = true,
    description = "Generate the typed Java wrapper of a model (as @TfLiteModel does at compile"
        + " time) under a source directory.")
final class CodegenCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "The .tflite file.")
  private Path modelPath;

  @Option(names = "--package", required = true, paramLabel = "P",
      description = "Package of the wrapper.")
  private String packageName;

  @Option(names = "--class", paramLabel = "C",
      description = "Simple class name (default: the model's file name in UpperCamelCase).")
  private String className;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Source root; the file goes to DIR/<package path>/<C>.java.")
  private Path out;

  @Option(names = "--resource", paramLabel = "NAME",
      description = "Class path resource newInstance() loads (default: the model's file name).")
  private String resource;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    ModelLoader.open(modelPath);
    String fileName = modelPath.getFileName().toString();
    String name = className != null ? className : Codegen.defaultClassName(fileName);
    GeneratedSource source;
    try {
      source = Codegen.generate(ByteBuffer.wrap(Files.readAllBytes(modelPath)),
          packageName, name, resource != null ? resource : fileName);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    } catch (CodegenException e) {
      throw new CommandFailure(Jlite.EXIT_INVALID_MODEL, modelPath + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new CommandFailure(Jlite.EXIT_INVALID_MODEL, "cannot read " + modelPath + ": " + e, e);
    }
    Path target = out.resolve(source.relativePath());
    try {
      Files.createDirectories(target.getParent());
      // Written next to the target and moved, so that a failure never leaves half a file.
      Path partial = Files.createTempFile(target.getParent(), name, ".java.partial");
      try {
        Files.writeString(partial, source.source());
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new CommandFailure(Jlite.EXIT_UNEXPECTED, "cannot write " + target + ": " + e, e);
    }
    PrintWriter err = spec.commandLine().getErr();
    for (String warning : source.warnings()) {
      err.println("jlite: warning: " + warning);
    }
    err.flush();
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(target);
    stdout.flush();
    return 0;
  }
}
