package io.vertalived.core.journal;

import io.vertalived.core.bus.ConfigReloaded;
import io.vertalived.core.bus.DeliveryParked;
import io.vertalived.core.bus.LvsChange;
import io.vertalived.core.bus.LvsQuorum;
import io.vertalived.core.bus.RealServerState;
import io.vertalived.core.bus.VrrpAlert;
import io.vertalived.core.bus.VrrpTransition;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A journal entry as vertalived shows it outside (webhooks, the SSE stream; docs/notifier.md):
 * its type ({@code vrrp_transition}, {@code sync_group}, {@code real_server},
 * {@code config_reloaded}, {@code delivery_parked}, {@code alert}: from is its kind, to RAISED or
 * CLEARED; {@code quorum}: a virtual server UP or DOWN; {@code lvs_change}: the backend APPLIED or FAILED),
 * its subject (the VRRP instance or group,
 * the real server, the endpoint), and from, to, priority and reason where the event has them.
 * {@link #of} is null for an entry of a type that is not shown outside.
 *
 * @param virtualServer the virtual server of a real server's event, else null
 */
public record PublishedEvent(long id, String type, String node, Instant timestamp, String subject,
                            String virtualServer, String from, String to, Integer priority, String reason) {
  public static final String VRRP = "vrrp_transition";
  public static final String GROUP = "sync_group";
  public static final String REAL_SERVER = "real_server";
  public static final String CONFIG = "config_reloaded";
  public static final String PARKED = "delivery_parked";
  public static final String ALERT = "alert";
  public static final String QUORUM = "quorum";
  public static final String LVS_CHANGE = "lvs_change";

  /** The event of a journal entry, or null for a type the notifier does not send. */
  public static PublishedEvent of(JournalEntry e) {
    return switch (e.type()) {
      case "VrrpTransition" -> {
        VrrpTransition t = e.decode(VrrpTransition.class);
        yield new PublishedEvent(e.id(), t.group() ? GROUP : VRRP, t.node(), t.timestamp(), t.instance(), null,
            t.from(), t.to(), t.priority(), t.reason());
      }
      case "RealServerState" -> {
        RealServerState r = e.decode(RealServerState.class);
        yield new PublishedEvent(e.id(), REAL_SERVER, r.node(), r.timestamp(), r.realServer(), r.virtualServer(),
            r.alive() ? "DOWN" : "UP", r.alive() ? "UP" : "DOWN", r.weight(), r.reason());
      }
      case "ConfigReloaded" -> {
        ConfigReloaded c = e.decode(ConfigReloaded.class);
        String why = c.accepted() ? String.join("; ", c.changes()) : String.join("; ", c.problems());
        yield new PublishedEvent(e.id(), CONFIG, c.node(), c.timestamp(), c.trigger(), null, null,
            c.accepted() ? "ACCEPTED" : "REFUSED", null, why);
      }
      case "DeliveryParked" -> {
        DeliveryParked p = e.decode(DeliveryParked.class);
        yield new PublishedEvent(e.id(), PARKED, p.node(), p.timestamp(), p.endpoint(), null, null,
            p.endpointParked() ? "ENDPOINT_PARKED" : "DELIVERY_PARKED", null, p.reason());
      }
      case "VrrpAlert" -> {
        VrrpAlert a = e.decode(VrrpAlert.class);
        yield new PublishedEvent(e.id(), ALERT, a.node(), a.timestamp(), a.instance(), null, a.kind(),
            a.active() ? "RAISED" : "CLEARED", null, a.detail());
      }
      case "LvsQuorum" -> {
        LvsQuorum q = e.decode(LvsQuorum.class);
        yield new PublishedEvent(e.id(), QUORUM, q.node(), q.timestamp(), q.virtualServer(), q.virtualServer(),
            q.up() ? "DOWN" : "UP", q.up() ? "UP" : "DOWN", (int) Math.min(Integer.MAX_VALUE, q.aliveWeight()),
            q.detail());
      }
      case "LvsChange" -> {
        LvsChange c = e.decode(LvsChange.class);
        yield new PublishedEvent(e.id(), LVS_CHANGE, c.node(), c.timestamp(), c.backend(), null, c.trigger(),
            c.failures().isEmpty() ? "APPLIED" : "FAILED", c.operations().size(),
            String.join("; ", c.failures().isEmpty() ? c.operations() : c.failures()));
      }
      default -> null;
    };
  }

  /** The lane its deliveries take: events of one subject are delivered in order, one at a time. */
  public String lane() {
    return type.equals(REAL_SERVER) ? virtualServer + "/" + subject : type.equals(VRRP) || type.equals(GROUP)
        ? "vrrp/" + subject : type.equals(ALERT) ? "alert/" + subject : type.equals(QUORUM) ? "quorum/" + subject
        : type;
  }

  /** The same event at another time (tests, and a transition re-dated). */
  public PublishedEvent withTimestamp(Instant t) {
    return new PublishedEvent(id, type, node, t, subject, virtualServer, from, to, priority, reason);
  }

  /**
   * The event as webhooks and the SSE stream carry it: journal id, type, node, the subject
   * (instance and group flag; real and virtual server; endpoint; trigger), from, to, priority
   * (a real server's weight), reason, timestamp.
   */
  public JsonObject payload() {
    JsonObject o = new JsonObject().put("id", id).put("type", type).put("node", node);
    switch (type) {
      case VRRP, GROUP -> o.put("instance", subject).put("group", type.equals(GROUP));
      case ALERT -> o.put("instance", subject);
      case REAL_SERVER -> o.put("real_server", subject).put("virtual_server", virtualServer);
      case PARKED -> o.put("endpoint", subject);
      case CONFIG -> o.put("trigger", subject);
      case QUORUM -> o.put("virtual_server", subject);
      case LVS_CHANGE -> o.put("backend", subject);
      default -> { }
    }
    o.put("from", from).put("to", to);
    if (priority != null) {
      o.put(type.equals(REAL_SERVER) ? "weight" : type.equals(QUORUM) ? "alive_weight"
          : type.equals(LVS_CHANGE) ? "operations" : "priority", priority);
    }
    return o.put("reason", reason).put("timestamp", timestamp == null ? null : timestamp.toString());
  }

  /** As stored with a pending delivery, and read back by {@link #fromJson}. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("type", type).put("node", node)
        .put("timestamp", timestamp == null ? null : timestamp.toString()).put("subject", subject)
        .put("virtualServer", virtualServer).put("from", from).put("to", to).put("priority", priority)
        .put("reason", reason);
  }

  public static PublishedEvent fromJson(JsonObject o) {
    String t = o.getString("timestamp");
    return new PublishedEvent(o.getLong("id"), o.getString("type"), o.getString("node"), t == null ? null : Instant.parse(t),
        o.getString("subject"), o.getString("virtualServer"), o.getString("from"), o.getString("to"),
        o.getInteger("priority"), o.getString("reason"));
  }
}
