package io.vertalived.notifier.delivery;

import io.vertalived.core.config.model.Webhook;
import java.time.Duration;
import java.time.Instant;

/**
 * When to try again (docs/notifier.md): the delay doubles from the first, capped, with jitter
 * (a random half of it, so that endpoints failed together do not retry together); an endpoint's
 * {@code Retry-After} is honoured instead. A delivery has used up its budget after the last
 * attempt allowed, or when the next try would fall beyond its event's age limit. Pure.
 */
public final class Backoff {
  private Backoff() {}

  /** The wait after {@code attempts} failed attempts (1 or more); {@code random} in [0, 1). */
  public static Duration delay(Webhook.Retry r, int attempts, Duration retryAfter, double random) {
    if (retryAfter != null) {
      return retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }
    double base = r.initialDelay() * Math.pow(2, Math.max(0, Math.min(attempts - 1, 62)));
    double capped = Math.min(base, r.maxDelay());
    return Duration.ofNanos((long) (capped * (0.5 + 0.5 * random) * 1e9));
  }

  /** Whether a delivery of an event at {@code eventTime} may be tried again at {@code nextTry}. */
  public static boolean withinBudget(Webhook.Retry r, int attempts, Instant eventTime, Instant nextTry) {
    if (r.maxAttempts() > 0 && attempts >= r.maxAttempts()) {
      return false;
    }
    return eventTime == null || !nextTry.isAfter(eventTime.plusMillis((long) (r.maxAge() * 1000)));
  }
}
