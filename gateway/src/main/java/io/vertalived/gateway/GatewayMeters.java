package io.vertalived.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertalived.gateway.sse.EventFeed;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gateway's own meters over all its instances (one per event loop): the clients of its
 * event streams, and how far the furthest-behind tail is from the journal's end.
 */
final class GatewayMeters {
  private final MeterRegistry registry;
  private final List<EventFeed> feeds = new CopyOnWriteArrayList<>();
  private final List<Meter> meters;

  GatewayMeters(MeterRegistry registry) {
    this.registry = registry;
    this.meters = List.of(
        Gauge.builder("vertalived.sse.clients", feeds, f -> f.stream().mapToInt(EventFeed::clients).sum())
            .description("Clients connected to this gateway's event stream").register(registry),
        Gauge.builder("vertalived.journal.lag", feeds, f -> f.stream().mapToLong(EventFeed::lag).max().orElse(0))
            .description("Events the journal holds that this gateway's stream has not read yet").baseUnit("events")
            .register(registry));
  }

  void add(EventFeed feed) {
    feeds.add(feed);
  }

  void remove(EventFeed feed) {
    feeds.remove(feed);
  }

  void close() {
    meters.forEach(registry::remove);
  }
}
