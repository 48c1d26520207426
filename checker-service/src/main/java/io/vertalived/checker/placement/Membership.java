package io.vertalived.checker.placement;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The live checker instances as this one knows them from their heartbeats: a member is live
 * while heard within {@code deadAfterNanos}; this instance always is. Time this instance itself
 * was not running does not count against the others: a gap of more than half the dead-after time
 * between two looks (the caller looks every heartbeat) is its own stall — a long GC pause, a CPU
 * quota, a suspended VM — during which the others' heartbeats waited in its queue, so their
 * silence is shifted by it. Pure: the caller passes a monotonic {@code now}.
 */
public final class Membership {
  private final String self;
  private final long deadAfterNanos;
  private final Map<String, Long> lastHeard = new HashMap<>();
  private boolean looked;
  private long lastLook;

  public Membership(String self, long deadAfterNanos) {
    this.self = self;
    this.deadAfterNanos = deadAfterNanos;
  }

  /** @return whether the member is new (not heard before, or heard again after it was dead) */
  public boolean heard(String member, long now) {
    return lastHeard.put(member, now) == null;
  }

  /** Forgets a member at once (it said goodbye). */
  public void left(String member) {
    lastHeard.remove(member);
  }

  public SortedSet<String> live(long now) {
    if (looked && now - lastLook > deadAfterNanos / 2) {
      long stalled = now - lastLook;
      lastHeard.replaceAll((member, heard) -> heard + stalled);
    }
    looked = true;
    lastLook = now;
    SortedSet<String> out = new TreeSet<>();
    out.add(self);
    lastHeard.entrySet().removeIf(e -> now - e.getValue() > deadAfterNanos);
    out.addAll(lastHeard.keySet());
    return out;
  }
}
