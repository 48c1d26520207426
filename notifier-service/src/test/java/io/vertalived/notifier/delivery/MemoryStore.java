package io.vertalived.notifier.delivery;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A store in memory for the dispatcher's tests: what it holds is what a real one would. */
final class MemoryStore implements DeliveryStore {
  final Map<String, Delivery> pending = new LinkedHashMap<>();
  final Map<String, String> setAside = new LinkedHashMap<>();
  Position position;

  @Override
  public Future<Loaded> load() {
    return Future.succeededFuture(new Loaded(position, new ArrayList<>(pending.values())));
  }

  @Override
  public Future<Void> accept(List<Delivery> deliveries, Position next) {
    deliveries.forEach(d -> pending.putIfAbsent(d.key(), d));
    position = next;
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> delivered(Delivery d) {
    pending.remove(d.key());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> attempted(Delivery d) {
    pending.replace(d.key(), d);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> setAside(Delivery d, String reason) {
    pending.remove(d.key());
    setAside.put(d.key(), reason);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<SetAside>> setAside(int max) {
    return Future.succeededFuture(List.of());
  }

  @Override
  public Future<Integer> dropEndpoint(String endpoint) {
    int before = pending.size();
    pending.values().removeIf(d -> d.endpoint().equals(endpoint));
    return Future.succeededFuture(before - pending.size());
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
