package io.vertalived.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.Webhook;
import io.vertalived.notifier.event.Events;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher on a virtual clock against scripted endpoints: order per lane, lanes and
 * endpoints side by side, backoff and Retry-After, refusals set aside, a used-up budget parks
 * only its endpoint, a probe resumes it, a removed endpoint's deliveries go.
 */
class DispatcherTest {
  private static final Webhook.Retry RETRY = new Webhook.Retry(1, 8, 4, 3600);
  private final ManualTimers timers = new ManualTimers();
  private final MemoryStore store = new MemoryStore();
  private final List<String> parked = new ArrayList<>();
  private final Dispatcher dispatcher = new Dispatcher(timers, store,
      (endpoint, id, whole, held, reason) -> parked.add(endpoint + " " + id + (whole ? " endpoint, held " + held : "")
          + ": " + reason), () -> 0.0);

  private Delivery d(String endpoint, long id, String instance) {
    return Delivery.of("epoch-1234", endpoint, Events.transition(id, instance, "BACKUP", "MASTER", 100)
        .withTimestamp(timers.now()));
  }

  private void add(Delivery... ds) {
    store.accept(List.of(ds), new DeliveryStore.Position("epoch-1234", 100));
    dispatcher.add(List.of(ds));
  }

  @Test
  void eachLaneInOrderAndLanesSideBySide() {
    ScriptedTransport hook = new ScriptedTransport();
    hook.hold = true;
    dispatcher.endpoints(List.of(new Dispatcher.Endpoint("ops", hook, RETRY)));
    add(d("ops", 1, "VI_1"), d("ops", 2, "VI_2"), d("ops", 3, "VI_1"));
    assertEquals(List.of("VI_1#1", "VI_2#2"), hook.sent, "one at a time per instance, instances side by side");
    hook.held.get(0).complete(new Attempt.Delivered("200"));
    assertEquals(List.of("VI_1#1", "VI_2#2", "VI_1#3"), hook.sent);
    hook.held.get(1).complete(new Attempt.Delivered("200"));
    hook.held.get(2).complete(new Attempt.Delivered("200"));
    assertTrue(store.pending.isEmpty());
  }

  @Test
  void aRetryableFailureWaitsItsBackoffOnItsLaneOnly() {
    ScriptedTransport hook = new ScriptedTransport().failing(2, "HTTP 503").then(new Attempt.Delivered("200"));
    dispatcher.endpoints(List.of(new Dispatcher.Endpoint("ops", hook, RETRY)));
    add(d("ops", 1, "VI_1"), d("ops", 2, "VI_1"));
    assertEquals(List.of("VI_1#1"), hook.sent);
    assertEquals(1, store.pending.get("epoch-12.1.ops").attempts(), "the attempt is counted in the store");
    timers.advance(Duration.ofMillis(499));
    assertEquals(1, hook.sent.size(), "backoff: half of 1 s at the least");
    timers.advance(Duration.ofMillis(1));
    assertEquals(List.of("VI_1#1", "VI_1#1 retry 1"), hook.sent);
    timers.advance(Duration.ofSeconds(1));
    assertEquals(List.of("VI_1#1", "VI_1#1 retry 1", "VI_1#1 retry 2", "VI_1#2"), hook.sent, "then the next in order");
    assertTrue(store.pending.isEmpty());
  }

  @Test
  void retryAfterIsHonoured() {
    ScriptedTransport hook = new ScriptedTransport().then(new Attempt.Failed("HTTP 429", true, Duration.ofSeconds(30)));
    dispatcher.endpoints(List.of(new Dispatcher.Endpoint("ops", hook, RETRY)));
    add(d("ops", 1, "VI_1"));
    timers.advance(Duration.ofSeconds(29));
    assertEquals(1, hook.sent.size());
    timers.advance(Duration.ofSeconds(1));
    assertEquals(2, hook.sent.size());
  }

  @Test
  void aRefusalSetsTheDeliveryAsideAndTheLaneGoesOn() {
    ScriptedTransport hook = new ScriptedTransport().then(Attempt.Failed.refused("HTTP 404 Not Found: refused by the endpoint"));
    dispatcher.endpoints(List.of(new Dispatcher.Endpoint("ops", hook, RETRY)));
    add(d("ops", 1, "VI_1"), d("ops", 2, "VI_1"));
    assertEquals(List.of("VI_1#1", "VI_1#2"), hook.sent);
    assertEquals("HTTP 404 Not Found: refused by the endpoint", store.setAside.get("epoch-12.1.ops"));
    assertEquals(List.of("ops 1: HTTP 404 Not Found: refused by the endpoint"), parked);
    assertTrue(store.pending.isEmpty());
  }

  @Test
  void aUsedUpBudgetParksItsEndpointOnlyAndAProbeResumesIt() {
    ScriptedTransport dead = new ScriptedTransport().failing(9, "connection refused");
    ScriptedTransport alive = new ScriptedTransport();
    dispatcher.endpoints(List.of(new Dispatcher.Endpoint("dead", dead, RETRY), new Dispatcher.Endpoint("alive", alive, RETRY)));
    add(d("dead", 1, "VI_1"), d("dead", 2, "VI_2"), d("alive", 1, "VI_1"), d("alive", 2, "VI_2"));
    assertEquals(2, alive.sent.size(), "the other endpoint is not held up");
    timers.advance(Duration.ofSeconds(4));
    // VI_1 and VI_2 fail side by side; VI_1 uses up its 4 attempts (retry_max_attempts) first and parks the endpoint
    assertEquals(1, parked.size(), parked.toString());
    assertTrue(parked.get(0).matches("dead [12] endpoint, held 2: gave up on event [12] after 4 attempts \\(connection refused\\);"
        + " 2 deliveries held, probing every 8.0 s"), parked.get(0));
    assertTrue(dispatcher.status().get(0).parked(), dead.sent.toString());
    int sent = dead.sent.size();
    timers.advance(Duration.ofSeconds(7));
    assertEquals(sent, dead.sent.size(), "parked: nothing before the probe (retry_max_delay 8 s)");
    timers.advance(Duration.ofSeconds(1));
    assertEquals(sent + 1, dead.sent.size(), "the probe: the oldest delivery");
    assertEquals(2, store.pending.values().stream().filter(x -> x.endpoint().equals("dead")).count(), "all kept");
    // the endpoint is back: the probe's answer resumes every lane, in order
    timers.advance(Duration.ofSeconds(8));
    assertFalse(dispatcher.status().get(0).parked());
    assertTrue(store.pending.isEmpty(), store.pending.toString());
    assertTrue(dead.sent.get(sent).startsWith("VI_1#1 retry "), "the probe took the oldest: " + dead.sent);
    assertEquals(sent + 3, dead.sent.size(), "the probe that failed, the one that answered, then the other lane");
  }

  @Test
  void aRemovedEndpointsDeliveriesAreDropped() {
    ScriptedTransport hook = new ScriptedTransport();
    hook.hold = true;
    dispatcher.endpoints(List.of(new Dispatcher.Endpoint("ops", hook, RETRY)));
    add(d("ops", 1, "VI_1"), d("ops", 2, "VI_1"));
    dispatcher.endpoints(List.of());
    assertTrue(hook.closed);
    assertTrue(store.pending.isEmpty());
    hook.held.get(0).complete(new Attempt.Delivered("200"));
    assertEquals(1, hook.sent.size(), "nothing more to it");
  }
}
