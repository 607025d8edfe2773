package dev.jlite.task.core.ops;

import dev.jlite.task.core.TensorImage;

/** An operation on an image that gives an image (resize, crop, rotate). */
@FunctionalInterface
public interface ImageOperator {
  TensorImage apply(TensorImage image);
}
