package io.vertalived.notifier.webhook;

import io.vertalived.core.config.model.Webhook;
import io.vertalived.notifier.event.NotifierEvent;
import io.vertx.core.json.JsonObject;

/**
 * The body of a webhook request (docs/notifier.md): our JSON — journal id, type, node, instance
 * (or real server and virtual server, or endpoint), from, to, priority, reason, timestamp — or a
 * Slack incoming webhook's {@code {"text": ...}} with the same facts in one line.
 */
public final class WebhookPayload {
  private WebhookPayload() {}

  public static String body(Webhook.Format format, NotifierEvent e) {
    return format == Webhook.Format.SLACK ? slack(e) : json(e).encode();
  }

  public static JsonObject json(NotifierEvent e) {
    JsonObject o = new JsonObject().put("id", e.id()).put("type", e.type()).put("node", e.node());
    switch (e.type()) {
      case NotifierEvent.VRRP, NotifierEvent.GROUP -> o.put("instance", e.subject())
          .put("group", e.type().equals(NotifierEvent.GROUP));
      case NotifierEvent.REAL_SERVER -> o.put("real_server", e.subject()).put("virtual_server", e.virtualServer());
      case NotifierEvent.PARKED -> o.put("endpoint", e.subject());
      case NotifierEvent.CONFIG -> o.put("trigger", e.subject());
      default -> { }
    }
    o.put("from", e.from()).put("to", e.to());
    if (e.priority() != null) {
      o.put(e.type().equals(NotifierEvent.REAL_SERVER) ? "weight" : "priority", e.priority());
    }
    return o.put("reason", e.reason()).put("timestamp", e.timestamp() == null ? null : e.timestamp().toString());
  }

  static String slack(NotifierEvent e) {
    return new JsonObject().put("text", text(e)).encode();
  }

  /** One line for a chat: {@code [lb1] VRRP Instance VI_1 BACKUP -> MASTER (priority 150): reason}. */
  public static String text(NotifierEvent e) {
    String what = switch (e.type()) {
      case NotifierEvent.VRRP -> "VRRP Instance " + e.subject() + " " + e.from() + " -> " + e.to() + " (priority "
          + e.priority() + ")";
      case NotifierEvent.GROUP -> "VRRP Group " + e.subject() + " " + e.from() + " -> " + e.to();
      case NotifierEvent.REAL_SERVER -> "Realserver " + e.subject() + " of virtual server " + e.virtualServer() + " "
          + e.to();
      case NotifierEvent.CONFIG -> "configuration " + e.to().toLowerCase(java.util.Locale.ROOT) + " (" + e.subject() + ")";
      case NotifierEvent.PARKED -> "notifier endpoint " + e.subject() + ": " + e.to().toLowerCase(java.util.Locale.ROOT)
          .replace('_', ' ');
      default -> e.type();
    };
    return "[" + e.node() + "] " + what + (e.reason() == null || e.reason().isEmpty() ? "" : ": " + e.reason());
  }
}
