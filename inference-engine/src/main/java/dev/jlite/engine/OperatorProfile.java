package dev.jlite.engine;

/**
 * Time spent in one node over the profiled runs.
 *
 * @param subgraph subgraph index
 * @param node node index in execution order
 * @param opName builtin operator name or custom name
 * @param totalNanos total time over {@code runs} runs
 * @param runs how many profiled runs executed the node
 */
public record OperatorProfile(int subgraph, int node, String opName, long totalNanos, int runs) {
  /** Average time per run in milliseconds. */
  public double averageMillis() {
    return runs == 0 ? 0 : totalNanos / 1e6 / runs;
  }
}
