package io.vertalived.core.journal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal of one JVM: a ring of the last {@code capacity} entries in memory. Appends and
 * reads from any thread; waiting readers are completed by the append that brings them entries.
 * The ring grows to its capacity as entries come (a node that journals a few transitions does
 * not hold 100,000 empty slots), and an event is kept as its record until it is first read:
 * a process whose journal nobody reads (a lone VRRP node) never encodes JSON.
 */
public final class MemoryJournal implements EventJournal {
  private static final int FIRST_RING = 64;
  private final int capacity;
  /** Each slot a {@link JournalEntry}, or an {@link Unread} event. */
  private Object[] ring;

  /** An event appended and not read yet: encoded by the first read. */
  private record Unread(Record event) {}

  /** The slot of an event that could not be encoded: readers count it as missed. */
  private static final Object UNENCODABLE = new Object();
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("io.vertalived.journal");
  /** The id of the next entry; entries {@code next - size .. next - 1} are held. */
  private long next = 1;
  private int size;
  private final List<Waiter> waiting = new ArrayList<>();
  private final String epoch = java.util.UUID.randomUUID().toString();

  private record Waiter(long from, int max, Promise<JournalPage> promise) {}

  public MemoryJournal(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("journal capacity must be at least 1, not " + capacity);
    }
    this.capacity = capacity;
    this.ring = new Object[Math.min(capacity, FIRST_RING)];
  }

  @Override
  public Future<Long> append(Record event) {
    List<Waiter> ready = new ArrayList<>();
    long id;
    synchronized (this) {
      id = next++;
      int slot = (int) ((id - 1) % capacity);
      if (slot == ring.length) {
        // not full yet (the ring wraps only at its capacity): the slots are ids 1.. in order
        ring = java.util.Arrays.copyOf(ring, (int) Math.min(capacity, 2L * ring.length));
      }
      ring[slot] = new Unread(event);
      size = Math.min(capacity, size + 1);
      waiting.removeIf(w -> {
        if (w.from() <= id) {
          ready.add(w);
          return true;
        }
        return false;
      });
    }
    for (Waiter w : ready) {
      w.promise().complete(page(w.from(), w.max()));
    }
    return Future.succeededFuture(id);
  }

  @Override
  public Future<JournalPage> read(long from, int max) {
    return Future.succeededFuture(page(from, max));
  }

  @Override
  public Future<JournalPage> await(long from, int max) {
    synchronized (this) {
      if (from >= next) {
        Promise<JournalPage> p = Promise.promise();
        waiting.add(new Waiter(from, max, p));
        return p.future();
      }
    }
    return read(from, max);
  }

  @Override
  public synchronized Future<Long> next() {
    return Future.succeededFuture(next);
  }

  private synchronized JournalPage page(long from, int max) {
    long oldest = next - size;
    long start = Math.max(Math.max(1, from), oldest);
    long missed = Math.max(0, oldest - Math.max(1, from));
    List<JournalEntry> out = new ArrayList<>();
    long id = start;
    for (; id < next && out.size() < max; id++) {
      JournalEntry e = entry(id);
      if (e == null) {
        missed++;
      } else {
        out.add(e);
      }
    }
    return new JournalPage(out, id, oldest, missed);
  }

  /**
   * Entry {@code id} (held), encoded now if it was not read before; null for an event that cannot be encoded
   * (none of the bus's records: the journal's readers are told it was missed, once logged).
   */
  private JournalEntry entry(long id) {
    int slot = (int) ((id - 1) % capacity);
    if (ring[slot] instanceof Unread u) {
      try {
        ring[slot] = JournalEntry.of(id, u.event());
      } catch (RuntimeException e) {
        LOG.warning("journal entry " + id + " (a " + u.event().getClass().getSimpleName() + ") cannot be written as"
            + " JSON, its readers are told they missed it: " + e.getMessage());
        ring[slot] = UNENCODABLE;
      }
    }
    return ring[slot] instanceof JournalEntry e ? e : null;
  }

  @Override
  public long capacity() {
    return capacity;
  }

  @Override
  public Future<String> epoch() {
    return Future.succeededFuture(epoch);
  }
}
