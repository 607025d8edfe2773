package dev.jlite.metadata;

/**
 * A range of dimensions, inclusive; metadata schema table {@code ValueRange}. Detector outputs use
 * {@code [2, 2]}, segmentation masks {@code [1, 2]}.
 */
public record ValueRange(int min, int max) {}
