package dev.jlite.codegen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the jlite annotation processor to generate a typed wrapper for a {@code .tflite} model, in
 * the package of the annotated package or type.
 *
 * <p>{@link #path()} is a class path resource name such as {@code "models/mobilenet.tflite"}. At
 * compile time the processor reads the file from, in order: each directory of the processor option
 * {@code -Ajlite.codegen.modelRoots=dir1:dir2} (separated by the platform's path separator), the
 * compile class path ({@code StandardLocation.CLASS_PATH}: Maven copies {@code src/main/resources}
 * to {@code target/classes} before compiling, and that directory is on it), then the source path
 * ({@code StandardLocation.SOURCE_PATH}). At run time, {@code newInstance()} loads the same
 * resource name from the class path.
 *
 * <p>Retention is {@code SOURCE}: compiled classes keep no trace of the annotation, so the
 * processor artifact is needed at compile time only (Maven scope {@code provided}).
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Repeatable(TfLiteModels.class)
public @interface TfLiteModel {
  /** The model's class path resource name, relative, with {@code /} separators. */
  String path();

  /**
   * The simple name of the generated class; empty (the default) derives it from the file name in
   * UpperCamelCase ({@code mobilenet_v1.tflite} gives {@code MobilenetV1}).
   */
  String className() default "";
}
