package io.vertalived.core.bus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A stream's listeners in this JVM: counted while their consumers are registered, per Vert.x instance. */
class LocalListenersTest {
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    BusCodecs.register(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void countedWhileRegistered() throws Exception {
    LocalListeners results = LocalListeners.of(vertx, Addresses.CHECK_RESULT);
    assertSame(results, LocalListeners.of(vertx, Addresses.CHECK_RESULT), "one object per stream");
    assertFalse(results.any());
    MessageConsumer<Object> one = LocalListeners.consume(vertx, Addresses.CONFIG_RELOADED, r -> { });
    one.completion().await(5, TimeUnit.SECONDS);
    assertFalse(results.any(), "a listener of another stream");
    MessageConsumer<Object> first = LocalListeners.consume(vertx, Addresses.CHECK_RESULT, r -> { });
    MessageConsumer<Object> second = LocalListeners.consume(vertx, Addresses.CHECK_RESULT, r -> { });
    assertTrue(results.any());
    first.unregister().await(5, TimeUnit.SECONDS);
    assertTrue(results.any(), "one is left");
    second.unregister().await(5, TimeUnit.SECONDS);
    long until = System.nanoTime() + 5_000_000_000L;
    while (results.any() && System.nanoTime() < until) {
      Thread.onSpinWait(); // the end handler runs on the consumer's context
    }
    assertFalse(results.any(), "none left");
    Vertx other = Vertx.vertx();
    try {
      assertFalse(LocalListeners.of(other, Addresses.CONFIG_RELOADED).any(), "per Vert.x instance");
    } finally {
      other.close().await(10, TimeUnit.SECONDS);
    }
  }
}
