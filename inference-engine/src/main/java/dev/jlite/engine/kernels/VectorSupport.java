package dev.jlite.engine.kernels;

/**
 * The one place that decides, once per JVM, whether kernels use the Vector API
 * ({@code jdk.incubator.vector}) or their plain scalar loops.
 *
 * <p>The vector path needs the module in the boot layer ({@code --add-modules
 * jdk.incubator.vector}); the system property {@code jlite.vector=false} turns it off. Classes that
 * reference the module are only loaded when this says so, so a JVM without it never touches them.
 */
final class VectorSupport {
  /** Whether the vector kernels are used. */
  static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !"false".equalsIgnoreCase(System.getProperty("jlite.vector"));

  private VectorSupport() {}
}
