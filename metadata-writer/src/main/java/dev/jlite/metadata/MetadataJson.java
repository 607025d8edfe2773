package dev.jlite.metadata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Metadata as JSON, in the format of the official {@code MetadataDisplayer} (flatc's text output of
 * the metadata flatbuffer with {@code strict_json}): schema field names in schema order, enums by
 * name, a union as {@code <field>_type} plus {@code <field>}, absent fields and scalars equal to
 * their default left out, two-space indent, a final newline. {@link #fromJson} reads that format
 * back, so metadata can be dumped, edited and re-applied.
 */
public final class MetadataJson {
  private MetadataJson() {}

  /** The JSON text of {@code metadata}, byte for byte what the official displayer prints. */
  public static String toJson(ModelMetadata metadata) {
    return FlatcJsonPrinter.print(model(metadata));
  }

  /**
   * Parses JSON in the displayer's format (any whitespace and member order; enums by name or code).
   *
   * @throws MetadataException if the text is not JSON, or a member is unknown or of the wrong type;
   *     the message gives the member's path
   */
  public static ModelMetadata fromJson(String json) {
    return MetadataJsonParser.parse(json);
  }

  private static Map<String, Object> model(ModelMetadata m) {
    Map<String, Object> t = new LinkedHashMap<>();
    put(t, "name", m.name());
    put(t, "description", m.description());
    put(t, "version", m.version());
    put(t, "subgraph_metadata", list(m.subgraphMetadata(), MetadataJson::subgraph));
    put(t, "author", m.author());
    put(t, "license", m.license());
    put(t, "associated_files", list(m.associatedFiles(), MetadataJson::file));
    put(t, "min_parser_version", m.minParserVersion());
    return t;
  }

  private static Map<String, Object> subgraph(SubGraphMetadata s) {
    Map<String, Object> t = new LinkedHashMap<>();
    put(t, "name", s.name());
    put(t, "description", s.description());
    put(t, "input_tensor_metadata", list(s.inputTensorMetadata(), MetadataJson::tensor));
    put(t, "output_tensor_metadata", list(s.outputTensorMetadata(), MetadataJson::tensor));
    put(t, "associated_files", list(s.associatedFiles(), MetadataJson::file));
    put(t, "input_process_units", list(s.inputProcessUnits(), MetadataJson::processUnit));
    put(t, "output_process_units", list(s.outputProcessUnits(), MetadataJson::processUnit));
    put(t, "input_tensor_groups", list(s.inputTensorGroups(), MetadataJson::group));
    put(t, "output_tensor_groups", list(s.outputTensorGroups(), MetadataJson::group));
    put(t, "custom_metadata", list(s.customMetadata(), MetadataJson::custom));
    return t;
  }

  private static Map<String, Object> custom(CustomMetadata c) {
    Map<String, Object> t = new LinkedHashMap<>();
    put(t, "name", c.name());
    byte[] data = c.data();
    if (data != null) {
      List<Object> values = new ArrayList<>(data.length);
      for (byte b : data) {
        values.add(Byte.toUnsignedInt(b));
      }
      t.put("data", values);
    }
    return t;
  }

  private static Map<String, Object> group(TensorGroup g) {
    Map<String, Object> t = new LinkedHashMap<>();
    put(t, "name", g.name());
    put(t, "tensor_names", g.tensorNames());
    return t;
  }

  private static Map<String, Object> tensor(TensorMetadata m) {
    Map<String, Object> t = new LinkedHashMap<>();
    put(t, "name", m.name());
    put(t, "description", m.description());
    put(t, "dimension_names", m.dimensionNames());
    if (m.content() != null) {
      t.put("content", content(m.content()));
    }
    put(t, "process_units", list(m.processUnits(), MetadataJson::processUnit));
    if (m.stats() != null) {
      Map<String, Object> stats = new LinkedHashMap<>();
      put(stats, "max", floats(m.stats().max()));
      put(stats, "min", floats(m.stats().min()));
      t.put("stats", stats);
    }
    put(t, "associated_files", list(m.associatedFiles(), MetadataJson::file));
    return t;
  }

  private static Map<String, Object> content(Content c) {
    Map<String, Object> t = new LinkedHashMap<>();
    ContentProperties p = c.properties();
    if (p != null) {
      t.put("content_properties_type", p.typeName());
      t.put("content_properties", contentProperties(p));
    }
    if (c.range() != null) {
      Map<String, Object> range = new LinkedHashMap<>();
      scalar(range, "min", c.range().min(), 0);
      scalar(range, "max", c.range().max(), 0);
      t.put("range", range);
    }
    return t;
  }

  private static Map<String, Object> contentProperties(ContentProperties p) {
    Map<String, Object> t = new LinkedHashMap<>();
    if (p instanceof ImageProperties image) {
      enumValue(t, "color_space", image.colorSpace());
      if (image.defaultSize() != null) {
        Map<String, Object> size = new LinkedHashMap<>();
        scalar(size, "width", image.defaultSize().width(), 0);
        scalar(size, "height", image.defaultSize().height(), 0);
        t.put("default_size", size);
      }
    } else if (p instanceof BoundingBoxProperties box) {
      put(t, "index", box.index());
      enumValue(t, "type", box.type());
      enumValue(t, "coordinate_type", box.coordinateType());
    } else if (p instanceof AudioProperties audio) {
      scalar(t, "sample_rate", audio.sampleRate(), 0);
      scalar(t, "channels", audio.channels(), 0);
    }
    return t;
  }

  private static Map<String, Object> processUnit(ProcessUnit unit) {
    Map<String, Object> t = new LinkedHashMap<>();
    ProcessUnitOptions o = unit.options();
    if (o == null) {
      return t;
    }
    t.put("options_type", o.typeName());
    Map<String, Object> options = new LinkedHashMap<>();
    if (o instanceof NormalizationOptions n) {
      put(options, "mean", floats(n.mean()));
      put(options, "std", floats(n.std()));
    } else if (o instanceof ScoreCalibrationOptions s) {
      enumValue(options, "score_transformation", s.scoreTransformation());
      floatValue(options, "default_score", s.defaultScore());
    } else if (o instanceof ScoreThresholdingOptions s) {
      floatValue(options, "global_score_threshold", s.globalScoreThreshold());
    } else if (o instanceof BertTokenizerOptions bert) {
      put(options, "vocab_file", list(bert.vocabFile(), MetadataJson::file));
    } else if (o instanceof SentencePieceTokenizerOptions sp) {
      put(options, "sentencePiece_model", list(sp.sentencePieceModel(), MetadataJson::file));
      put(options, "vocab_file", list(sp.vocabFile(), MetadataJson::file));
    } else if (o instanceof RegexTokenizerOptions regex) {
      put(options, "delim_regex_pattern", regex.delimRegexPattern());
      put(options, "vocab_file", list(regex.vocabFile(), MetadataJson::file));
    }
    t.put("options", options);
    return t;
  }

  private static Map<String, Object> file(AssociatedFile f) {
    Map<String, Object> t = new LinkedHashMap<>();
    put(t, "name", f.name());
    put(t, "description", f.description());
    enumValue(t, "type", f.type());
    put(t, "locale", f.locale());
    put(t, "version", f.version());
    return t;
  }

  private static void put(Map<String, Object> table, String key, Object value) {
    if (value != null) {
      table.put(key, value);
    }
  }

  private static void scalar(Map<String, Object> table, String key, long value, long dflt) {
    if (value != dflt) {
      table.put(key, value);
    }
  }

  private static void floatValue(Map<String, Object> table, String key, float value) {
    // The FlatBuffers builder leaves out a float equal to its default 0 (-0.0 compares equal).
    if (value != 0f) {
      table.put(key, new FlatcJsonPrinter.F32(value));
    }
  }

  private static void enumValue(Map<String, Object> table, String key, Enum<?> value) {
    if (value.ordinal() != 0) {
      table.put(key, value.name());
    }
  }

  private static List<Object> floats(List<Float> values) {
    return values == null ? null
        : values.stream().map(v -> (Object) new FlatcJsonPrinter.F32(v)).toList();
  }

  private static <T> List<Object> list(List<T> values, Function<T, Object> convert) {
    return values == null ? null : values.stream().map(convert).toList();
  }
}
