package dev.jlite.metadata;

/** The tensor holds plain features (metadata schema table {@code FeatureProperties}, no fields). */
public record FeatureProperties() implements ContentProperties {}
