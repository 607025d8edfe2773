package dev.jlite.task.core;

/** How {@link TensorImage#resize} samples the source image. */
public enum ResizeMethod {
  BILINEAR,
  NEAREST_NEIGHBOR
}
