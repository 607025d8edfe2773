package dev.jlite.metadata;

/**
 * What a tensor's content is: the metadata schema union {@code ContentProperties}. The variants are
 * {@link FeatureProperties}, {@link ImageProperties}, {@link BoundingBoxProperties} and {@link
 * AudioProperties}.
 */
public sealed interface ContentProperties
    permits FeatureProperties, ImageProperties, BoundingBoxProperties, AudioProperties {
  /** The union member's name, as in the schema and in the JSON {@code content_properties_type}. */
  default String typeName() {
    return getClass().getSimpleName();
  }
}
