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
 * <p>A binary heap of the checks themselves ({@link Entry}: each knows its place in it), so a wait
 * makes no object: with 100,000 real servers, an object per wait stored in a long-lived check made
 * every young collection scan most of the old generation for it (docs/benchmarks.md).
 */
final class DueChecks<T extends DueChecks.Entry> {
  /** What waits: at most once at a time; {@link #add} again moves it. */
  abstract static class Entry {
    private long due;
    private long order;
    /** Its place in the heap; -1 while it does not wait. */
    private int index = -1;

    /** Whether it waits now. */
    final boolean waiting() {
      return index >= 0;
    }

    /** When it is (or was last) due. */
    final long due() {
      return due;
    }
  }

  private final long slackNanos;
  private Entry[] heap = new Entry[16];
  private int size;
  private long added;

  DueChecks(long slackNanos) {
    this.slackNanos = slackNanos;
  }

  /** {@code check} is due at {@code due} (no longer when it was, if it waited). */
  void add(T check, long due) {
    Entry e = check;
    if (e.index >= 0) {
      removeAt(e.index);
    }
    e.due = due;
    e.order = added++;
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    heap[size] = e;
    e.index = size;
    size++;
    siftUp(e.index);
  }

  /** It no longer waits (its real server was let go, or it runs now); nothing if it did not. */
  void cancel(T check) {
    Entry e = check;
    if (e.index >= 0) {
      removeAt(e.index);
    }
  }

  /** The checks due by {@code now} plus the slack, in their due order, taken out. */
  @SuppressWarnings("unchecked")
  List<T> takeDue(long now) {
    List<T> out = new ArrayList<>();
    while (size > 0 && heap[0].due - now <= slackNanos) {
      Entry first = heap[0];
      removeAt(0);
      out.add((T) first);
    }
    return out;
  }

  /** When the next check is due ({@link Long#MAX_VALUE}: none waits). */
  long nextDue() {
    return size == 0 ? Long.MAX_VALUE : heap[0].due;
  }

  /** How many wait. */
  int size() {
    return size;
  }

  private void removeAt(int i) {
    Entry gone = heap[i];
    gone.index = -1;
    size--;
    if (i == size) {
      heap[size] = null;
      return;
    }
    Entry last = heap[size];
    heap[size] = null;
    heap[i] = last;
    last.index = i;
    if (i > 0 && before(last, heap[(i - 1) / 2])) {
      siftUp(i);
    } else {
      siftDown(i);
    }
  }

  private void siftUp(int i) {
    Entry e = heap[i];
    while (i > 0) {
      int parent = (i - 1) / 2;
      Entry p = heap[parent];
      if (!before(e, p)) {
        break;
      }
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = e;
    e.index = i;
  }

  private void siftDown(int i) {
    Entry e = heap[i];
    int half = size / 2;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(heap[right], heap[child])) {
        child = right;
      }
      Entry c = heap[child];
      if (!before(c, e)) {
        break;
      }
      heap[i] = c;
      c.index = i;
      i = child;
    }
    heap[i] = e;
    e.index = i;
  }

  /** Earlier due first; of the same due, the one added first. */
  private static boolean before(Entry a, Entry b) {
    return a.due != b.due ? a.due - b.due < 0 : a.order < b.order;
  }
}
