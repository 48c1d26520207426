package io.vertalived.notifier.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertalived.notifier.delivery.Attempt;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An endpoint's answer: delivered, retried (after Retry-After when given) or refused for good. */
class HttpVerdictTest {
  private static final Instant NOW = Instant.parse("2026-12-01T17:00:00Z");

  private static Attempt of(int status) {
    return HttpVerdict.of(status, "X", null, null, NOW);
  }

  @Test
  void twoHundredsAreDeliveredFourHundredsRefusedFiveHundredsRetried() {
    assertInstanceOf(Attempt.Delivered.class, of(200));
    assertInstanceOf(Attempt.Delivered.class, of(204));
    for (int retried : new int[] {408, 429, 500, 502, 503}) {
      assertEquals(true, ((Attempt.Failed) of(retried)).retryable(), "HTTP " + retried);
    }
    for (int refused : new int[] {400, 401, 403, 404, 410, 422, 100}) {
      assertEquals(false, ((Attempt.Failed) of(refused)).retryable(), "HTTP " + refused);
    }
  }

  @Test
  void retryAfterInSecondsOrAsADate() {
    Attempt.Failed secs = (Attempt.Failed) HttpVerdict.of(429, "Too Many Requests", "7", null, NOW);
    assertEquals(Duration.ofSeconds(7), secs.retryAfter());
    Attempt.Failed date = (Attempt.Failed) HttpVerdict.of(503, "Service Unavailable", "Tue, 01 Dec 2026 17:02:00 GMT", null, NOW);
    assertEquals(Duration.ofMinutes(2), date.retryAfter());
    assertEquals(null, ((Attempt.Failed) HttpVerdict.of(503, "", "soon", null, NOW)).retryAfter(), "unreadable: ignored");
  }

  @Test
  void aRedirectIsNotFollowedAndItsPathIsNotShown() {
    Attempt.Failed f = (Attempt.Failed) HttpVerdict.of(302, "Found", null, "https://hooks.example.net/T000/B000/XXXX", NOW);
    assertEquals(false, f.retryable());
    assertEquals("HTTP 302 Found: redirect to https://hooks.example.net/... not followed (configure the final url)", f.reason());
  }
}
