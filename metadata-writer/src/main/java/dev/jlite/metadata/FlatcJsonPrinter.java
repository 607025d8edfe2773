package dev.jlite.metadata;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Prints a tree of ordered maps, lists, strings and numbers exactly as flatc's text generator does
 * with {@code strict_json}: two-space indent, one member or element per line, an empty table as
 * <code>{</code> newline <code>}</code>, an empty vector as {@code [} and two newlines {@code ]},
 * floats in fixed notation with six decimals and trailing zeros dropped (one kept), non-ASCII as
 * {@code \\uXXXX}, and a final newline.
 */
final class FlatcJsonPrinter {
  private final StringBuilder out = new StringBuilder();

  private FlatcJsonPrinter() {}

  /** A float leaf, so that it is printed as flatc prints a {@code float} field. */
  record F32(float value) {}

  static String print(Map<String, Object> root) {
    FlatcJsonPrinter printer = new FlatcJsonPrinter();
    printer.value(root, 0);
    printer.out.append('\n');
    return printer.out.toString();
  }

  @SuppressWarnings("unchecked")
  private void value(Object value, int indent) {
    if (value instanceof Map<?, ?> map) {
      table((Map<String, Object>) map, indent);
    } else if (value instanceof List<?> list) {
      vector(list, indent);
    } else if (value instanceof String s) {
      string(s);
    } else if (value instanceof F32 f) {
      out.append(formatFloat(f.value()));
    } else {
      out.append(value);
    }
  }

  private void table(Map<String, Object> table, int indent) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> field : table.entrySet()) {
      out.append(first ? "\n" : ",\n");
      first = false;
      indent(indent + 2);
      string(field.getKey());
      out.append(": ");
      value(field.getValue(), indent + 2);
    }
    out.append('\n');
    indent(indent);
    out.append('}');
  }

  private void vector(List<?> list, int indent) {
    out.append("[\n");
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(",\n");
      }
      indent(indent + 2);
      value(list.get(i), indent + 2);
    }
    out.append('\n');
    indent(indent);
    out.append(']');
  }

  private void indent(int n) {
    out.append(" ".repeat(n));
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c >= ' ' && c <= '~') {
            out.append(c);
          } else {
            // Java strings are UTF-16, so a supplementary character already arrives as the
            // surrogate pair flatc prints.
            out.append(String.format("\\u%04X", (int) c));
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * A float as C++ prints it with {@code std::fixed << std::setprecision(6)} (the exact binary
   * value rounded half-even, as glibc does), then with trailing zeros removed but one kept after
   * the point, as flatc's {@code FloatToString} does.
   */
  static String formatFloat(float f) {
    if (Float.isNaN(f)) {
      return "nan";
    }
    if (Float.isInfinite(f)) {
      return f > 0 ? "inf" : "-inf";
    }
    String s = new BigDecimal(f).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    if (f == 0 && 1 / f < 0 || s.startsWith("0") && f < 0) {
      s = "-" + s;
    }
    int last = s.length() - 1;
    while (s.charAt(last) == '0') {
      last--;
    }
    return s.substring(0, s.charAt(last) == '.' ? last + 2 : last + 1);
  }
}
