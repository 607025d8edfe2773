package dev.jlite.metadata;

import java.util.List;

/**
 * The metadata of a subgraph; metadata schema table {@code SubGraphMetadata}. Every field may be
 * {@code null} (absent); note that an empty list is not the same as an absent one (an empty
 * {@code input_process_units} still raises {@code min_parser_version} to 1.1.0). Build with {@link
 * #builder()}.
 */
public record SubGraphMetadata(String name, String description,
    List<TensorMetadata> inputTensorMetadata, List<TensorMetadata> outputTensorMetadata,
    List<AssociatedFile> associatedFiles, List<ProcessUnit> inputProcessUnits,
    List<ProcessUnit> outputProcessUnits, List<TensorGroup> inputTensorGroups,
    List<TensorGroup> outputTensorGroups, List<CustomMetadata> customMetadata) {
  public SubGraphMetadata {
    inputTensorMetadata = Lists.copy(inputTensorMetadata);
    outputTensorMetadata = Lists.copy(outputTensorMetadata);
    associatedFiles = Lists.copy(associatedFiles);
    inputProcessUnits = Lists.copy(inputProcessUnits);
    outputProcessUnits = Lists.copy(outputProcessUnits);
    inputTensorGroups = Lists.copy(inputTensorGroups);
    outputTensorGroups = Lists.copy(outputTensorGroups);
    customMetadata = Lists.copy(customMetadata);
  }

  /** A builder with every field absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this metadata's fields. */
  public Builder toBuilder() {
    return new Builder().name(name).description(description)
        .inputTensorMetadata(inputTensorMetadata).outputTensorMetadata(outputTensorMetadata)
        .associatedFiles(associatedFiles).inputProcessUnits(inputProcessUnits)
        .outputProcessUnits(outputProcessUnits).inputTensorGroups(inputTensorGroups)
        .outputTensorGroups(outputTensorGroups).customMetadata(customMetadata);
  }

  /** Builds {@link SubGraphMetadata}; every field starts absent. */
  public static final class Builder {
    private String name;
    private String description;
    private List<TensorMetadata> inputTensorMetadata;
    private List<TensorMetadata> outputTensorMetadata;
    private List<AssociatedFile> associatedFiles;
    private List<ProcessUnit> inputProcessUnits;
    private List<ProcessUnit> outputProcessUnits;
    private List<TensorGroup> inputTensorGroups;
    private List<TensorGroup> outputTensorGroups;
    private List<CustomMetadata> customMetadata;

    private Builder() {}

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder description(String value) {
      description = value;
      return this;
    }

    public Builder inputTensorMetadata(List<TensorMetadata> value) {
      inputTensorMetadata = value;
      return this;
    }

    public Builder outputTensorMetadata(List<TensorMetadata> value) {
      outputTensorMetadata = value;
      return this;
    }

    public Builder associatedFiles(List<AssociatedFile> value) {
      associatedFiles = value;
      return this;
    }

    public Builder inputProcessUnits(List<ProcessUnit> value) {
      inputProcessUnits = value;
      return this;
    }

    public Builder outputProcessUnits(List<ProcessUnit> value) {
      outputProcessUnits = value;
      return this;
    }

    public Builder inputTensorGroups(List<TensorGroup> value) {
      inputTensorGroups = value;
      return this;
    }

    public Builder outputTensorGroups(List<TensorGroup> value) {
      outputTensorGroups = value;
      return this;
    }

    public Builder customMetadata(List<CustomMetadata> value) {
      customMetadata = value;
      return this;
    }

    public SubGraphMetadata build() {
      return new SubGraphMetadata(name, description, inputTensorMetadata, outputTensorMetadata,
          associatedFiles, inputProcessUnits, outputProcessUnits, inputTensorGroups,
          outputTensorGroups, customMetadata);
    }
  }
}
