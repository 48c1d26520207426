package io.vertalived.core.journal;

import io.vertx.core.Future;

/**
 * The events a person or tool must not miss (VRRP transitions, real-server states, configuration
 * loads, and what later services add), each with a cluster-wide, strictly increasing id from 1,
 * kept for the last {@link #capacity()} events. In a cluster a Hazelcast {@code Ringbuffer} with a
 * backup ({@link HazelcastJournal}); in one JVM the same over a ring in memory
 * ({@link MemoryJournal}). Readers read from an id; {@link #await} waits for the next events (a
 * live tail without a gap); one that asks for an id the journal no longer holds is told how many
 * it missed.
 */
public interface EventJournal {
  /** Appends a bus event (a record of the contract); completes with its id. */
  Future<Long> append(Record event);

  /** At most {@code max} entries from id {@code from} (1 is the first ever), now; none if there are none yet. */
  Future<JournalPage> read(long from, int max);

  /** As {@link #read}, but completes only when at least one entry from {@code from} exists. */
  Future<JournalPage> await(long from, int max);

  /** The id the next appended event will get (1 when the journal is empty). */
  Future<Long> next();

  long capacity();

  /**
   * This journal's identity: ids are strictly increasing within one epoch only. A reader that
   * kept an id (the notifier's position) and finds another epoch reads the new journal from its
   * start: the process that held the old one (a JVM alone, or a whole cluster) was restarted.
   */
  Future<String> epoch();
}
