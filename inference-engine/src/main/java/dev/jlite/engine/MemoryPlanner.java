package dev.jlite.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places tensors in an arena so that tensors alive at the same time never overlap, while tensors with
 * disjoint lifetimes share space. Greedy by size, as TFLite's arena planner: the largest tensors are
 * placed first, each at the lowest offset that is free for its whole lifetime.
 */
final class MemoryPlanner {
  /** Offsets are multiples of this many elements, so vector loops start on aligned boundaries. */
  static final int ALIGNMENT = 16;

  /** A tensor to place: its size in elements and the first and last steps that use it. */
  record Request(int id, int size, int first, int last) {}

  /** Where each request went ({@code offsets[id]}) and how large the arena must be. */
  record Plan(int[] offsets, int arenaSize) {}

  private MemoryPlanner() {}

  static Plan plan(List<Request> requests, int idCount) {
    List<Request> bySize = new ArrayList<>(requests);
    bySize.sort(Comparator.comparingInt(Request::size).reversed()
        .thenComparingInt(Request::first).thenComparingInt(Request::id));
    int[] offsets = new int[idCount];
    List<Request> placed = new ArrayList<>();
    List<Integer> placedOffsets = new ArrayList<>();
    long arena = 0;
    for (Request r : bySize) {
      List<long[]> busy = new ArrayList<>();
      for (int i = 0; i < placed.size(); i++) {
        Request p = placed.get(i);
        if (p.first() <= r.last() && r.first() <= p.last()) {
          busy.add(new long[] {placedOffsets.get(i), placedOffsets.get(i) + (long) p.size()});
        }
      }
      busy.sort(Comparator.comparingLong(a -> a[0]));
      long offset = 0;
      for (long[] b : busy) {
        if (offset + r.size() <= b[0]) {
          break;
        }
        offset = Math.max(offset, align(b[1]));
      }
      if (offset + r.size() > Integer.MAX_VALUE) {
        throw new IllegalStateException("the tensors of this graph need more than 2^31 elements"
            + " of one kind at the same time");
      }
      offsets[r.id()] = (int) offset;
      placed.add(r);
      placedOffsets.add((int) offset);
      arena = Math.max(arena, offset + r.size());
    }
    return new Plan(offsets, (int) arena);
  }

  private static long align(long offset) {
    return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }
}
