package dev.jlite.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the displayer's JSON back into {@link ModelMetadata}; see {@link MetadataJson#fromJson}.
 */
final class MetadataJsonParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonNode node;
  private final String path;
  private final Set<String> used = new HashSet<>();

  private MetadataJsonParser(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new MetadataException(path + ": expected a JSON object, got " + node.getNodeType());
    }
    this.node = node;
    this.path = path;
  }

  static ModelMetadata parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(quoteNonFinite(json));
    } catch (JsonProcessingException e) {
      throw new MetadataException("metadata JSON is malformed: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new MetadataException("metadata JSON is empty");
    }
    MetadataJsonParser t = new MetadataJsonParser(root, "$");
    ModelMetadata metadata = new ModelMetadata(t.string("name"), t.string("description"),
        t.string("version"), t.tables("subgraph_metadata", MetadataJsonParser::subgraph),
        t.string("author"), t.string("license"),
        t.tables("associated_files", MetadataJsonParser::file), t.string("min_parser_version"));
    t.done();
    return metadata;
  }

  private static final List<String> NON_FINITE = List.of("-inf", "+inf", "-nan", "+nan", "inf",
      "nan");

  /**
   * flatc writes non-finite floats as bare {@code inf}, {@code -inf} and {@code nan}, which JSON
   * parsers reject; this quotes them where they stand as values (outside strings), and {@link
   * #toFloat} reads the quoted forms.
   */
  static String quoteNonFinite(String json) {
    StringBuilder out = new StringBuilder(json.length());
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\' && i + 1 < json.length()) {
          out.append(json.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '"') {
        inString = true;
        out.append(c);
        continue;
      }
      String word = null;
      for (String candidate : NON_FINITE) {
        int end = i + candidate.length();
        if (json.startsWith(candidate, i)
            && (end == json.length() || !Character.isLetterOrDigit(json.charAt(end)))) {
          word = candidate;
          break;
        }
      }
      if (word == null) {
        out.append(c);
      } else {
        out.append('"').append(word).append('"');
        i += word.length() - 1;
      }
    }
    return out.toString();
  }

  private static SubGraphMetadata subgraph(MetadataJsonParser t) {
    return new SubGraphMetadata(t.string("name"), t.string("description"),
        t.tables("input_tensor_metadata", MetadataJsonParser::tensor),
        t.tables("output_tensor_metadata", MetadataJsonParser::tensor),
        t.tables("associated_files", MetadataJsonParser::file),
        t.tables("input_process_units", MetadataJsonParser::processUnit),
        t.tables("output_process_units", MetadataJsonParser::processUnit),
        t.tables("input_tensor_groups", MetadataJsonParser::group),
        t.tables("output_tensor_groups", MetadataJsonParser::group),
        t.tables("custom_metadata", MetadataJsonParser::custom));
  }

  private static CustomMetadata custom(MetadataJsonParser t) {
    List<Long> data = t.unsigned("data", 0xFF);
    byte[] bytes = null;
    if (data != null) {
      bytes = new byte[data.size()];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (long) data.get(i);
      }
    }
    return new CustomMetadata(t.string("name"), bytes);
  }

  private static TensorGroup group(MetadataJsonParser t) {
    return new TensorGroup(t.string("name"), t.strings("tensor_names"));
  }

  private static TensorMetadata tensor(MetadataJsonParser t) {
    return new TensorMetadata(t.string("name"), t.string("description"),
        t.strings("dimension_names"), t.table("content", MetadataJsonParser::content),
        t.tables("process_units", MetadataJsonParser::processUnit),
        t.table("stats", s -> new Stats(s.floats("max"), s.floats("min"))),
        t.tables("associated_files", MetadataJsonParser::file));
  }

  private static AssociatedFile file(MetadataJsonParser t) {
    return new AssociatedFile(t.string("name"), t.string("description"),
        t.enumValue("type", AssociatedFileType.values()), t.string("locale"),
        t.string("version"));
  }

  private static Content content(MetadataJsonParser t) {
    String type = t.unionType("content_properties_type",
        "FeatureProperties", "ImageProperties", "BoundingBoxProperties", "AudioProperties");
    ContentProperties properties = t.table("content_properties", p -> switch (type) {
      case "FeatureProperties" -> new FeatureProperties();
      case "ImageProperties" -> new ImageProperties(
          p.enumValue("color_space", ColorSpaceType.values()),
          p.table("default_size", s -> new ImageSize(s.uint("width"), s.uint("height"))));
      case "BoundingBoxProperties" -> new BoundingBoxProperties(p.unsigned("index", 0xFFFF_FFFFL),
          p.enumValue("type", BoundingBoxType.values()),
          p.enumValue("coordinate_type", CoordinateType.values()));
      case "AudioProperties" -> new AudioProperties(p.uint("sample_rate"), p.uint("channels"));
      default -> throw t.fail("content_properties", "comes without content_properties_type");
    });
    ValueRange range = t.table("range", r -> new ValueRange(r.int32("min"), r.int32("max")));
    return new Content(properties, range);
  }

  private static ProcessUnit processUnit(MetadataJsonParser t) {
    String type = t.unionType("options_type", "NormalizationOptions",
        "ScoreCalibrationOptions", "ScoreThresholdingOptions", "BertTokenizerOptions",
        "SentencePieceTokenizerOptions", "RegexTokenizerOptions");
    ProcessUnitOptions options = t.table("options", o -> switch (type) {
      case "NormalizationOptions" -> new NormalizationOptions(o.floats("mean"), o.floats("std"));
      case "ScoreCalibrationOptions" -> new ScoreCalibrationOptions(
          o.enumValue("score_transformation", ScoreTransformationType.values()),
          o.float32("default_score"));
      case "ScoreThresholdingOptions" ->
          new ScoreThresholdingOptions(o.float32("global_score_threshold"));
      case "BertTokenizerOptions" ->
          new BertTokenizerOptions(o.tables("vocab_file", MetadataJsonParser::file));
      case "SentencePieceTokenizerOptions" -> new SentencePieceTokenizerOptions(
          o.tables("sentencePiece_model", MetadataJsonParser::file),
          o.tables("vocab_file", MetadataJsonParser::file));
      case "RegexTokenizerOptions" -> new RegexTokenizerOptions(o.string("delim_regex_pattern"),
          o.tables("vocab_file", MetadataJsonParser::file));
      default -> throw t.fail("options", "comes without options_type");
    });
    return new ProcessUnit(options);
  }

  private JsonNode member(String key) {
    used.add(key);
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? null : value;
  }

  private MetadataException fail(String key, String problem) {
    return new MetadataException("metadata JSON " + path + "." + key + " " + problem);
  }

  private String string(String key) {
    JsonNode v = member(key);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw fail(key, "must be a string, got " + v.getNodeType());
    }
    return Checks.unicode("metadata JSON " + path + "." + key, v.textValue());
  }

  private JsonNode array(String key) {
    JsonNode v = member(key);
    if (v != null && !v.isArray()) {
      throw fail(key, "must be an array, got " + v.getNodeType());
    }
    return v;
  }

  private List<String> strings(String key) {
    JsonNode v = array(key);
    if (v == null) {
      return null;
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw fail(key + "[" + i + "]", "must be a string, got " + v.get(i).getNodeType());
      }
      list.add(Checks.unicode("metadata JSON " + path + "." + key + "[" + i + "]",
          v.get(i).textValue()));
    }
    return list;
  }

  private List<Float> floats(String key) {
    JsonNode v = array(key);
    if (v == null) {
      return null;
    }
    List<Float> list = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      list.add(toFloat(key + "[" + i + "]", v.get(i)));
    }
    return list;
  }

  private float float32(String key) {
    JsonNode v = member(key);
    return v == null ? 0f : toFloat(key, v);
  }

  private float toFloat(String key, JsonNode v) {
    if (v.isNumber()) {
      return v.floatValue();
    }
    // flatc writes non-finite floats as bare words, which JSON parsers reject; accept the
    // quoted forms.
    if (v.isTextual()) {
      switch (v.textValue()) {
        case "nan":
        case "-nan":
        case "+nan":
          return Float.NaN;
        case "inf":
        case "+inf":
          return Float.POSITIVE_INFINITY;
        case "-inf":
          return Float.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw fail(key, "must be a number, got " + v);
  }

  private long integer(String key, JsonNode v, long min, long max) {
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min
        || v.longValue() > max) {
      throw fail(key, "must be an integer from " + min + " to " + max + ", got " + v);
    }
    return v.longValue();
  }

  private long uint(String key) {
    JsonNode v = member(key);
    return v == null ? 0 : integer(key, v, 0, 0xFFFF_FFFFL);
  }

  private int int32(String key) {
    JsonNode v = member(key);
    return v == null ? 0 : (int) integer(key, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  private List<Long> unsigned(String key, long max) {
    JsonNode v = array(key);
    if (v == null) {
      return null;
    }
    List<Long> list = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      list.add(integer(key + "[" + i + "]", v.get(i), 0, max));
    }
    return list;
  }

  private <E extends Enum<E>> E enumValue(String key, E[] values) {
    JsonNode v = member(key);
    if (v == null) {
      return values[0];
    }
    if (v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 0
        && v.intValue() < values.length) {
      return values[v.intValue()];
    }
    if (v.isTextual()) {
      for (E value : values) {
        if (value.name().equals(v.textValue())) {
          return value;
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (E value : values) {
      names.add(value.name());
    }
    throw fail(key, "must be one of " + names + ", got " + v);
  }

  private String unionType(String key, String... members) {
    JsonNode v = member(key);
    if (v == null || v.isTextual() && v.textValue().equals("NONE")
        || v.isIntegralNumber() && v.intValue() == 0) {
      return "NONE";
    }
    for (int i = 0; i < members.length; i++) {
      if (v.isTextual() && v.textValue().equals(members[i])
          || v.isIntegralNumber() && v.intValue() == i + 1) {
        return members[i];
      }
    }
    throw fail(key, "must be one of " + List.of(members) + ", got " + v);
  }

  private <T> T table(String key, Function<MetadataJsonParser, T> read) {
    JsonNode v = member(key);
    if (v == null) {
      return null;
    }
    MetadataJsonParser child = new MetadataJsonParser(v, path + "." + key);
    T value = read.apply(child);
    child.done();
    return value;
  }

  private <T> List<T> tables(String key, Function<MetadataJsonParser, T> read) {
    JsonNode v = array(key);
    if (v == null) {
      return null;
    }
    List<T> list = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      MetadataJsonParser child = new MetadataJsonParser(v.get(i), path + "." + key + "[" + i + "]");
      list.add(read.apply(child));
      child.done();
    }
    return list;
  }

  /** Rejects members the schema does not have, so that a typo is not silently dropped. */
  private void done() {
    node.fieldNames().forEachRemaining(name -> {
      if (!used.contains(name)) {
        throw new MetadataException("metadata JSON " + path + " has unknown member \"" + name
            + "\"");
      }
    });
  }
}
