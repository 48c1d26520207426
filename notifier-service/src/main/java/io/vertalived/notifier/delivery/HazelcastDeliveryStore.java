package io.vertalived.notifier.delivery;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertalived.core.journal.PublishedEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The delivery store of a cluster: Hazelcast maps with one backup ({@value #PENDING},
 * {@value #POSITION}, {@value #SET_ASIDE}), so that the notifier that takes over from a dead one
 * finds what it left. Only the owner writes. {@link #accept} stores the deliveries before the
 * position: a crash in between makes the next owner read those events again and store the same
 * deliveries under the same keys (a delivery made meanwhile is made again, with the same key).
 * Hazelcast's async calls throughout; the one scan ({@link #load}) runs on a worker.
 */
public final class HazelcastDeliveryStore implements DeliveryStore {
  public static final String PENDING = "vertalived.notifier.pending";
  public static final String POSITION = "vertalived.notifier.position";
  public static final String SET_ASIDE = "vertalived.notifier.set-aside";
  private final Context context;
  private final IMap<String, String> pending;
  private final IMap<String, String> position;
  private final IMap<String, String> setAside;

  public HazelcastDeliveryStore(Context context, HazelcastInstance hazelcast) {
    this.context = context;
    this.pending = hazelcast.getMap(PENDING);
    this.position = hazelcast.getMap(POSITION);
    this.setAside = hazelcast.getMap(SET_ASIDE);
  }

  private <T> Future<T> on(java.util.concurrent.CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, context);
  }

  static String encode(Delivery d) {
    return new JsonObject().put("key", d.key()).put("endpoint", d.endpoint()).put("lane", d.lane())
        .put("eventId", d.eventId()).put("event", d.event().toJson()).put("attempts", d.attempts()).encode();
  }

  static Delivery decode(String s) {
    JsonObject o = new JsonObject(s);
    return new Delivery(o.getString("key"), o.getString("endpoint"), o.getString("lane"), o.getLong("eventId"),
        PublishedEvent.fromJson(o.getJsonObject("event")), o.getInteger("attempts"));
  }

  @Override
  public Future<Loaded> load() {
    return context.executeBlocking(() -> {
      String p = position.get("position");
      Position pos = null;
      if (p != null) {
        JsonObject o = new JsonObject(p);
        pos = new Position(o.getString("epoch"), o.getLong("next"));
      }
      List<Delivery> all = new ArrayList<>();
      for (String s : pending.values()) {
        all.add(decode(s));
      }
      all.sort(Comparator.comparingLong(Delivery::eventId).thenComparing(Delivery::key));
      return new Loaded(pos, all);
    });
  }

  @Override
  public Future<Void> accept(List<Delivery> deliveries, Position next) {
    Map<String, String> batch = new HashMap<>();
    deliveries.forEach(d -> batch.put(d.key(), encode(d)));
    Future<Void> stored = batch.isEmpty() ? Future.succeededFuture() : on(pending.putAllAsync(batch));
    return stored.compose(v -> on(position.setAsync("position",
        new JsonObject().put("epoch", next.epoch()).put("next", next.next()).encode())));
  }

  @Override
  public Future<Void> delivered(Delivery d) {
    return on(pending.removeAsync(d.key())).mapEmpty();
  }

  @Override
  public Future<Void> attempted(Delivery d) {
    return on(pending.setAsync(d.key(), encode(d)));
  }

  @Override
  public Future<Void> setAside(Delivery d, String reason) {
    String kept = new JsonObject(encode(d)).put("reason", reason).put("at", Instant.now().toString()).encode();
    return on(setAside.setAsync(d.key(), kept)).compose(v -> on(pending.removeAsync(d.key()))).mapEmpty();
  }

  @Override
  public Future<List<SetAside>> setAside(int max) {
    return context.executeBlocking(() -> {
      List<SetAside> out = new ArrayList<>();
      for (String s : setAside.values()) {
        JsonObject o = new JsonObject(s);
        out.add(new SetAside(decode(s), o.getString("reason"), Instant.parse(o.getString("at"))));
      }
      out.sort(Comparator.comparing(SetAside::at).reversed());
      return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
    });
  }

  @Override
  public Future<Integer> dropEndpoint(String endpoint) {
    return context.executeBlocking(() -> {
      int n = 0;
      for (Map.Entry<String, String> e : pending.entrySet()) {
        if (decode(e.getValue()).endpoint().equals(endpoint)) {
          pending.delete(e.getKey());
          n++;
        }
      }
      return n;
    });
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
