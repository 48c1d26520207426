package io.vertalived.checker.track;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.RecordJson;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.bus.TrackResult;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * This node's tracker results: publishes each change on {@code vertalived.track.<node>} and keeps
 * the latest of every tracker for {@code vertalived.track.state.<node>}. Shared by the node's
 * trackers (scripts, files); safe from any thread.
 */
final class TrackBoard {
  private final Vertx vertx;
  private final String node;
  private final Sequencer sequence = new Sequencer();
  private final Map<String, TrackResult> latest = new ConcurrentSkipListMap<>();
  private MessageConsumer<Object> state;

  TrackBoard(Vertx vertx, String node) {
    this.vertx = vertx;
    this.node = node;
  }

  /** Starts answering the state requests. */
  void open() {
    state = vertx.eventBus().consumer(Addresses.trackState(node), msg -> {
      JsonArray list = new JsonArray();
      latest.values().forEach(r -> list.add(RecordJson.encode(r)));
      msg.reply(new JsonObject().put("results", list));
    });
  }

  void publish(String kind, String name, boolean up, long value, String reason) {
    TrackResult r = new TrackResult(node, sequence.next(), Instant.now(), kind, name, up, value, reason);
    latest.put(kind + ":" + name, r);
    vertx.eventBus().publish(Addresses.trackResults(node), r);
  }

  void close() {
    if (state != null) {
      state.unregister();
    }
  }
}
