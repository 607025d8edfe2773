package dev.jlite.engine;

/**
 * The implementation of one operator instance (one node of a graph). Builtin and custom operators
 * alike implement it; register custom ones with {@link OpResolver.Builder#addCustom}.
 *
 * <p>A new instance is made for every node, so a kernel may keep per-node state: parsed options,
 * repacked weights, precomputed multipliers.
 */
public interface Kernel {
  /**
   * Checks the node's inputs, options and quantization, computes the output shapes with
   * {@link Node#resizeOutput} and requests scratch memory. Runs when tensors are allocated, and again
   * after an input is resized. Input data is available here only for constant tensors (and for all
   * inputs of nodes whose inputs have data-dependent shapes, which are prepared just before they run).
   *
   * @throws dev.jlite.schema.InvalidModelException (use {@link Node#invalid}) when the node cannot work
   */
  void prepare(Node node);

  /** Computes the outputs. Must not allocate in steady state. */
  void eval(Node node);
}
