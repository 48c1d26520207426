package io.vertalived.bench.loadgen;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Objects kept alive for (slots / tasks per second) seconds, then dropped: old-generation churn. */
final class RetainedRing {
  private final AtomicReferenceArray<Object> slots;
  private final AtomicLong next = new AtomicLong();

  RetainedRing(long slots) {
    this.slots = new AtomicReferenceArray<>((int) Math.max(1, slots));
  }

  void keep(Object o) {
    slots.set((int) (next.getAndIncrement() % slots.length()), o);
  }
}
