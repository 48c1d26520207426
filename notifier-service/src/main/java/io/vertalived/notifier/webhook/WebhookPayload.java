package io.vertalived.notifier.webhook;

import io.vertalived.core.config.model.Webhook;
import io.vertalived.core.journal.PublishedEvent;
import io.vertx.core.json.JsonObject;

/**
 * The body of a webhook request (docs/notifier.md): our JSON — journal id, type, node, instance
 * (or real server and virtual server, or endpoint), from, to, priority, reason, timestamp — or a
 * Slack incoming webhook's {@code {"text": ...}} with the same facts in one line.
 */
public final class WebhookPayload {
  private WebhookPayload() {}

  public static String body(Webhook.Format format, PublishedEvent e) {
    return format == Webhook.Format.SLACK ? slack(e) : json(e).encode();
  }

  public static JsonObject json(PublishedEvent e) {
    return e.payload();
  }

  static String slack(PublishedEvent e) {
    return new JsonObject().put("text", text(e)).encode();
  }

  /** One line for a chat: {@code [lb1] VRRP Instance VI_1 BACKUP -> MASTER (priority 150): reason}. */
  public static String text(PublishedEvent e) {
    String what = switch (e.type()) {
      case PublishedEvent.VRRP -> "VRRP Instance " + e.subject() + " " + e.from() + " -> " + e.to() + " (priority "
          + e.priority() + ")";
      case PublishedEvent.GROUP -> "VRRP Group " + e.subject() + " " + e.from() + " -> " + e.to();
      case PublishedEvent.REAL_SERVER -> "Realserver " + e.subject() + " of virtual server " + e.virtualServer() + " "
          + e.to();
      case PublishedEvent.CONFIG -> "configuration " + e.to().toLowerCase(java.util.Locale.ROOT) + " (" + e.subject() + ")";
      case PublishedEvent.PARKED -> "notifier endpoint " + e.subject() + ": " + e.to().toLowerCase(java.util.Locale.ROOT)
          .replace('_', ' ');
      case PublishedEvent.ALERT -> (e.to().equals("RAISED") ? "ALERT " : "alert cleared: ") + e.from().replace('_', ' ')
          + " on VRRP Instance " + e.subject();
      case PublishedEvent.QUORUM -> "Virtual server " + e.subject() + " quorum " + e.to();
      case PublishedEvent.LVS_CHANGE -> e.subject() + " table " + e.to().toLowerCase(java.util.Locale.ROOT) + " ("
          + e.from() + ")";
      default -> e.type();
    };
    return "[" + e.node() + "] " + what + (e.reason() == null || e.reason().isEmpty() ? "" : ": " + e.reason());
  }
}
