package io.vertalived.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertalived.notifier.event.Events;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store keeps the position and the pending deliveries across a reopen, in event order. */
class SqliteDeliveryStoreTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private Context context;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static Delivery d(String endpoint, long id, String instance) {
    return Delivery.of("0f1e2d3c-aaaa", endpoint, Events.transition(id, instance, "BACKUP", "MASTER", 100));
  }

  @Test
  void whatWasAcceptedAndNotDeliveredIsThereAfterAReopen() throws Exception {
    Path file = dir.resolve("state/notifier.db");
    SqliteDeliveryStore s = SqliteDeliveryStore.open(context, file);
    assertNull(s.load().await(5, TimeUnit.SECONDS).position());
    s.accept(List.of(d("ops", 2, "VI_2"), d("smtp", 1, "VI_1"), d("ops", 1, "VI_1")),
        new DeliveryStore.Position("0f1e2d3c-aaaa", 3)).await(5, TimeUnit.SECONDS);
    s.accept(List.of(d("ops", 1, "VI_1")), new DeliveryStore.Position("0f1e2d3c-aaaa", 3)).await(5, TimeUnit.SECONDS);
    s.delivered(d("smtp", 1, "VI_1")).await(5, TimeUnit.SECONDS);
    s.attempted(d("ops", 2, "VI_2").attempted().attempted()).await(5, TimeUnit.SECONDS);
    s.setAside(d("ops", 1, "VI_1").attempted(), "HTTP 410 Gone: refused by the endpoint").await(5, TimeUnit.SECONDS);
    s.accept(List.of(d("ops", 3, "VI_1"), d("old", 3, "VI_1")), new DeliveryStore.Position("0f1e2d3c-aaaa", 4))
        .await(5, TimeUnit.SECONDS);
    assertEquals(1, s.dropEndpoint("old").await(5, TimeUnit.SECONDS));
    s.close().await(5, TimeUnit.SECONDS);

    SqliteDeliveryStore again = SqliteDeliveryStore.open(context, file);
    DeliveryStore.Loaded l = again.load().await(5, TimeUnit.SECONDS);
    assertEquals(new DeliveryStore.Position("0f1e2d3c-aaaa", 4), l.position());
    assertEquals(List.of("0f1e2d3c.2.ops/2", "0f1e2d3c.3.ops/0"),
        l.pending().stream().map(x -> x.key() + "/" + x.attempts()).toList(), "by event id, attempts kept");
    assertEquals(d("ops", 2, "VI_2").event(), l.pending().get(0).event());
    List<DeliveryStore.SetAside> aside = again.setAside(10).await(5, TimeUnit.SECONDS);
    assertEquals(1, aside.size());
    assertEquals("HTTP 410 Gone: refused by the endpoint", aside.get(0).reason());
    assertEquals(1, aside.get(0).delivery().attempts());
    again.close().await(5, TimeUnit.SECONDS);
  }
}
