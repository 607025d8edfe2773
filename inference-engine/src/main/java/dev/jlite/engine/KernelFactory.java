package dev.jlite.engine;

/** Makes a fresh {@link Kernel} for each node that uses an operator. */
@FunctionalInterface
public interface KernelFactory {
  Kernel create();
}
