package dev.jlite.metadata;

/**
 * The general information of a model's metadata: name, description, version, author and license.
 * Any field may be {@code null}; {@link MetadataWriter#withGeneralInfo} replaces a writer's
 * defaults only with the fields that are set.
 */
public record GeneralInfo(String name, String description, String version, String author,
    String license) {}
