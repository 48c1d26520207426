package io.vertalived.notifier.delivery;

import io.vertx.core.Future;
import java.util.List;

/**
 * Where the notifier keeps its progress, so that nothing is lost across a crash or a change of
 * owner (docs/notifier.md): its position in the journal and every delivery not yet made, taken
 * in the same step ({@link #accept}), each delivery removed once made or set aside. A SQLite file
 * for a notifier on its own ({@link SqliteDeliveryStore}); Hazelcast maps with backups in a
 * cluster, where another notifier takes over ({@link HazelcastDeliveryStore}). Completions come
 * back on the caller's Vert.x context, in the order of the calls.
 */
public interface DeliveryStore {
  /** The journal epoch read and the next id to read in it. */
  record Position(String epoch, long next) {}

  /** What a notifier resumes from: its position (null before the first) and its pending deliveries, by event id. */
  record Loaded(Position position, List<Delivery> pending) {
    public Loaded {
      pending = List.copyOf(pending);
    }
  }

  /** A delivery set aside for good, with why. */
  record SetAside(Delivery delivery, String reason, java.time.Instant at) {}

  Future<Loaded> load();

  /** New deliveries and the position after the events they came from, kept together. */
  Future<Void> accept(List<Delivery> deliveries, Position next);

  Future<Void> delivered(Delivery d);

  /** A delivery with one more attempt counted. */
  Future<Void> attempted(Delivery d);

  Future<Void> setAside(Delivery d, String reason);

  /** The deliveries set aside, the latest first (at most {@code max}). */
  Future<List<SetAside>> setAside(int max);

  /** An endpoint removed from the configuration: its pending deliveries go; how many. */
  Future<Integer> dropEndpoint(String endpoint);

  Future<Void> close();
}
