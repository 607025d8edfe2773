package dev.jlite.task.core.ops;

import dev.jlite.task.core.TensorBuffer;

/** An operation on tensor values that gives tensor values (normalize, quantize, cast). */
@FunctionalInterface
public interface TensorOperator {
  TensorBuffer apply(TensorBuffer buffer);
}
