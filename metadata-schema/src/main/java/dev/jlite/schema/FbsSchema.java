package dev.jlite.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary layout of the tables in a FlatBuffers schema, parsed from the same {@code .fbs} file that
 * flatc generates the accessors from, so the verifier and the accessors cannot disagree.
 *
 * <p>Only the subset of the schema language our two schemas use is understood: namespace, file
 * identifier and extension, root type, attributes, enums, unions and tables (no structs, no includes).
 */
final class FbsSchema {

  /** How a field is stored. */
  enum Kind { SCALAR, STRING, TABLE, UNION, VECTOR_SCALAR, VECTOR_STRING, VECTOR_TABLE }

  /**
   * One field of a table.
   *
   * @param slot vtable slot of the field (for a union: of its value; the type is at {@code slot - 1})
   * @param size byte size of a scalar or of a scalar vector's elements, else 4
   * @param target table name (TABLE, VECTOR_TABLE) or union name (UNION), else null
   */
  record Field(String name, int slot, Kind kind, int size, String target, boolean deprecated) {}

  record Table(String name, List<Field> fields) {}

  /** Union members by type code (1-based; index 0 is NONE). */
  record Union(String name, List<String> members) {}

  private static final Map<String, Integer> SCALAR_SIZES = Map.ofEntries(
      Map.entry("bool", 1), Map.entry("byte", 1), Map.entry("ubyte", 1), Map.entry("int8", 1),
      Map.entry("uint8", 1), Map.entry("short", 2), Map.entry("ushort", 2), Map.entry("int16", 2),
      Map.entry("uint16", 2), Map.entry("int", 4), Map.entry("uint", 4), Map.entry("int32", 4),
      Map.entry("uint32", 4), Map.entry("float", 4), Map.entry("float32", 4), Map.entry("long", 8),
      Map.entry("ulong", 8), Map.entry("int64", 8), Map.entry("uint64", 8), Map.entry("double", 8),
      Map.entry("float64", 8));

  private final String fileIdentifier;
  private final String rootType;
  private final Map<String, Table> tables;
  private final Map<String, Union> unions;

  private FbsSchema(String fileIdentifier, String rootType, Map<String, Table> tables,
      Map<String, Union> unions) {
    this.fileIdentifier = fileIdentifier;
    this.rootType = rootType;
    this.tables = tables;
    this.unions = unions;
  }

  String fileIdentifier() {
    return fileIdentifier;
  }

  Table root() {
    return table(rootType);
  }

  Table table(String name) {
    Table t = tables.get(name);
    if (t == null) {
      throw new IllegalStateException("schema has no table " + name);
    }
    return t;
  }

  Union union(String name) {
    return unions.get(name);
  }

  /** Loads a schema shipped as a resource next to this class. */
  static FbsSchema load(String resource) {
    try (InputStream in = FbsSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + resource);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FbsSchema parse(String text) {
    return new Parser(text).parse();
  }

  /** A tokenizer plus two passes: collect declarations, then resolve field types. */
  private static final class Parser {
    private final List<String> tokens = new ArrayList<>();
    private int pos;
    private String fileIdentifier;
    private String rootType;
    private final Map<String, Integer> enumSizes = new HashMap<>();
    private final Map<String, Union> unions = new LinkedHashMap<>();
    private final Map<String, List<RawField>> rawTables = new LinkedHashMap<>();

    private record RawField(String name, String type, boolean deprecated) {}

    Parser(String text) {
      tokenize(text);
    }

    private void tokenize(String s) {
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else if (c == '"') {
          int end = s.indexOf('"', i + 1);
          tokens.add(s.substring(i, end + 1));
          i = end + 1;
        } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') {
          int start = i;
          while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i))
              || s.charAt(i) == '_' || s.charAt(i) == '.' || s.charAt(i) == '-')) {
            i++;
          }
          tokens.add(s.substring(start, i));
        } else {
          tokens.add(String.valueOf(c));
          i++;
        }
      }
    }

    private String next() {
      if (pos >= tokens.size()) {
        throw new IllegalStateException("unexpected end of schema");
      }
      return tokens.get(pos++);
    }

    private String peek() {
      return pos < tokens.size() ? tokens.get(pos) : "";
    }

    private void expect(String token) {
      String t = next();
      if (!t.equals(token)) {
        throw new IllegalStateException("schema: expected '" + token + "' but found '" + t + "'");
      }
    }

    /** Skips a parenthesised attribute list, reporting whether it holds {@code deprecated}. */
    private boolean attributes() {
      boolean deprecated = false;
      if (peek().equals("(")) {
        next();
        while (!peek().equals(")")) {
          deprecated |= next().equals("deprecated");
        }
        next();
      }
      return deprecated;
    }

    FbsSchema parse() {
      while (pos < tokens.size()) {
        String keyword = next();
        switch (keyword) {
          case "namespace", "file_extension", "attribute" -> skipTo(";");
          case "file_identifier" -> {
            String id = next();
            fileIdentifier = id.substring(1, id.length() - 1);
            expect(";");
          }
          case "root_type" -> {
            rootType = next();
            expect(";");
          }
          case "enum" -> parseEnum();
          case "union" -> parseUnion();
          case "table" -> parseTable();
          default -> throw new IllegalStateException("schema: unsupported declaration " + keyword);
        }
      }
      Map<String, Table> tables = new LinkedHashMap<>();
      rawTables.forEach((name, raw) -> tables.put(name, resolve(name, raw)));
      return new FbsSchema(fileIdentifier, rootType, Map.copyOf(tables), Map.copyOf(unions));
    }

    private void skipTo(String token) {
      while (!next().equals(token)) {
        // skip
      }
    }

    private void parseEnum() {
      String name = next();
      expect(":");
      String underlying = next();
      attributes();
      enumSizes.put(name, scalarSize(underlying));
      skipTo("}");
    }

    private void parseUnion() {
      String name = next();
      attributes();
      expect("{");
      List<String> members = new ArrayList<>();
      while (!peek().equals("}")) {
        members.add(next());
        attributes();
        if (peek().equals(",")) {
          next();
        }
      }
      next();
      unions.put(name, new Union(name, List.copyOf(members)));
    }

    private void parseTable() {
      String name = next();
      attributes();
      expect("{");
      List<RawField> fields = new ArrayList<>();
      while (!peek().equals("}")) {
        String fieldName = next();
        expect(":");
        String type = next();
        if (type.equals("[")) {
          type = "[" + next() + "]";
          expect("]");
        }
        if (peek().equals("=")) {
          next();
          next();
        }
        boolean deprecated = attributes();
        expect(";");
        fields.add(new RawField(fieldName, type, deprecated));
      }
      next();
      rawTables.put(name, fields);
    }

    private Table resolve(String tableName, List<RawField> raw) {
      List<Field> fields = new ArrayList<>();
      int slot = 0;
      for (RawField f : raw) {
        String type = f.type();
        boolean vector = type.startsWith("[");
        String element = vector ? type.substring(1, type.length() - 1) : type;
        Field field;
        if (unions.containsKey(element) && !vector) {
          slot++; // the union's type field takes the slot before its value
          field = new Field(f.name(), slot, Kind.UNION, 4, element, f.deprecated());
        } else if (element.equals("string")) {
          field = new Field(f.name(), slot, vector ? Kind.VECTOR_STRING : Kind.STRING, 4, null,
              f.deprecated());
        } else if (rawTables.containsKey(element)) {
          field = new Field(f.name(), slot, vector ? Kind.VECTOR_TABLE : Kind.TABLE, 4, element,
              f.deprecated());
        } else {
          int size = enumSizes.containsKey(element) ? enumSizes.get(element) : scalarSize(element);
          field = new Field(f.name(), slot, vector ? Kind.VECTOR_SCALAR : Kind.SCALAR, size, null,
              f.deprecated());
        }
        fields.add(field);
        slot++;
      }
      return new Table(tableName, List.copyOf(fields));
    }

    private static int scalarSize(String type) {
      Integer size = SCALAR_SIZES.get(type);
      if (size == null) {
        throw new IllegalStateException("schema: unknown type " + type);
      }
      return size;
    }
  }
}
