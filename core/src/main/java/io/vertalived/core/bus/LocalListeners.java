package io.vertalived.core.bus;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Who in this JVM listens to every event of a stream, also those that are published in this JVM only (the results
 * of {@link Addresses#CHECK_RESULT} that say nothing new). Such events have no consumer elsewhere, so their
 * publisher skips them while nobody here listens: Vert.x answers a publish that no consumer hears with an exception
 * (made, message and all), which at thousands of checks per second cost more than a tenth of a check
 * (docs/benchmarks.md). A consumer of those events registers through {@link #consume}.
 */
public final class LocalListeners implements Shareable {
  private static final String MAP = "vertalived.local-listeners";
  private final AtomicInteger count = new AtomicInteger();

  private LocalListeners() {}

  /** The listeners of stream {@code a} in this Vert.x instance (one object per stream: keep it). */
  public static LocalListeners of(Vertx vertx, BusAddress<?, Void> a) {
    LocalMap<String, LocalListeners> map = vertx.sharedData().getLocalMap(MAP);
    LocalListeners fresh = new LocalListeners();
    LocalListeners known = map.putIfAbsent(a.address(), fresh);
    return known != null ? known : fresh;
  }

  /** Whether anyone in this JVM listens to every event. */
  public boolean any() {
    return count.get() > 0;
  }

  /**
   * Consumes every event of stream {@code a} this JVM publishes (and those of the cluster, as {@link Bus#consume}),
   * counted as a listener until the consumer is unregistered (its end handler is this count's: do not replace it).
   */
  public static <B> MessageConsumer<Object> consume(Vertx vertx, BusAddress<B, Void> a, Consumer<B> handler) {
    LocalListeners listeners = of(vertx, a);
    listeners.count.incrementAndGet();
    MessageConsumer<Object> consumer = Bus.consume(vertx, a, handler);
    consumer.endHandler(v -> listeners.count.decrementAndGet());
    return consumer;
  }
}
