package dev.jlite.metadata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Reads a verified metadata flatbuffer into {@link ModelMetadata}; slots are the schema's ids. */
final class MetadataDecoder {
  private MetadataDecoder() {}

  static ModelMetadata decode(ByteBuffer buffer) {
    ByteBuffer bb = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (bb.remaining() < 8) {
      throw new MetadataException("metadata buffer of " + bb.remaining()
          + " bytes is too short to be a flatbuffer");
    }
    byte[] id = new byte[4];
    bb.get(4, id);
    String identifier = new String(id, StandardCharsets.ISO_8859_1);
    if (!identifier.equals(MetadataEncoder.IDENTIFIER)) {
      throw new MetadataException("Invalid metadata schema version: expected "
          + MetadataEncoder.IDENTIFIER + ", got " + identifier);
    }
    FlatTable t = FlatTable.root(bb);
    return new ModelMetadata(t.string(0), t.string(1), t.string(2),
        t.tables(3, MetadataDecoder::subgraph), t.string(4), t.string(5),
        t.tables(6, MetadataDecoder::file), t.string(7));
  }

  private static SubGraphMetadata subgraph(FlatTable t) {
    return new SubGraphMetadata(t.string(0), t.string(1), t.tables(2, MetadataDecoder::tensor),
        t.tables(3, MetadataDecoder::tensor), t.tables(4, MetadataDecoder::file),
        t.tables(5, MetadataDecoder::processUnit), t.tables(6, MetadataDecoder::processUnit),
        t.tables(7, MetadataDecoder::group), t.tables(8, MetadataDecoder::group),
        t.tables(9, c -> new CustomMetadata(c.string(0), c.bytes(1))));
  }

  private static TensorGroup group(FlatTable t) {
    return new TensorGroup(t.string(0), t.strings(1));
  }

  private static TensorMetadata tensor(FlatTable t) {
    FlatTable stats = t.table(5);
    return new TensorMetadata(t.string(0), t.string(1), t.strings(2), content(t.table(3)),
        t.tables(4, MetadataDecoder::processUnit),
        stats == null ? null : new Stats(stats.floats(0), stats.floats(1)),
        t.tables(6, MetadataDecoder::file));
  }

  private static AssociatedFile file(FlatTable t) {
    return new AssociatedFile(t.string(0), t.string(1), AssociatedFileType.of(t.u8(2)),
        t.string(3), t.string(4));
  }

  private static Content content(FlatTable t) {
    if (t == null) {
      return null;
    }
    FlatTable range = t.table(2);
    return new Content(contentProperties(t.u8(0), t.table(1)),
        range == null ? null : new ValueRange(range.i32(0), range.i32(1)));
  }

  private static ContentProperties contentProperties(int type, FlatTable t) {
    if (type == 0 || t == null) {
      return null;
    }
    return switch (type) {
      case 1 -> new FeatureProperties();
      case 2 -> {
        FlatTable size = t.table(1);
        yield new ImageProperties(ColorSpaceType.of(t.u8(0)),
            size == null ? null : new ImageSize(size.u32(0), size.u32(1)));
      }
      case 3 -> new BoundingBoxProperties(t.uints(0), BoundingBoxType.of(t.u8(1)),
          CoordinateType.of(t.u8(2)));
      case 4 -> new AudioProperties(t.u32(0), t.u32(1));
      default -> throw new MetadataException("unknown ContentProperties type " + type);
    };
  }

  private static ProcessUnit processUnit(FlatTable t) {
    int type = t.u8(0);
    FlatTable o = t.table(1);
    if (type == 0 || o == null) {
      return new ProcessUnit(null);
    }
    ProcessUnitOptions options = switch (type) {
      case 1 -> new NormalizationOptions(o.floats(0), o.floats(1));
      case 2 -> new ScoreCalibrationOptions(ScoreTransformationType.of(o.u8(0)), o.f32(1));
      case 3 -> new ScoreThresholdingOptions(o.f32(0));
      case 4 -> new BertTokenizerOptions(o.tables(0, MetadataDecoder::file));
      case 5 -> new SentencePieceTokenizerOptions(o.tables(0, MetadataDecoder::file),
          o.tables(1, MetadataDecoder::file));
      case 6 -> new RegexTokenizerOptions(o.string(0), o.tables(1, MetadataDecoder::file));
      default -> throw new MetadataException("unknown ProcessUnitOptions type " + type);
    };
    return new ProcessUnit(options);
  }
}
