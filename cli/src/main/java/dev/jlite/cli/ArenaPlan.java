package dev.jlite.cli;

import dev.jlite.engine.Interpreter;
import dev.jlite.schema.InvalidModelException;
import dev.jlite.schema.ModelFile;

/**
 * The memory the interpreter plans for a model's non-constant tensors (subgraph 0), or why it
 * cannot say: a model the engine cannot prepare (an operator without a kernel, a node that cannot
 * work) still gets inspected.
 *
 * @param bytes the arena size, or null when unavailable
 * @param unavailable the reason, or null when known
 */
record ArenaPlan(Long bytes, String unavailable) {
  static ArenaPlan of(ModelFile model) {
    try (Interpreter interpreter = new Interpreter(model)) {
      return new ArenaPlan(interpreter.arenaBytes(), null);
    } catch (InvalidModelException e) {
      String reason = e.getMessage();
      String prefix = model.source() + ": ";
      return new ArenaPlan(null, reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
    }
  }

  String describe() {
    return bytes != null ? bytes + " bytes" : "unknown (" + unavailable + ")";
  }
}
