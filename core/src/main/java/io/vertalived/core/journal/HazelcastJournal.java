package io.vertalived.core.journal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's journal: Hazelcast's {@code Ringbuffer} {@value #NAME} (two backups, its capacity
 * set in the cluster's configuration, {@link JournalSettings}), entries kept as
 * {@code TYPE\nJSON}; an entry's id is its ring sequence + 1. Hazelcast's calls that block run on
 * a worker, never on an event loop.
 */
public final class HazelcastJournal implements EventJournal {
  public static final String NAME = "vertalived.journal";
  /** The map holding the journal's epoch (key {@code epoch}), set once by the first member that asks. */
  public static final String META = "vertalived.journal.meta";
  private final Vertx vertx;
  private final Ringbuffer<String> ring;
  private final com.hazelcast.map.IMap<String, String> meta;

  public HazelcastJournal(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.ring = hazelcast.getRingbuffer(NAME);
    this.meta = hazelcast.getMap(META);
  }

  @Override
  public Future<String> epoch() {
    return vertx.executeBlocking(() -> {
      String mine = java.util.UUID.randomUUID().toString();
      String held = meta.putIfAbsent("epoch", mine);
      return held != null ? held : mine;
    });
  }

  @Override
  public Future<Long> append(Record event) {
    String stored = JournalEntry.of(0, event).stored();
    return Future.fromCompletionStage(ring.addAsync(stored, OverflowPolicy.OVERWRITE), vertx.getOrCreateContext())
        .map(seq -> seq + 1);
  }

  @Override
  public Future<JournalPage> read(long from, int max) {
    return vertx.executeBlocking(() -> readNow(from, max));
  }

  /**
   * Waits without holding a thread: Hazelcast's readManyAsync completes when an entry exists. A
   * start the ring no longer holds is moved by Hazelcast to its oldest entry; the jump is what
   * the reader missed.
   */
  @Override
  public Future<JournalPage> await(long from, int max) {
    long start = Math.max(1, from);
    return Future.fromCompletionStage(ring.readManyAsync(start - 1, 1, Math.max(1, max), null), vertx.getOrCreateContext())
        .map(rs -> {
          List<JournalEntry> out = new ArrayList<>();
          for (int i = 0; i < rs.size(); i++) {
            out.add(JournalEntry.fromStored(rs.getSequence(i) + 1, rs.get(i)));
          }
          long first = out.isEmpty() ? start : out.get(0).id();
          long missed = Math.max(0, first - start);
          return new JournalPage(out, rs.getNextSequenceToReadFrom() + 1, start + missed, missed);
        });
  }

  /** Reads what is there now with Hazelcast's readMany (blocking, on a worker). */
  private JournalPage readNow(long from, int max) throws Exception {
    while (true) {
      long head = ring.headSequence();
      long tail = ring.tailSequence();
      long oldest = head + 1;
      long start = Math.max(Math.max(1, from), oldest);
      long missed = Math.max(0, oldest - Math.max(1, from));
      if (start - 1 > tail + 1) {
        // asking from beyond the next id: nothing can come there before the ids in between
        return new JournalPage(List.of(), start, oldest, missed);
      }
      try {
        ReadResultSet<String> rs = ring.readManyAsync(start - 1, 0, Math.max(1, max), null)
            .toCompletableFuture().get();
        List<JournalEntry> out = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
          out.add(JournalEntry.fromStored(rs.getSequence(i) + 1, rs.get(i)));
        }
        // overwritten between headSequence and the read: Hazelcast jumped to its oldest entry
        long jumped = out.isEmpty() ? 0 : Math.max(0, out.get(0).id() - start);
        return new JournalPage(out, rs.getNextSequenceToReadFrom() + 1, oldest + jumped, missed + jumped);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof StaleSequenceException)) {
          throw e;
        }
        // overwritten while we looked: read again from the new head
      }
    }
  }

  @Override
  public Future<Long> next() {
    return vertx.executeBlocking(() -> ring.tailSequence() + 2);
  }

  @Override
  public long capacity() {
    return ring.capacity();
  }
}
