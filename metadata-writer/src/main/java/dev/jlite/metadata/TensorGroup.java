package dev.jlite.metadata;

import java.util.List;

/**
 * Tensors of equal length read together (a detector's boxes, classes and scores); metadata schema
 * table {@code TensorGroup} (schema 1.2.0). Either field may be {@code null}.
 */
public record TensorGroup(String name, List<String> tensorNames) {
  public TensorGroup {
    tensorNames = Lists.copy(tensorNames);
  }
}
