package io.vertalived.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.Webhook;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Exponential backoff with jitter and a cap; Retry-After instead; the retry budget. */
class BackoffTest {
  private static final Webhook.Retry R = new Webhook.Retry(1, 60, 5, 3600);

  @Test
  void theDelayDoublesWithJitterUpToTheCap() {
    assertEquals(Duration.ofMillis(500), Backoff.delay(R, 1, null, 0));
    assertEquals(Duration.ofMillis(999), Backoff.delay(R, 1, null, 0.998).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertEquals(Duration.ofSeconds(4), Backoff.delay(R, 4, null, 0));
    assertEquals(Duration.ofSeconds(30), Backoff.delay(R, 7, null, 0), "64 s capped at 60, half of it at the least");
    assertEquals(Duration.ofSeconds(60), Backoff.delay(R, 1000, null, 1.0));
    assertEquals(Duration.ofSeconds(120), Backoff.delay(R, 2, Duration.ofSeconds(120), 0.3), "Retry-After wins");
  }

  @Test
  void theBudgetIsTheAttemptsAndTheEventsAge() {
    Instant event = Instant.parse("2026-12-01T17:00:00Z");
    assertTrue(Backoff.withinBudget(R, 4, event, event.plusSeconds(10)));
    assertFalse(Backoff.withinBudget(R, 5, event, event.plusSeconds(10)), "retry_max_attempts 5");
    assertFalse(Backoff.withinBudget(R, 1, event, event.plusSeconds(3601)), "retry_max_age 3600");
    assertTrue(Backoff.withinBudget(new Webhook.Retry(1, 60, 0, 3600), 10_000, event, event.plusSeconds(3600)),
        "0 attempts: no limit but the age");
  }
}
