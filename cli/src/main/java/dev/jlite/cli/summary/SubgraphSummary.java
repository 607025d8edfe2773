package dev.jlite.cli.summary;

/**
 * One subgraph of a model.
 *
 * @param index position in the model's subgraph list
 * @param name the subgraph's name; null if it has none
 * @param tensorCount number of tensors
 * @param operatorCount number of operators
 */
public record SubgraphSummary(int index, String name, int tensorCount, int operatorCount) {}
