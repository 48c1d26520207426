package io.vertalived.checker.track;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.bus.TrackResult;
import io.vertalived.core.bus.TrackState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * This node's tracker results: publishes each change on {@link Addresses#TRACK_RESULT} and keeps
 * the latest of every tracker for {@link Addresses#TRACK_STATE}. A result equal to the
 * tracker's last one (same state and value) is not published again. Shared by the node's
 * trackers; safe from any thread.
 */
final class TrackBoard {
  private final Vertx vertx;
  private final String node;
  private final Sequencer sequence;
  private final Map<String, TrackResult> latest = new ConcurrentSkipListMap<>();
  private MessageConsumer<Object> state;

  TrackBoard(Vertx vertx, String node) {
    this.vertx = vertx;
    this.node = node;
    this.sequence = BusStreams.of(vertx).sequencer(Addresses.TRACK_RESULT, node);
  }

  String node() {
    return node;
  }

  /** Starts answering the state requests. */
  void open() {
    state = Bus.answer(vertx, Addresses.TRACK_STATE, node,
        q -> Future.succeededFuture(new TrackState(List.copyOf(latest.values()))));
  }

  synchronized void publish(String kind, String name, boolean up, long value, String reason) {
    TrackResult last = latest.get(kind + ":" + name);
    if (last != null && last.up() == up && last.value() == value) {
      return;
    }
    TrackResult r = new TrackResult(node, sequence.boot(), sequence.next(), Instant.now(), kind, name, up, value, reason);
    latest.put(kind + ":" + name, r);
    Bus.publish(vertx, Addresses.TRACK_RESULT, node, r);
  }

  /** Forgets the results of trackers of {@code kind} that are no longer among {@code names}. */
  synchronized void keepOnly(String kind, Set<String> names) {
    latest.keySet().removeIf(k -> k.startsWith(kind + ":") && !names.contains(k.substring(kind.length() + 1)));
  }

  void close() {
    if (state != null) {
      state.unregister();
    }
  }
}
