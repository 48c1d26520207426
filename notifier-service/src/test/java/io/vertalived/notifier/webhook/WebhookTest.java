package io.vertalived.notifier.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.Secret;
import io.vertalived.core.config.model.Webhook;
import io.vertalived.notifier.event.Events;
import io.vertalived.core.journal.PublishedEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a webhook wants, what it receives and how it is signed (docs/notifier.md). */
class WebhookTest {
  static Webhook hook(Set<String> events, Set<String> instances, Set<String> states) {
    return new Webhook("ops", new Secret("http://198.18.0.9/hook"), "http://198.18.0.9/...", new Secret("s3cret"),
        Webhook.Format.JSON, events, instances, states, 5, List.of(), Webhook.Retry.DEFAULT);
  }

  @Test
  void aWebhookWantsItsEventTypesSubjectsAndStates() {
    PublishedEvent master = Events.transition(1, "VI_1", "BACKUP", "MASTER", 150);
    PublishedEvent fault = Events.transition(2, "VI_1", "MASTER", "FAULT", 150);
    PublishedEvent rsDown = Events.realServer(3, "[198.18.0.1]:tcp:80", "198.18.0.2:80", false);
    Webhook failover = hook(Webhook.DEFAULT_EVENTS, Set.of(), Set.of());
    assertTrue(WebhookFilter.wants(failover, master));
    assertFalse(WebhookFilter.wants(failover, rsDown), "real servers only when asked for");
    Webhook masters = hook(Webhook.DEFAULT_EVENTS, Set.of("VI_1"), Set.of("MASTER"));
    assertTrue(WebhookFilter.wants(masters, master));
    assertFalse(WebhookFilter.wants(masters, fault));
    assertFalse(WebhookFilter.wants(masters, Events.transition(4, "VI_2", "BACKUP", "MASTER", 100)));
    Webhook pool = hook(Set.of("real_server"), Set.of("[198.18.0.1]:tcp:80"), Set.of("MASTER"));
    assertTrue(WebhookFilter.wants(pool, rsDown), "by its virtual server; states are VRRP's only");
  }

  @Test
  void theJsonPayloadCarriesTheJournalIdAndTheTransition() {
    JsonObject o = new JsonObject(WebhookPayload.body(Webhook.Format.JSON, Events.transition(42, "VI_1", "BACKUP", "MASTER", 150)));
    assertEquals(new JsonObject().put("id", 42).put("type", "vrrp_transition").put("node", "lb1").put("instance", "VI_1")
        .put("group", false).put("from", "BACKUP").put("to", "MASTER").put("priority", 150)
        .put("reason", "master down timer expired").put("timestamp", "2026-12-01T17:00:00.250Z"), o);
    JsonObject rs = WebhookPayload.json(Events.realServer(43, "[198.18.0.1]:tcp:80", "198.18.0.2:80", false));
    assertEquals("198.18.0.2:80", rs.getString("real_server"));
    assertEquals("[198.18.0.1]:tcp:80", rs.getString("virtual_server"));
    assertEquals(0, rs.getInteger("weight"));
    assertEquals("DOWN", rs.getString("to"));
  }

  @Test
  void theSlackPayloadIsOneLineOfText() {
    assertEquals(new JsonObject().put("text", "[lb1] VRRP Instance VI_1 BACKUP -> MASTER (priority 150): master down timer expired"),
        new JsonObject(WebhookPayload.body(Webhook.Format.SLACK, Events.transition(42, "VI_1", "BACKUP", "MASTER", 150))));
  }

  @Test
  void aSignatureIsTheHmacOfTimestampDotBody() {
    byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
    String sig = WebhookSignature.sign("s3cret", 1764608400L, body);
    // printf '%s' '1764608400.{"id":1}' | openssl dgst -sha256 -hmac s3cret
    assertEquals("sha256=426217b820f526d7e5685bee3f65c40ebc6a1797a83c608620df7ab73eabd6e1", sig);
    assertTrue(WebhookSignature.verify("s3cret", 1764608400L, body, sig));
    assertFalse(WebhookSignature.verify("s3cret", 1764608401L, body, sig), "another timestamp");
    assertFalse(WebhookSignature.verify("other", 1764608400L, body, sig), "another secret");
    assertFalse(WebhookSignature.verify("s3cret", 1764608400L, "{\"id\":2}".getBytes(StandardCharsets.UTF_8), sig));
  }
}
