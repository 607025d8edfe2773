package dev.jlite.schema.testing;

import dev.jlite.schema.ModelFile;
import dev.jlite.schema.model.BuiltinOperator;

/**
 * One node of real TFLite's execution plan: the kernel registration it runs.
 *
 * @param builtinCode the {@code BuiltinOperator} code; {@code CUSTOM} for custom operators and
 *     {@code DELEGATE} for a node a delegate such as XNNPACK took over
 * @param customName the custom operator or delegate name, or {@code null} for builtin kernels
 * @param version the kernel version TFLite registered
 */
public record OracleOperator(int builtinCode, String customName, int version) {
  /** The custom or delegate name if there is one, otherwise the builtin name such as {@code CONV_2D}. */
  public String name() {
    if (customName != null
        && (builtinCode == BuiltinOperator.CUSTOM || builtinCode == BuiltinOperator.DELEGATE)) {
      return customName;
    }
    return ModelFile.builtinName(builtinCode);
  }
}
