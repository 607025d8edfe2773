package dev.jlite.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The interpreter's threads: the calling thread plus {@code threads - 1} daemon workers that pick
 * tasks from a shared counter. Runs without allocating; workers spin briefly between regions (kernels
 * come back to back) and park when idle.
 */
final class WorkerPool implements AutoCloseable {
  private static final int SPIN_ITERATIONS = 20_000;

  private final int threads;
  private final Thread[] workers;
  private final AtomicInteger nextTask = new AtomicInteger();
  private final AtomicInteger activeWorkers = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile ParallelTask body;
  private volatile int taskCount;
  private volatile long generation;
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
    caller = Thread.currentThread();
    body = task;
    taskCount = tasks;
    nextTask.set(0);
    activeWorkers.set(workers.length);
    generation++;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
    drain(task, tasks, 0);
    for (int spins = 0; activeWorkers.get() > 0; spins++) {
      if (spins > SPIN_ITERATIONS) {
        LockSupport.park(this);
      } else {
        Thread.onSpinWait();
      }
    }
    body = null;
    Throwable error = failure.getAndSet(null);
    if (error instanceof RuntimeException re) {
      throw re;
    }
    if (error instanceof Error e) {
      throw e;
    }
  }

  private void drain(ParallelTask task, int tasks, int thread) {
    for (int t = nextTask.getAndIncrement(); t < tasks; t = nextTask.getAndIncrement()) {
      try {
        task.run(t, thread);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }
  }

  private void workLoop(int id) {
    long seen = 0;
    while (!closed) {
      int spins = 0;
      while (generation == seen && !closed) {
        if (++spins > SPIN_ITERATIONS) {
          LockSupport.park(this);
        } else {
          Thread.onSpinWait();
        }
      }
      if (closed) {
        return;
      }
      seen = generation;
      ParallelTask task = body;
      if (task != null) {
        drain(task, taskCount, id);
      }
      if (activeWorkers.decrementAndGet() == 0) {
        LockSupport.unpark(caller);
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
