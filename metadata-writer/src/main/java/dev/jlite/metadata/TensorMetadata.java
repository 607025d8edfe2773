package dev.jlite.metadata;

import java.util.List;

/**
 * The metadata of one input or output tensor; metadata schema table {@code TensorMetadata}. Every
 * field may be {@code null} (absent). Build with {@link #builder()}.
 *
 * @param name a human-readable name (not necessarily the tensor's name in the model)
 * @param description what the tensor holds
 * @param dimensionNames a name per dimension
 * @param content what the content is
 * @param processUnits processing before (inputs) or after (outputs) the model
 * @param stats value bounds
 * @param associatedFiles files such as labels
 */
public record TensorMetadata(String name, String description, List<String> dimensionNames,
    Content content, List<ProcessUnit> processUnits, Stats stats,
    List<AssociatedFile> associatedFiles) {
  public TensorMetadata {
    dimensionNames = Lists.copy(dimensionNames);
    processUnits = Lists.copy(processUnits);
    associatedFiles = Lists.copy(associatedFiles);
  }

  /** A builder with every field absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this metadata's fields. */
  public Builder toBuilder() {
    return new Builder().name(name).description(description).dimensionNames(dimensionNames)
        .content(content).processUnits(processUnits).stats(stats)
        .associatedFiles(associatedFiles);
  }

  /** Builds {@link TensorMetadata}; every field starts absent. */
  public static final class Builder {
    private String name;
    private String description;
    private List<String> dimensionNames;
    private Content content;
    private List<ProcessUnit> processUnits;
    private Stats stats;
    private List<AssociatedFile> associatedFiles;

    private Builder() {}

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder description(String value) {
      description = value;
      return this;
    }

    public Builder dimensionNames(List<String> value) {
      dimensionNames = value;
      return this;
    }

    public Builder content(Content value) {
      content = value;
      return this;
    }

    public Builder processUnits(List<ProcessUnit> value) {
      processUnits = value;
      return this;
    }

    public Builder stats(Stats value) {
      stats = value;
      return this;
    }

    public Builder associatedFiles(List<AssociatedFile> value) {
      associatedFiles = value;
      return this;
    }

    public TensorMetadata build() {
      return new TensorMetadata(name, description, dimensionNames, content, processUnits, stats,
          associatedFiles);
    }
  }
}
