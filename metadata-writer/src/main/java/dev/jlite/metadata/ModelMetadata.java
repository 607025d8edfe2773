package dev.jlite.metadata;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The root of a model's metadata; metadata schema 1.5.0 table {@code ModelMetadata}. Every field
 * may be {@code null} (absent). Build with {@link #builder()}, read from a flatbuffer with {@link
 * #fromFlatBuffer}, write with {@link #toFlatBuffer}; {@link MetadataJson} converts to and from the
 * official JSON.
 */
public record ModelMetadata(String name, String description, String version,
    List<SubGraphMetadata> subgraphMetadata, String author, String license,
    List<AssociatedFile> associatedFiles, String minParserVersion) {
  public ModelMetadata {
    subgraphMetadata = Lists.copy(subgraphMetadata);
    associatedFiles = Lists.copy(associatedFiles);
  }

  /** A builder with every field absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this metadata's fields. */
  public Builder toBuilder() {
    return new Builder().name(name).description(description).version(version)
        .subgraphMetadata(subgraphMetadata).author(author).license(license)
        .associatedFiles(associatedFiles).minParserVersion(minParserVersion);
  }

  /**
   * Reads a metadata flatbuffer (identifier {@code M001}) from its position to its limit. Every
   * offset is checked, so any bytes are safe to pass.
   *
   * @throws MetadataException if the identifier is not {@code M001}, an offset or length points
   *     outside the buffer, or an enum or union code is unknown
   */
  public static ModelMetadata fromFlatBuffer(ByteBuffer buffer) {
    return MetadataDecoder.decode(buffer);
  }

  /** This metadata as a flatbuffer with identifier {@code M001}; the same bytes every time. */
  public byte[] toFlatBuffer() {
    return MetadataEncoder.encode(this);
  }

  /**
   * The oldest metadata parser version that understands this metadata, by the official rules
   * ({@link ParserVersion}).
   */
  public String requiredParserVersion() {
    return ParserVersion.minimum(this);
  }

  /** The only subgraph's metadata, which is what TFLite reads. */
  public SubGraphMetadata subgraph() {
    if (subgraphMetadata == null || subgraphMetadata.size() != 1) {
      throw new MetadataException("The number of SubgraphMetadata should be exactly one, but got "
          + (subgraphMetadata == null ? 0 : subgraphMetadata.size()) + ".");
    }
    return subgraphMetadata.get(0);
  }

  /** Builds {@link ModelMetadata}; every field starts absent. */
  public static final class Builder {
    private String name;
    private String description;
    private String version;
    private List<SubGraphMetadata> subgraphMetadata;
    private String author;
    private String license;
    private List<AssociatedFile> associatedFiles;
    private String minParserVersion;

    private Builder() {}

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder description(String value) {
      description = value;
      return this;
    }

    public Builder version(String value) {
      version = value;
      return this;
    }

    public Builder subgraphMetadata(List<SubGraphMetadata> value) {
      subgraphMetadata = value;
      return this;
    }

    public Builder author(String value) {
      author = value;
      return this;
    }

    public Builder license(String value) {
      license = value;
      return this;
    }

    public Builder associatedFiles(List<AssociatedFile> value) {
      associatedFiles = value;
      return this;
    }

    public Builder minParserVersion(String value) {
      minParserVersion = value;
      return this;
    }

    public ModelMetadata build() {
      return new ModelMetadata(name, description, version, subgraphMetadata, author, license,
          associatedFiles, minParserVersion);
    }
  }
}
