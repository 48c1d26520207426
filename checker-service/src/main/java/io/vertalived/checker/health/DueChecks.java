package io.vertalived.checker.health;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The checks of one probe shard waiting for their due time, on one alarm: when the alarm goes off,
 * every check due within {@code slackNanos} runs (a few of them up to that much early), and the
 * alarm is set again for the next one. The event loop then wakes a few hundred times a second at
 * most instead of once per check (each wake-up is a scheduler round trip in the kernel; HAProxy
 * runs its checks in batches the same way; docs/benchmarks.md). Pure: the caller gives the time
 * and runs the alarm.
 *
 * <p>A binary heap in arrays of plain numbers (due time and ticket) beside the checks: a wait makes
 * no object (with 100,000 real servers, an object per wait stored in a long-lived check made every
 * young collection scan most of the old generation for it), and ordering the heap reads and moves
 * numbers only, never the checks themselves, which lie all over the heap of a JVM with thousands of
 * real servers (each check read there is a cache miss: a dozen per wait when the checks were their
 * own heap's nodes; docs/benchmarks.md). A cancelled or moved wait stays in the heap, stale (its
 * ticket is no longer its check's), until it comes to the top or the stale ones are half the heap.
 */
final class DueChecks<T extends DueChecks.Entry> {
  /** What waits: at most once at a time; {@link #add} again moves it. */
  abstract static class Entry {
    private long due;
    /** The ticket of its place in the heap; -1 while it does not wait. */
    private long ticket = -1;

    /** Whether it waits now. */
    final boolean waiting() {
      return ticket >= 0;
    }

    /** When it is (or was last) due. */
    final long due() {
      return due;
    }
  }

  private final long slackNanos;
  private long[] dues = new long[16];
  /** Tickets are handed out in order: of two waits due at the same time, the one added first. */
  private long[] tickets = new long[16];
  private Entry[] entries = new Entry[16];
  private int size;
  private int stale;
  private long issued;

  DueChecks(long slackNanos) {
    this.slackNanos = slackNanos;
  }

  /** {@code check} is due at {@code due} (no longer when it was, if it waited). */
  void add(T check, long due) {
    Entry e = check;
    if (e.ticket >= 0) {
      stale++;
    }
    e.due = due;
    e.ticket = issued++;
    if (size == dues.length) {
      dues = Arrays.copyOf(dues, size * 2);
      tickets = Arrays.copyOf(tickets, size * 2);
      entries = Arrays.copyOf(entries, size * 2);
    }
    siftUp(size++, due, e.ticket, e);
    compactWhenMostlyStale();
  }

  /** It no longer waits (its real server was let go, or it runs now); nothing if it did not. */
  void cancel(T check) {
    Entry e = check;
    if (e.ticket >= 0) {
      e.ticket = -1;
      stale++;
      compactWhenMostlyStale();
    }
  }

  /** The checks due by {@code now} plus the slack, in their due order, taken out. */
  List<T> takeDue(long now) {
    return takeDue(now, Integer.MAX_VALUE);
  }

  /** The first {@code most} of the checks due by {@code now} plus the slack, in their due order, taken out. */
  @SuppressWarnings("unchecked")
  List<T> takeDue(long now, int most) {
    List<T> out = new ArrayList<>();
    while (out.size() < most && topIsLive() && dues[0] - now <= slackNanos) {
      Entry first = entries[0];
      first.ticket = -1;
      removeTop();
      out.add((T) first);
    }
    return out;
  }

  /** When the next check is due ({@link Long#MAX_VALUE}: none waits). */
  long nextDue() {
    return topIsLive() ? dues[0] : Long.MAX_VALUE;
  }

  /** How many wait. */
  int size() {
    return size - stale;
  }

  /** Whether a wait is at the top, after dropping the stale ones there. */
  private boolean topIsLive() {
    while (size > 0 && entries[0].ticket != tickets[0]) {
      stale--;
      removeTop();
    }
    return size > 0;
  }

  private void removeTop() {
    size--;
    long due = dues[size];
    long ticket = tickets[size];
    Entry e = entries[size];
    entries[size] = null;
    if (size > 0) {
      siftDown(0, due, ticket, e);
    }
  }

  /** Keeps the live waits only and orders them again, once stale ones are half the heap (and more than a few). */
  private void compactWhenMostlyStale() {
    if (stale < 64 || stale * 2 < size) {
      return;
    }
    int live = 0;
    for (int i = 0; i < size; i++) {
      if (entries[i].ticket == tickets[i]) {
        dues[live] = dues[i];
        tickets[live] = tickets[i];
        entries[live] = entries[i];
        live++;
      }
    }
    Arrays.fill(entries, live, size, null);
    size = live;
    stale = 0;
    for (int i = size / 2 - 1; i >= 0; i--) {
      siftDown(i, dues[i], tickets[i], entries[i]);
    }
  }

  /** Puts (due, ticket, e) at {@code i} or above, moving larger parents down. */
  private void siftUp(int i, long due, long ticket, Entry e) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!before(due, ticket, dues[parent], tickets[parent])) {
        break;
      }
      place(i, dues[parent], tickets[parent], entries[parent]);
      i = parent;
    }
    place(i, due, ticket, e);
  }

  /** Puts (due, ticket, e) at {@code i} or below, moving smaller children up. */
  private void siftDown(int i, long due, long ticket, Entry e) {
    int half = size / 2;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(dues[right], tickets[right], dues[child], tickets[child])) {
        child = right;
      }
      if (!before(dues[child], tickets[child], due, ticket)) {
        break;
      }
      place(i, dues[child], tickets[child], entries[child]);
      i = child;
    }
    place(i, due, ticket, e);
  }

  private void place(int i, long due, long ticket, Entry e) {
    dues[i] = due;
    tickets[i] = ticket;
    entries[i] = e;
  }

  /** Earlier due first; of the same due, the one added first. */
  private static boolean before(long dueA, long ticketA, long dueB, long ticketB) {
    return dueA != dueB ? dueA - dueB < 0 : ticketA < ticketB;
  }
}
