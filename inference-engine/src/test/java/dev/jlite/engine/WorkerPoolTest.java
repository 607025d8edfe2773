package dev.jlite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
  @Test
  void everyTaskRunsExactlyOnceOnAValidThread() {
    try (WorkerPool pool = new WorkerPool(3)) {
      for (int round = 0; round < 2000; round++) {
        int tasks = 1 + round % 17;
        AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
        AtomicIntegerArray threads = new AtomicIntegerArray(3);
        pool.run(tasks, (task, thread) -> {
          runs.incrementAndGet(task);
          threads.incrementAndGet(thread);
        });
        for (int t = 0; t < tasks; t++) {
          assertThat(runs.get(t)).as("round %d task %d", round, t).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void aFailingTaskIsRethrownAndThePoolKeepsWorking() {
    try (WorkerPool pool = new WorkerPool(2)) {
      assertThatThrownBy(() -> pool.run(8, (task, thread) -> {
        if (task == 5) {
          throw new IllegalStateException("task 5 failed");
        }
      })).isInstanceOf(IllegalStateException.class).hasMessage("task 5 failed");

      AtomicIntegerArray runs = new AtomicIntegerArray(8);
      pool.run(8, (task, thread) -> runs.incrementAndGet(task));
      for (int t = 0; t < 8; t++) {
        assertThat(runs.get(t)).isEqualTo(1);
      }
    }
  }

  @Test
  void oneThreadRunsInlineInOrder() {
    try (WorkerPool pool = new WorkerPool(1)) {
      StringBuilder order = new StringBuilder();
      pool.run(4, (task, thread) -> order.append(task).append(thread));
      assertThat(order).hasToString("00102030");
    }
  }
}
