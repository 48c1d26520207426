package io.vertalived.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A virtual clock: timers run when the test moves time past them, in order. */
final class ManualTimers implements Timers {
  private Instant now = Instant.parse("2026-12-01T17:00:00Z");
  private final TreeMap<Long, Map.Entry<Instant, Runnable>> due = new TreeMap<>();
  private long ids;

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public long schedule(Duration delay, Runnable task) {
    long id = ++ids;
    due.put(id, Map.entry(now.plus(delay), task));
    return id;
  }

  @Override
  public void cancel(long id) {
    due.remove(id);
  }

  int pending() {
    return due.size();
  }

  /** Moves time forward by {@code d}, running each timer due meanwhile at its own time. */
  void advance(Duration d) {
    Instant until = now.plus(d);
    while (true) {
      Map.Entry<Long, Map.Entry<Instant, Runnable>> next = null;
      for (Map.Entry<Long, Map.Entry<Instant, Runnable>> e : due.entrySet()) {
        if (!e.getValue().getKey().isAfter(until) && (next == null || e.getValue().getKey().isBefore(next.getValue().getKey()))) {
          next = e;
        }
      }
      if (next == null) {
        break;
      }
      due.remove(next.getKey());
      now = next.getValue().getKey();
      next.getValue().getValue().run();
    }
    now = until;
  }
}
