package io.vertalived.notifier.webhook;

import io.vertalived.notifier.delivery.Attempt;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What an endpoint's HTTP answer means for a delivery (docs/notifier.md): 2xx delivered; 408,
 * 429 and 5xx retried, after {@code Retry-After} when the answer has one (seconds or an HTTP
 * date); a redirect is not followed and, like any other status, refuses the delivery for good.
 */
public final class HttpVerdict {
  private HttpVerdict() {}

  public static Attempt of(int status, String statusMessage, String retryAfter, String location, Instant now) {
    String what = "HTTP " + status + (statusMessage == null || statusMessage.isEmpty() ? "" : " " + statusMessage);
    if (status >= 200 && status < 300) {
      return new Attempt.Delivered(what);
    }
    if (status == 408 || status == 429 || status >= 500 && status < 600) {
      return new Attempt.Failed(what, true, retryAfter(retryAfter, now));
    }
    if (status >= 300 && status < 400) {
      return Attempt.Failed.refused(what + ": redirect" + (location == null ? "" : " to " + redirectTarget(location))
          + " not followed (configure the final url)");
    }
    return Attempt.Failed.refused(what + ": refused by the endpoint");
  }

  /** Retry-After as a wait from {@code now}; null when absent or unreadable. */
  static Duration retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.chars().allMatch(Character::isDigit) && v.length() <= 9) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Where a redirect points, without its path and query (they may hold a secret). */
  static String redirectTarget(String location) {
    try {
      java.net.URI u = java.net.URI.create(location);
      return u.getHost() == null ? "a relative location" : u.getScheme() + "://" + u.getHost()
          + (u.getPort() < 0 ? "" : ":" + u.getPort()) + "/...";
    } catch (IllegalArgumentException e) {
      return "an invalid location";
    }
  }
}
