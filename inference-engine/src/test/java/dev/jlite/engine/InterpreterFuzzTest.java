package dev.jlite.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jlite.schema.InvalidModelException;
import java.nio.ByteBuffer;

/**
 * Any bytes given to the interpreter either load, prepare and run (on zero inputs), or fail with the
 * documented exceptions: {@link InvalidModelException} (which includes unsupported operators) while
 * loading or preparing, {@link InferenceException} while running. Anything else escaping (an index
 * out of bounds, an arithmetic exception, a negative array size) is a finding. Saved inputs in
 * {@code InterpreterFuzzTestInputs/loadAndRun} — single-operator models of many kinds and their
 * mutations — replay in every build; run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class InterpreterFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void loadAndRun(byte[] data) {
    try (Interpreter interpreter = new Interpreter(ByteBuffer.wrap(data))) {
      interpreter.invoke();
    } catch (InvalidModelException | InferenceException expected) {
      // The clean ways to refuse a model or an input.
    }
  }
}
