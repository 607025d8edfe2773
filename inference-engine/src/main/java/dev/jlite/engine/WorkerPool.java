package dev.jlite.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The interpreter's threads: the calling thread plus {@code threads - 1} daemon workers. A parallel
 * region publishes its tasks through one atomic cursor holding (generation, task count, next task);
 * whoever is running claims tasks from it. The caller works too and returns once every task has
 * completed, without waiting for workers that never got scheduled: on a busy machine the caller
 * may simply do all the work itself. Runs without allocating.
 */
final class WorkerPool implements AutoCloseable {
  private static final int SPINS = 2_000;
  private static final int GENERATION_BITS = 24;
  private static final int COUNT_BITS = 20;
  /** Most tasks one region may have: the cursor keeps counts in {@value #COUNT_BITS} bits. */
  static final int MAX_TASKS = (1 << COUNT_BITS) - 1;
  private static final long COUNT_MASK = MAX_TASKS;
  private static final long GENERATION_MASK = (1L << GENERATION_BITS) - 1;

  private final int threads;
  private final Thread[] workers;
  /** generation (24 bits) | task count (20 bits) | next task (20 bits). */
  private final AtomicLong cursor = new AtomicLong();
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile ParallelTask body;
  private volatile int generation;
  private volatile boolean closed;
  private volatile Thread caller;

  WorkerPool(int threads) {
    this.threads = Math.max(1, threads);
    this.workers = new Thread[this.threads - 1];
    for (int i = 0; i < workers.length; i++) {
      int id = i + 1;
      workers[i] = new Thread(() -> workLoop(id), "jlite-worker-" + id);
      workers[i].setDaemon(true);
      workers[i].start();
    }
  }

  int threads() {
    return threads;
  }

  /** Runs tasks 0 .. tasks-1 across the threads; rethrows the first failure. */
  void run(int tasks, ParallelTask task) {
    if (threads == 1 || tasks <= 1) {
      for (int t = 0; t < tasks; t++) {
        task.run(t, 0);
      }
      return;
    }
    if (tasks > MAX_TASKS) {
      throw new IllegalArgumentException(tasks + " tasks in one region; at most " + MAX_TASKS);
    }
    int gen = (int) ((generation + 1) & GENERATION_MASK);
    caller = Thread.currentThread();
    body = task;
    completed.set(0);
    cursor.set(((long) gen << (2 * COUNT_BITS)) | ((long) tasks << COUNT_BITS));
    generation = gen;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
    drain(gen, task, 0);
    for (int spins = 0; completed.get() < tasks; spins++) {
      if (spins < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(this);
      }
    }
    Throwable error = failure.getAndSet(null);
    if (error instanceof RuntimeException re) {
      throw re;
    }
    if (error instanceof Error e) {
      throw e;
    }
  }

  /** Claims and runs tasks of generation {@code gen} until none are left. */
  private void drain(int gen, ParallelTask task, int thread) {
    while (true) {
      long c = cursor.get();
      int claimedGen = (int) (c >>> (2 * COUNT_BITS));
      int count = (int) ((c >>> COUNT_BITS) & COUNT_MASK);
      int next = (int) (c & COUNT_MASK);
      if (claimedGen != gen || next >= count) {
        return;
      }
      if (!cursor.compareAndSet(c, c + 1)) {
        continue;
      }
      try {
        task.run(next, thread);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
      if (completed.incrementAndGet() == count && Thread.currentThread() != caller) {
        LockSupport.unpark(caller);
      }
    }
  }

  private void workLoop(int id) {
    int seen = 0;
    while (!closed) {
      int spins = 0;
      while (generation == seen && !closed) {
        if (++spins < SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      if (closed) {
        return;
      }
      seen = generation;
      // A body published after `seen` can only pair with claims of a later generation, which the
      // cursor's generation check refuses; so a late worker never runs a task with the wrong body.
      ParallelTask task = body;
      if (task != null) {
        drain(seen, task, id);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
  }
}
