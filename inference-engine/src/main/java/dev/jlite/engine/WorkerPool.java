package dev.jlite.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The interpreter's threads: the calling thread plus {@code threads - 1} daemon workers.
 *
 * <p>A parallel region's tasks are cut into one contiguous range per thread, so thread {@code t}
 * works on the same part of every tensor in consecutive kernels and finds it in its own cache. A
 * thread that finishes its range takes tasks from the others' ranges, so a busy or late thread
 * never holds the region up: the caller returns once every task has completed, and on a loaded
 * machine may simply do all the work itself. Each range is an atomic cursor stamped with the
 * region's generation, so a late worker can never run a task of a region that has moved on. Runs
 * without allocating.
 */
final class WorkerPool implements AutoCloseable {
  /**
   * How long an idle worker keeps spinning before it parks. Kernels run back to back, so the next
   * region usually starts within this window, while waking a parked thread costs tens of
   * microseconds, as long as a small kernel takes.
   */
  private static final long SPIN_NANOS = 300_000;
  private static final int CALLER_SPINS = 2_000;
  private static final int GENERATION_BITS = 24;
  private static final int COUNT_BITS = 20;
  /** Most tasks one region may have: cursors keep task numbers in {@value #COUNT_BITS} bits. */
  static final int MAX_TASKS = (1 << COUNT_BITS) - 1;
  private static final long COUNT_MASK = MAX_TASKS;
  private static final long GENERATION_MASK = (1L << GENERATION_BITS) - 1;

  private final int threads;
  private final Thread[] workers;
  /** Per thread: generation (24 bits) | end of its range (20 bits) | next task (20 bits). */
  private final AtomicLongArray cursors;
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile ParallelTask body;
  private volatile int taskCount;
  private volatile int generation;
  private volatile boolean closed;
  private volatile Thread caller;

  WorkerPool(int threads) {
    this.threads = Math.max(1, threads);
    this.cursors = new AtomicLongArray(this.threads);
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
    taskCount = tasks;
    completed.set(0);
    long stamp = (long) gen << (2 * COUNT_BITS);
    for (int t = 0; t < threads; t++) {
      long start = (long) tasks * t / threads;
      long end = (long) tasks * (t + 1) / threads;
      cursors.set(t, stamp | (end << COUNT_BITS) | start);
    }
    generation = gen;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
    drain(gen, task, tasks, 0);
    for (int spins = 0; completed.get() < tasks; spins++) {
      if (spins < CALLER_SPINS) {
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

  /** Runs tasks of generation {@code gen}: first this thread's range, then whatever is left. */
  private void drain(int gen, ParallelTask task, int tasks, int thread) {
    for (int k = 0; k < threads; k++) {
      int range = (thread + k) % threads;
      for (int next = claim(range, gen); next >= 0; next = claim(range, gen)) {
        try {
          task.run(next, thread);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
        if (completed.incrementAndGet() == tasks && Thread.currentThread() != caller) {
          LockSupport.unpark(caller);
        }
      }
    }
  }

  /** The next unclaimed task of a range, or -1 if the range is done or of another generation. */
  private int claim(int range, int gen) {
    while (true) {
      long c = cursors.get(range);
      int next = (int) (c & COUNT_MASK);
      int end = (int) ((c >>> COUNT_BITS) & COUNT_MASK);
      if ((int) (c >>> (2 * COUNT_BITS)) != gen || next >= end) {
        return -1;
      }
      if (cursors.compareAndSet(range, c, c + 1)) {
        return next;
      }
    }
  }

  private void workLoop(int id) {
    int seen = 0;
    while (!closed) {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (generation == seen && !closed) {
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      if (closed) {
        return;
      }
      seen = generation;
      // Body and count published after `seen` pair only with cursors of a later generation, which
      // claim() refuses: a late worker never runs a task with the wrong body.
      ParallelTask task = body;
      int tasks = taskCount;
      if (task != null) {
        drain(seen, task, tasks, id);
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
