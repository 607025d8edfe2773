package dev.jlite.cli.summary;

/**
 * How often one operator occurs in a model.
 *
 * @param name the builtin operator's schema name (e.g. {@code CONV_2D}) or the custom op's code
 * @param custom whether this is a custom operator
 * @param count occurrences over all subgraphs
 */
public record OperatorCount(String name, boolean custom, int count) {}
