package io.vertalived.notifier.delivery;

import java.time.Duration;

/**
 * What one try to deliver came to: delivered, or failed with a reason — retryable (a 5xx, 408,
 * 429, a timeout, a connection that failed) with the wait the endpoint asked for if it did
 * ({@code Retry-After}), or refused for good (another 4xx, a redirect).
 */
public sealed interface Attempt {
  record Delivered(String detail) implements Attempt {}

  record Failed(String reason, boolean retryable, Duration retryAfter) implements Attempt {
    public static Failed retry(String reason) {
      return new Failed(reason, true, null);
    }

    public static Failed refused(String reason) {
      return new Failed(reason, false, null);
    }
  }
}
