package dev.jlite.metadata;

import com.google.flatbuffers.FlatBufferBuilder;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Writes {@link ModelMetadata} as a metadata flatbuffer. Absent fields are not written, and scalars
 * equal to their schema default are left out as every FlatBuffers writer does by default; slots
 * are the schema's field ids. Children are written before their parents, so the output depends
 * only on the metadata.
 */
final class MetadataEncoder {
  /** The metadata flatbuffer's file identifier. */
  static final String IDENTIFIER = "M001";

  private final FlatBufferBuilder b = new FlatBufferBuilder(1024);

  private MetadataEncoder() {}

  static byte[] encode(ModelMetadata metadata) {
    MetadataEncoder encoder = new MetadataEncoder();
    int root = encoder.model(metadata);
    encoder.b.finish(root, IDENTIFIER);
    return encoder.b.sizedByteArray();
  }

  private int model(ModelMetadata m) {
    int name = string(m.name());
    int description = string(m.description());
    int version = string(m.version());
    int subgraphs = tables(m.subgraphMetadata(), this::subgraph);
    int author = string(m.author());
    int license = string(m.license());
    int files = tables(m.associatedFiles(), this::file);
    int minParser = string(m.minParserVersion());
    b.startTable(8);
    offset(0, name);
    offset(1, description);
    offset(2, version);
    offset(3, subgraphs);
    offset(4, author);
    offset(5, license);
    offset(6, files);
    offset(7, minParser);
    return b.endTable();
  }

  private int subgraph(SubGraphMetadata s) {
    int name = string(s.name());
    int description = string(s.description());
    int inputs = tables(s.inputTensorMetadata(), this::tensor);
    int outputs = tables(s.outputTensorMetadata(), this::tensor);
    int files = tables(s.associatedFiles(), this::file);
    int inputUnits = tables(s.inputProcessUnits(), this::processUnit);
    int outputUnits = tables(s.outputProcessUnits(), this::processUnit);
    int inputGroups = tables(s.inputTensorGroups(), this::group);
    int outputGroups = tables(s.outputTensorGroups(), this::group);
    int custom = tables(s.customMetadata(), this::custom);
    b.startTable(10);
    offset(0, name);
    offset(1, description);
    offset(2, inputs);
    offset(3, outputs);
    offset(4, files);
    offset(5, inputUnits);
    offset(6, outputUnits);
    offset(7, inputGroups);
    offset(8, outputGroups);
    offset(9, custom);
    return b.endTable();
  }

  private int custom(CustomMetadata c) {
    int name = string(c.name());
    int data = 0;
    byte[] bytes = c.data();
    if (bytes != null) {
      // The schema forces 16-byte alignment on this vector.
      b.startVector(1, bytes.length, 16);
      for (int i = bytes.length - 1; i >= 0; i--) {
        b.addByte(bytes[i]);
      }
      data = b.endVector();
    }
    b.startTable(2);
    offset(0, name);
    offset(1, data);
    return b.endTable();
  }

  private int group(TensorGroup g) {
    int name = string(g.name());
    int names = g.tensorNames() == null ? 0 : vectorOfOffsets(
        g.tensorNames().stream().mapToInt(this::string).toArray());
    b.startTable(2);
    offset(0, name);
    offset(1, names);
    return b.endTable();
  }

  private int tensor(TensorMetadata t) {
    int name = string(t.name());
    int description = string(t.description());
    int dimensionNames = t.dimensionNames() == null ? 0 : vectorOfOffsets(
        t.dimensionNames().stream().mapToInt(this::string).toArray());
    int content = t.content() == null ? 0 : content(t.content());
    int units = tables(t.processUnits(), this::processUnit);
    int stats = t.stats() == null ? 0 : stats(t.stats());
    int files = tables(t.associatedFiles(), this::file);
    b.startTable(7);
    offset(0, name);
    offset(1, description);
    offset(2, dimensionNames);
    offset(3, content);
    offset(4, units);
    offset(5, stats);
    offset(6, files);
    return b.endTable();
  }

  private int stats(Stats s) {
    int max = floats(s.max());
    int min = floats(s.min());
    b.startTable(2);
    offset(0, max);
    offset(1, min);
    return b.endTable();
  }

  private int content(Content c) {
    ContentProperties p = c.properties();
    int properties = p == null ? 0 : contentProperties(p);
    int range = 0;
    if (c.range() != null) {
      b.startTable(2);
      b.addInt(0, c.range().min(), 0);
      b.addInt(1, c.range().max(), 0);
      range = b.endTable();
    }
    b.startTable(3);
    b.addByte(0, (byte) (p == null ? 0 : contentType(p)), 0);
    offset(1, properties);
    offset(2, range);
    return b.endTable();
  }

  static int contentType(ContentProperties p) {
    if (p instanceof FeatureProperties) {
      return 1;
    } else if (p instanceof ImageProperties) {
      return 2;
    } else if (p instanceof BoundingBoxProperties) {
      return 3;
    }
    return 4;
  }

  private int contentProperties(ContentProperties p) {
    if (p instanceof ImageProperties image) {
      int size = 0;
      if (image.defaultSize() != null) {
        b.startTable(2);
        b.addInt(0, (int) image.defaultSize().width(), 0);
        b.addInt(1, (int) image.defaultSize().height(), 0);
        size = b.endTable();
      }
      b.startTable(2);
      b.addByte(0, image.colorSpace().code(), 0);
      offset(1, size);
      return b.endTable();
    } else if (p instanceof BoundingBoxProperties box) {
      int index = 0;
      if (box.index() != null) {
        b.startVector(4, box.index().size(), 4);
        for (int i = box.index().size() - 1; i >= 0; i--) {
          b.addInt((int) (long) box.index().get(i));
        }
        index = b.endVector();
      }
      b.startTable(3);
      offset(0, index);
      b.addByte(1, box.type().code(), 0);
      b.addByte(2, box.coordinateType().code(), 0);
      return b.endTable();
    } else if (p instanceof AudioProperties audio) {
      b.startTable(2);
      b.addInt(0, (int) audio.sampleRate(), 0);
      b.addInt(1, (int) audio.channels(), 0);
      return b.endTable();
    }
    b.startTable(0);
    return b.endTable();
  }

  private int processUnit(ProcessUnit unit) {
    ProcessUnitOptions o = unit.options();
    int options = o == null ? 0 : options(o);
    b.startTable(2);
    b.addByte(0, (byte) (o == null ? 0 : optionsType(o)), 0);
    offset(1, options);
    return b.endTable();
  }

  static int optionsType(ProcessUnitOptions o) {
    if (o instanceof NormalizationOptions) {
      return 1;
    } else if (o instanceof ScoreCalibrationOptions) {
      return 2;
    } else if (o instanceof ScoreThresholdingOptions) {
      return 3;
    } else if (o instanceof BertTokenizerOptions) {
      return 4;
    } else if (o instanceof SentencePieceTokenizerOptions) {
      return 5;
    }
    return 6;
  }

  private int options(ProcessUnitOptions o) {
    if (o instanceof NormalizationOptions n) {
      int mean = floats(n.mean());
      int std = floats(n.std());
      b.startTable(2);
      offset(0, mean);
      offset(1, std);
      return b.endTable();
    } else if (o instanceof ScoreCalibrationOptions s) {
      b.startTable(2);
      b.addByte(0, s.scoreTransformation().code(), 0);
      b.addFloat(1, s.defaultScore(), 0);
      return b.endTable();
    } else if (o instanceof ScoreThresholdingOptions s) {
      b.startTable(1);
      b.addFloat(0, s.globalScoreThreshold(), 0);
      return b.endTable();
    } else if (o instanceof BertTokenizerOptions bert) {
      int vocab = tables(bert.vocabFile(), this::file);
      b.startTable(1);
      offset(0, vocab);
      return b.endTable();
    } else if (o instanceof SentencePieceTokenizerOptions sp) {
      int model = tables(sp.sentencePieceModel(), this::file);
      int vocab = tables(sp.vocabFile(), this::file);
      b.startTable(2);
      offset(0, model);
      offset(1, vocab);
      return b.endTable();
    }
    RegexTokenizerOptions regex = (RegexTokenizerOptions) o;
    int pattern = string(regex.delimRegexPattern());
    int vocab = tables(regex.vocabFile(), this::file);
    b.startTable(2);
    offset(0, pattern);
    offset(1, vocab);
    return b.endTable();
  }

  private int file(AssociatedFile f) {
    int name = string(f.name());
    int description = string(f.description());
    int locale = string(f.locale());
    int version = string(f.version());
    b.startTable(5);
    offset(0, name);
    offset(1, description);
    b.addByte(2, f.type().code(), 0);
    offset(3, locale);
    offset(4, version);
    return b.endTable();
  }

  private int string(String s) {
    return s == null ? 0 : b.createString(Checks.unicode("metadata string", s));
  }

  private int floats(List<Float> values) {
    if (values == null) {
      return 0;
    }
    b.startVector(4, values.size(), 4);
    for (int i = values.size() - 1; i >= 0; i--) {
      b.addFloat(values.get(i));
    }
    return b.endVector();
  }

  private <T> int tables(List<T> list, ToIntFunction<T> write) {
    if (list == null) {
      return 0;
    }
    int[] offsets = new int[list.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = write.applyAsInt(list.get(i));
    }
    return vectorOfOffsets(offsets);
  }

  private int vectorOfOffsets(int[] offsets) {
    b.startVector(4, offsets.length, 4);
    for (int i = offsets.length - 1; i >= 0; i--) {
      b.addOffset(offsets[i]);
    }
    return b.endVector();
  }

  /** Adds an offset field; 0 means absent, since no child is ever written at offset 0. */
  private void offset(int slot, int value) {
    if (value != 0) {
      b.addOffset(slot, value, 0);
    }
  }
}
