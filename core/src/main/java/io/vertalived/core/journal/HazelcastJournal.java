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
 * The cluster's journal: Hazelcast's {@code Ringbuffer} {@value #NAME} (one backup, its capacity
 * set in the cluster's configuration, {@link JournalSettings}), entries kept as
 * {@code TYPE\nJSON}; an entry's id is its ring sequence + 1. Hazelcast's calls that block run on
 * a worker, never on an event loop.
 */
public final class HazelcastJournal implements EventJournal {
  public static final String NAME = "vertalived.journal";
  private final Vertx vertx;
  private final Ringbuffer<String> ring;

  public HazelcastJournal(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.ring = hazelcast.getRingbuffer(NAME);
  }

  @Override
  public Future<Long> append(Record event) {
    String stored = JournalEntry.of(0, event).stored();
    return Future.fromCompletionStage(ring.addAsync(stored, OverflowPolicy.OVERWRITE), vertx.getOrCreateContext())
        .map(seq -> seq + 1);
  }

  @Override
  public Future<JournalPage> read(long from, int max) {
    return vertx.executeBlocking(() -> readNow(from, max, 0));
  }

  @Override
  public Future<JournalPage> await(long from, int max) {
    return vertx.executeBlocking(() -> readNow(from, max, 1));
  }

  /** Reads with Hazelcast's readMany (blocking, on a worker): waits for {@code min} entries. */
  private JournalPage readNow(long from, int max, int min) throws Exception {
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
        ReadResultSet<String> rs = ring.readManyAsync(start - 1, min, Math.max(1, max), null)
            .toCompletableFuture().get();
        List<JournalEntry> out = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
          out.add(JournalEntry.fromStored(rs.getSequence(i) + 1, rs.get(i)));
        }
        return new JournalPage(out, start + out.size(), oldest, missed);
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
