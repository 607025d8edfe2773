/** Compile-time generation of typed model wrappers from {@code .tflite} metadata. */
package dev.jlite.codegen;
