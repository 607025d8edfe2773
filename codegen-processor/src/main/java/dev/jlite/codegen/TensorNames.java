package dev.jlite.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Java names for tensors, by the rules of TFLite's code generator: lower case, anything but
 * letters, digits and {@code _} becomes {@code _}, leading {@code _} dropped, {@code tensor_} in
 * front of a name that does not start with a letter; a name both sides use gets {@code input_} or
 * {@code output_}; names repeated within a side get {@code 1, 2, ...}. Unlike the original, a
 * suffix that lands on a name already taken is increased until the name is free, and Java keywords
 * get {@code tensor_} in front, so that the names are always distinct and valid.
 */
final class TensorNames {
  private TensorNames() {}

  /** The valid snake_case form of a metadata name, or "" if nothing is left of it. */
  static String sanitize(String name) {
    if (name == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      b.append(c == '_' || isAsciiAlnum(c) ? c : '_');
    }
    int start = 0;
    while (start < b.length() && b.charAt(start) == '_') {
      start++;
    }
    String result = b.substring(start);
    if (result.isEmpty()) {
      return "";
    }
    return Character.isLetter(result.charAt(0)) ? result : "tensor_" + result;
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /**
   * Resolves the names of both sides in place.
   *
   * @param inputs sanitized input names (or defaults), changed in place
   * @param outputs sanitized output names (or defaults), changed in place
   */
  static void resolve(List<String> inputs, List<String> outputs) {
    Set<String> both = new HashSet<>(inputs);
    both.retainAll(new HashSet<>(outputs));
    inputs.replaceAll(n -> both.contains(n) ? "input_" + n : n);
    outputs.replaceAll(n -> both.contains(n) ? "output_" + n : n);
    numberRepeats(inputs);
    numberRepeats(outputs);
    Set<String> taken = new HashSet<>();
    for (List<String> side : List.of(inputs, outputs)) {
      side.replaceAll(n -> {
        String name = SourceVersion.isKeyword(camel(n)) ? "tensor_" + n : n;
        String free = name;
        for (int k = 2; !taken.add(camel(free)); k++) {
          free = name + k;
        }
        return free;
      });
    }
  }

  private static void numberRepeats(List<String> names) {
    Map<String, Integer> counts = new HashMap<>();
    List<String> original = new ArrayList<>(names);
    for (String n : original) {
      counts.merge(n, 1, Integer::sum);
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String n = original.get(i);
      if (counts.get(n) > 1) {
        names.set(i, n + seen.merge(n, 1, Integer::sum));
      }
    }
  }

  /** snake_case to lowerCamelCase: each {@code _} dropped, the character after it upper-cased. */
  static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return b.toString();
  }

  /** snake_case to UpperCamelCase. */
  static String upperCamel(String snake) {
    String camel = camel(snake);
    return camel.isEmpty() ? camel : Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
  }
}
