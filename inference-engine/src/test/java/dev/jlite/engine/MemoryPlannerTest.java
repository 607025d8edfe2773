package dev.jlite.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemoryPlannerTest {
  @Test
  void tensorsAliveTogetherNeverOverlapAndOthersShare() {
    Random random = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      List<MemoryPlanner.Request> requests = new ArrayList<>();
      int count = 1 + random.nextInt(40);
      long sum = 0;
      for (int id = 0; id < count; id++) {
        int first = random.nextInt(30);
        int size = random.nextInt(1000);
        requests.add(new MemoryPlanner.Request(id, size, first, first + random.nextInt(8)));
        sum += size;
      }
      MemoryPlanner.Plan plan = MemoryPlanner.plan(requests, count);
      for (MemoryPlanner.Request a : requests) {
        int offsetA = plan.offsets()[a.id()];
        assertThat(offsetA % MemoryPlanner.ALIGNMENT).isZero();
        assertThat(offsetA + a.size()).isLessThanOrEqualTo(plan.arenaSize());
        for (MemoryPlanner.Request b : requests) {
          boolean together = a.id() != b.id() && a.first() <= b.last() && b.first() <= a.last();
          boolean bothNonEmpty = a.size() > 0 && b.size() > 0;
          if (together && bothNonEmpty) {
            int offsetB = plan.offsets()[b.id()];
            assertThat(offsetA + a.size() <= offsetB || offsetB + b.size() <= offsetA)
                .as("trial %d: %s at %d overlaps %s at %d", trial, a, offsetA, b, offsetB)
                .isTrue();
          }
        }
      }
      assertThat((long) plan.arenaSize()).isLessThanOrEqualTo(sum + (long) count * MemoryPlanner.ALIGNMENT);
    }
  }

  @Test
  void aChainReusesMemory() {
    // t0 -> t1 -> t2 -> t3, each read only by the next step: two buffers suffice.
    List<MemoryPlanner.Request> chain = List.of(
        new MemoryPlanner.Request(0, 1000, 0, 1),
        new MemoryPlanner.Request(1, 1000, 1, 2),
        new MemoryPlanner.Request(2, 1000, 2, 3),
        new MemoryPlanner.Request(3, 1000, 3, 4));
    MemoryPlanner.Plan plan = MemoryPlanner.plan(chain, 4);
    assertThat(plan.arenaSize()).isLessThanOrEqualTo(2 * 1008);
  }
}
