package io.vertalived.notifier.webhook;

import io.vertalived.core.config.model.Webhook;
import io.vertalived.core.journal.PublishedEvent;

/**
 * Whether a webhook wants an event (docs/notifier.md): its type among {@code events}; its
 * subject among {@code instances} when that is given (a VRRP instance or group; for a real
 * server, the real server or its virtual server); its VRRP state among {@code states} when that
 * is given (VRRP events only).
 */
public final class WebhookFilter {
  private WebhookFilter() {}

  public static boolean wants(Webhook w, PublishedEvent e) {
    if (!w.events().contains(e.type())) {
      return false;
    }
    if (!w.instances().isEmpty() && !w.instances().contains(e.subject())
        && (e.virtualServer() == null || !w.instances().contains(e.virtualServer()))) {
      return false;
    }
    boolean vrrp = e.type().equals(PublishedEvent.VRRP) || e.type().equals(PublishedEvent.GROUP);
    return !vrrp || w.states().isEmpty() || w.states().contains(e.to());
  }
}
