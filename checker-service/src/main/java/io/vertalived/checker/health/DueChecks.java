package io.vertalived.checker.health;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The checks of one probe shard waiting for their due time, on one alarm: when the alarm goes off,
 * every check due within {@code slackNanos} runs (a few of them up to that much early), and the
 * alarm is set again for the next one. The event loop then wakes a few hundred times a second at
 * most instead of once per check (each wake-up is a scheduler round trip in the kernel; HAProxy
 * runs its checks in batches the same way; docs/benchmarks.md). Pure: the caller gives the time
 * and runs the alarm.
 */
final class DueChecks<T> {
  /** A check waiting; {@link #cancel} takes it out. */
  static final class Waiting<T> {
    private final long due;
    private final long order;
    private final T check;
    private boolean cancelled;

    private Waiting(long due, long order, T check) {
      this.due = due;
      this.order = order;
      this.check = check;
    }

    long due() {
      return due;
    }
  }

  private final long slackNanos;
  private final PriorityQueue<Waiting<T>> queue = new PriorityQueue<>((a, b) ->
      a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
  private long added;

  DueChecks(long slackNanos) {
    this.slackNanos = slackNanos;
  }

  /** {@code check} is due at {@code due}. */
  Waiting<T> add(long due, T check) {
    Waiting<T> w = new Waiting<>(due, added++, check);
    queue.add(w);
    return w;
  }

  /** It no longer waits (its real server was let go, or it runs now). */
  void cancel(Waiting<T> w) {
    w.cancelled = true;
  }

  /** The checks due by {@code now} plus the slack, in their due order, taken out. */
  List<T> takeDue(long now) {
    List<T> out = new ArrayList<>();
    for (Waiting<T> w = queue.peek(); w != null && (w.cancelled || w.due - now <= slackNanos); w = queue.peek()) {
      queue.poll();
      if (!w.cancelled) {
        out.add(w.check);
      }
    }
    return out;
  }

  /** When the next check is due ({@link Long#MAX_VALUE}: none waits). */
  long nextDue() {
    for (Waiting<T> w = queue.peek(); w != null; w = queue.peek()) {
      if (!w.cancelled) {
        return w.due;
      }
      queue.poll();
    }
    return Long.MAX_VALUE;
  }
}
