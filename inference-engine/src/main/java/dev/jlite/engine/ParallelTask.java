package dev.jlite.engine;

/** A unit of work split into numbered tasks that may run on different threads. */
@FunctionalInterface
public interface ParallelTask {
  /**
   * Runs one task.
   *
   * @param task the task number, 0 .. tasks-1
   * @param thread the running thread's number, 0 .. {@link Node#threadCount()}-1, for per-thread scratch
   */
  void run(int task, int thread);
}
