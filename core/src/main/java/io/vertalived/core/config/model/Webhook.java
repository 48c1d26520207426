package io.vertalived.core.config.model;

import java.util.List;
import java.util.Set;

/**
 * A {@code vertalived_webhook NAME { }} block (docs/notifier.md): an HTTP endpoint the notifier
 * posts events to, signed with {@code secret}. The URL is a secret too (a Slack incoming-webhook
 * URL is its own credential): logs and dumps show {@link #displayUrl()} only.
 *
 * @param events the event types it wants ({@link #EVENT_TYPES})
 * @param instances the VRRP instances, sync groups, virtual or real servers it wants (empty: all)
 * @param states the VRRP states it wants transitions to (empty: all)
 * @param timeout seconds for one request, connection to last byte
 * @param headers extra request headers, in order
 */
public record Webhook(String name, Secret url, String displayUrl, Secret secret, Format format, Set<String> events,
                      Set<String> instances, Set<String> states, double timeout, List<Header> headers, Retry retry) {
  /** The event types a webhook can ask for. */
  public static final List<String> EVENT_TYPES = List.of("vrrp_transition", "sync_group", "real_server",
      "config_reloaded", "delivery_parked", "alert", "quorum", "lvs_change");
  /** The events of a webhook that names none: a failover, and a split brain. */
  public static final Set<String> DEFAULT_EVENTS = Set.of("vrrp_transition", "sync_group", "alert");

  public Webhook {
    events = Set.copyOf(events);
    instances = Set.copyOf(instances);
    states = Set.copyOf(states);
    headers = List.copyOf(headers);
  }

  /** The payload: our JSON, or a Slack incoming webhook's {@code {"text": ...}}. */
  public enum Format { JSON, SLACK }

  public record Header(String name, String value) {}

  /**
   * Exponential backoff with jitter from {@code initialDelay} doubling to {@code maxDelay}
   * seconds; a delivery is given up (parked) after {@code maxAttempts} attempts (0: no limit)
   * or {@code maxAge} seconds after its event, whichever comes first.
   */
  public record Retry(double initialDelay, double maxDelay, int maxAttempts, double maxAge) {
    public static final Retry DEFAULT = new Retry(1, 300, 0, 86_400);
  }
}
