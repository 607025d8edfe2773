package dev.jlite.cli;

import java.util.ArrayList;
import java.util.List;

/** Rows of cells printed in left-aligned columns, two spaces apart, for the text reports. */
final class TextTable {
  private final List<List<String>> rows = new ArrayList<>();

  TextTable row(String... cells) {
    rows.add(List.of(cells));
    return this;
  }

  /** Appends the table, each row indented by {@code indent} and ended by a line separator. */
  void appendTo(StringBuilder text, String indent) {
    List<Integer> widths = new ArrayList<>();
    for (List<String> row : rows) {
      for (int column = 0; column < row.size(); column++) {
        int width = row.get(column).length();
        if (column == widths.size()) {
          widths.add(width);
        } else if (width > widths.get(column)) {
          widths.set(column, width);
        }
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int column = 0; column < row.size(); column++) {
        String cell = row.get(column);
        line.append(cell);
        if (column < row.size() - 1) {
          line.append(" ".repeat(widths.get(column) - cell.length() + 2));
        }
      }
      text.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
  }
}
